package inferlab.sandbox;

import inferlab.tool.ToolResult.Status;
import inferlab.tool.ToolResult;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A sandboxed Java interpreter for tool use: a snippet is compiled in one JVM ({@link CompilerProcess}),
 * checked here, and run in another; its value or its failure comes back as a {@link ToolResult}.
 *
 * <p>Defence in depth (the SecurityManager is deprecated for removal since JDK 17 and disabled for good
 * since JDK 24, JEP 486):
 * <ol>
 *   <li>Policy ({@link SnippetPolicy}): the compiled classes ({@link SnippetCompiler}) may reference only an
 *       allowlist of pure-computation classes and members; anything else is refused before it runs.</li>
 *   <li>JVM limits: heap ({@code -Xmx}), metaspace, thread stack, one visible processor, serial GC, only the
 *       module java.base ({@code --limit-modules}), no {@code --add-opens}, a class path holding
 *       {@link SnippetRunner} alone, a fresh empty working directory that is read-only to the child, an
 *       empty environment, a common fork-join pool without threads (a stream of the snippet's own that says
 *       it is parallel makes {@code Stream.concat} parallel, past the policy's refusal of {@code parallel}).</li>
 *   <li>Parent-side limits: a wall-clock timeout and an output cap; on either the sandbox JVM is killed
 *       with its whole process group and every descendant. javac gets a heap and a time limit of its own:
 *       hostile source costs the compiler JVM, never the caller's.</li>
 *   <li>OS isolation where available ({@link OsSandbox}): no network, own PID namespace with its own
 *       {@code /proc}, read-only mounts, unprivileged user, rlimits. Without it a warning is printed once.</li>
 * </ol>
 * A sandbox JVM serves snippet after snippet, each in a fresh class loader, as long as each returns normally,
 * has no exception handler ({@link SnippetPolicy#mayCatch}) and leaves nothing behind: after a full collection
 * its loader must be gone and the heap nearly empty ({@link SnippetRunner}), for a JDK-wide cache can keep a
 * snippet's objects. Nor may a snippet that used the JDK's locale, calendar or text classes hand it on
 * ({@link SnippetPolicy#mayFillJdkCaches}): their caches can keep a wrong answer made of JDK objects alone, which
 * no collection reveals. The JDK's classes are shared too: a stack overflow or out-of-memory error inside a JDK
 * class's static initializer leaves that class unusable ("Could not initialize class") for every later
 * snippet, so a snippet that could have survived an {@link Error}, by its own handler or by a JDK method that
 * turns it into an exception, may not hand its JVM on. After any other end (an exception, a timeout, an output flood, a crash)
 * or a snippet run without the policy check, the JVM is killed too, and a spare, started ahead of need,
 * takes over. So a plain call costs a compile (tens of
 * milliseconds once javac is warm) and a class load; a JVM start is paid ahead, between calls.
 */
public final class CodeInterpreter implements AutoCloseable {

    /**
     * @param timeout        wall-clock limit per snippet, measured from when the snippet is sent; javac gets
     *                       twice as long on it, in its own JVM ({@link CompilerProcess})
     * @param heapMb         -Xmx of the sandbox JVM
     * @param maxOutputBytes bytes of output (printed text and value) before the sandbox JVM is killed
     * @param policyCheck    whether {@link SnippetPolicy} decides what runs (tests turn it off to exercise
     *                       the JVM and OS layers alone)
     */
    public record Limits(Duration timeout, int heapMb, int maxOutputBytes, boolean policyCheck) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(5), 128, 64 * 1024, true);
        }

        public Limits withPolicyCheck(boolean on) {
            return new Limits(timeout, heapMb, maxOutputBytes, on);
        }

        public Limits withTimeout(Duration t) {
            return new Limits(t, heapMb, maxOutputBytes, policyCheck);
        }
    }

    /** Longer snippets are refused: tool calls are short. */
    static final int MAX_SNIPPET_CHARS = 16_000;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final Limits limits;
    private final OsSandbox os;
    private final CompilerProcess compiler;
    private Worker current;
    private Worker spare;
    private boolean closed;

    /** An interpreter with the default limits and every OS layer that works here. */
    public CodeInterpreter() {
        this(Limits.defaults(), OsSandbox.detect());
    }

    /** Starts a sandbox JVM and the compiler JVM right away, so both are ready when the first snippet comes. */
    public CodeInterpreter(Limits limits, OsSandbox os) {
        this.limits = limits;
        this.os = os;
        if (!os.isolatesNetwork() && !WARNED.getAndSet(true)) {
            System.err.println("warning: no OS sandbox here (unshare is missing or not permitted): snippets are held "
                    + "by the bytecode allowlist and JVM limits only");
        }
        this.compiler = new CompilerProcess(os);
        this.current = startQuietly();
    }

    public Limits limits() {
        return limits;
    }

    public OsSandbox os() {
        return os;
    }

    /** Runs one snippet (expressions, statements, declarations) and returns its result or its failure. */
    public synchronized ToolResult run(String code) {
        long t0 = System.nanoTime();
        if (closed) throw new IllegalStateException("the interpreter is closed");
        if (code.length() > MAX_SNIPPET_CHARS) {
            return new ToolResult(Status.REJECTED, "", "", "snippet longer than " + MAX_SNIPPET_CHARS + " characters", since(t0));
        }
        SnippetCompiler.Output compiled;
        try {
            compiled = compiler.compile(code, limits.timeout().multipliedBy(2));
        } catch (CompilerProcess.Failed f) {
            return new ToolResult(f.status, "", "", f.getMessage(), since(t0));
        }
        if (!compiled.ok()) return new ToolResult(Status.COMPILE_ERROR, "", "", compiled.errors(), since(t0));
        if (limits.policyCheck()) {
            Optional<String> why = SnippetPolicy.check(compiled.classes());
            if (why.isPresent()) return new ToolResult(Status.REJECTED, "", "", why.get(), since(t0));
        }
        if (current != null && !current.process.isAlive()) { // killed from outside between snippets
            current.destroy();
            current = null;
        }
        Worker worker = current != null ? current : spare != null ? spare : null;
        if (worker == spare) spare = null;
        current = null;
        if (worker == null) {
            try {
                worker = Worker.start(limits, os);
            } catch (UncheckedIOException e) {
                // a machine out of processes or memory for a moment: a failed call, not a dead interpreter
                return new ToolResult(Status.CRASHED, "", "", e.getMessage(), since(t0));
            }
        }
        if (spare == null) spare = startQuietly();
        ToolResult r = worker.run(compiled.classes(), limits, t0);
        if (r.ok() && limits.policyCheck() && !SnippetPolicy.mayCatch(compiled.classes())
                && !SnippetPolicy.mayFillJdkCaches(compiled.classes()) && worker.clean && worker.hasBudgetLeft(limits)) {
            current = worker;
        } else {
            worker.destroy();
        }
        return r;
    }

    /** A new sandbox JVM, or null if it cannot start now (the next call tries again). */
    private Worker startQuietly() {
        try {
            return Worker.start(limits, os);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** Kills the sandbox JVMs. */
    @Override
    public synchronized void close() {
        for (Worker w : new Worker[] {current, spare}) if (w != null) w.destroy();
        current = spare = null;
        closed = true;
        compiler.close();
    }

    /** A process for a sandbox or compiler JVM: {@code cmd} in {@code dir}, with an empty environment but PATH and LANG. */
    static ProcessBuilder childProcess(List<String> cmd, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LANG", "C.UTF-8");
        return pb;
    }

    /** Copies a class and its nested classes, as class files, into a class path directory. */
    static void writeClassFiles(Class<?> top, Path classes) throws IOException {
        Path packageDir = classes.resolve(top.getPackageName().replace('.', '/'));
        Files.createDirectories(packageDir);
        for (Class<?> c : top.getNestMembers()) {
            String file = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = top.getResourceAsStream(file)) {
                if (in == null) throw new IOException(file + " is not readable from the class path");
                Files.copy(in, packageDir.resolve(file));
            }
        }
    }

    /** Makes a directory tree readable and traversable for an unprivileged child, writable by nobody. */
    static void readOnlyForAll(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }

    /** Deletes a directory tree, read-only parts too; best effort: a leftover temp directory is harmless. */
    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) p.toFile().setWritable(true, true);
            for (Path p : paths) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * One sandbox JVM with its temporary directory. A reader thread drains its output from the start: the
     * first line says it is ready ({@link SnippetRunner#READY}), and only then is a snippet sent and the
     * wall-clock limit started, so a slow start on a busy machine is not charged to the snippet.
     */
    private static final class Worker {
        /** How long a JVM may take to start before it counts as crashed. */
        static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
        /** Bytes of the result line besides the value. */
        static final int FRAMING = 128;
        /** Whether {@code setsid} exists here: it gives the sandbox JVM a process group to kill as one. */
        static final boolean SETSID = OsSandbox.works(List.of("setsid"), "true");

        final Process process;
        final Path dir;
        final int cap;
        final int cpuSeconds;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean eof;
        private boolean overflow;
        private boolean ready;
        /** Whether the last snippet left the JVM as it found it ({@link SnippetRunner}'s last word). */
        boolean clean;

        private Worker(Process process, Path dir, int cap, int cpuSeconds) {
            this.process = process;
            this.dir = dir;
            this.cap = cap;
            this.cpuSeconds = cpuSeconds;
            Thread reader = new Thread(this::drain, "sandbox-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Worker start(Limits limits, OsSandbox os) {
            Path dir;
            try {
                dir = Files.createTempDirectory("inferlab-sandbox");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the sandbox directory: " + e.getMessage(), e);
            }
            try {
                Path classes = dir.resolve("classes");
                Path work = dir.resolve("work");
                writeClassFiles(SnippetRunner.class, classes);
                Files.createDirectory(work);
                readOnlyForAll(dir);
                // a backstop behind the wall-clock limit; the JVM is retired at half of it (hasBudgetLeft)
                int cpu = (int) Math.max(60, limits.timeout().toSeconds() * 8);
                List<String> cmd = new ArrayList<>();
                if (SETSID) cmd.add("setsid");
                cmd.addAll(os.prefix(cpu));
                cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--limit-modules", "java.base",
                        "-Xmx" + limits.heapMb() + "m", "-XX:MaxMetaspaceSize=64m", "-Xss1m",
                        "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
                        // the common pool runs its tasks in the caller: a parallel stream starts no thread
                        "-Djava.util.concurrent.ForkJoinPool.common.parallelism=0",
                        "-Djava.io.tmpdir=" + work, "-Duser.home=" + work,
                        "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
                        "-cp", classes.toString(), SnippetRunner.class.getName()));
                ProcessBuilder pb = childProcess(cmd, work).redirectErrorStream(true);
                return new Worker(pb.start(), dir, limits.maxOutputBytes(), cpu);
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw new UncheckedIOException("cannot start the sandbox JVM: " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }

        /** Sends the classes, waits for the result line, the limit, the end of output, or a flood. */
        ToolResult run(Map<String, byte[]> classes, Limits limits, long t0) {
            String nonce = UUID.randomUUID().toString();
            try {
                synchronized (this) {
                    long startBy = System.nanoTime() + STARTUP_LIMIT.toNanos();
                    while (!ready && !eof && System.nanoTime() < startBy) {
                        wait(Math.max(1, (startBy - System.nanoTime()) / 1_000_000));
                    }
                    if (!ready) {
                        String why = eof ? buffer.toString(StandardCharsets.UTF_8).strip()
                                : "no answer within " + STARTUP_LIMIT.toSeconds() + " s";
                        return new ToolResult(Status.CRASHED, "", "", "cannot start the sandbox JVM: " + why, since(t0));
                    }
                    buffer.reset();
                }
                try {
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
                    out.writeUTF(nonce);
                    out.writeInt(classes.size());
                    for (var e : classes.entrySet()) {
                        out.writeUTF(e.getKey());
                        out.writeInt(e.getValue().length);
                        out.write(e.getValue());
                    }
                    out.flush();
                } catch (IOException e) {
                    // the child died: reported below from its exit
                }
                return awaitResult(nonce, limits, t0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ToolResult(Status.CRASHED, "", "", "interrupted", since(t0));
            }
        }

        private synchronized ToolResult awaitResult(String nonce, Limits limits, long t0) throws InterruptedException {
            String marker = "\n" + nonce + " ";
            long deadline = System.nanoTime() + limits.timeout().toNanos();
            while (true) {
                // ISO-8859-1 keeps one char per byte, so positions are byte offsets
                String raw = buffer.toString(StandardCharsets.ISO_8859_1);
                int at = raw.indexOf(marker);
                int end = at < 0 ? -1 : raw.indexOf('\n', at + marker.length());
                if (end >= 0) {
                    buffer.reset();
                    String printed = utf8(raw.substring(0, at));
                    String[] parts = raw.substring(at + marker.length(), end).split(" ", 3); // status, base64 text (maybe empty), clean or spent
                    clean = parts[2].equals("clean");
                    String text = utf8(new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.ISO_8859_1));
                    Status status = Status.valueOf(parts[0]);
                    return status == Status.OK
                            ? new ToolResult(status, text, printed, "", since(t0))
                            : new ToolResult(status, "", printed, text, since(t0));
                }
                long left = deadline - System.nanoTime();
                if (overflow || eof || left <= 0) {
                    kill();
                    // a result line cut short by the cap (a huge value) is framing, not the snippet's output
                    String printed = utf8(at < 0 ? raw : raw.substring(0, at));
                    if (overflow) {
                        return new ToolResult(Status.OUTPUT_LIMIT, "", printed.substring(0, Math.min(printed.length(), cap)),
                                "output exceeded " + cap + " bytes", since(t0));
                    }
                    if (left <= 0 && !eof) {
                        return new ToolResult(Status.TIMEOUT, "", printed.strip(),
                                "no result within " + limits.timeout().toMillis() + " ms", since(t0));
                    }
                    process.waitFor(5, TimeUnit.SECONDS);
                    String exit = process.isAlive() ? "" : " with code " + process.exitValue();
                    return new ToolResult(Status.CRASHED, "", printed.strip(),
                            "process exited" + exit + " without a result", since(t0));
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        private static String utf8(String latin1) {
            return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }

        /**
         * Whether this JVM has CPU time left for another snippet under its rlimit. The JVM may sit below
         * setsid/unshare/prlimit, so the whole tree's CPU time counts.
         */
        boolean hasBudgetLeft(Limits limits) {
            Duration used = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus);
            return process.isAlive() && used.plus(limits.timeout().multipliedBy(2)).toSeconds() < cpuSeconds / 2;
        }

        /** Kills the JVM, its process group and anything else it started. */
        void kill() {
            List<ProcessHandle> tree = process.descendants().toList();
            if (SETSID) {
                try {
                    new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                } catch (IOException e) {
                    // no kill command: the descendants below still die
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        /** Kills, waits for the exit, deletes the directory. */
        void destroy() {
            kill();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(dir);
        }

        /** Appends everything the JVM prints; marks it ready at the READY line, kills it on a flood. */
        private void drain() {
            InputStream in = process.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (this) {
                        buffer.write(chunk, 0, n);
                        if (!ready) {
                            String raw = buffer.toString(StandardCharsets.ISO_8859_1);
                            int at = raw.indexOf(SnippetRunner.READY + "\n");
                            if (at >= 0) {
                                ready = true;
                                buffer.reset(); // JVM warnings before the line are not the snippet's output
                            }
                        } else if (buffer.size() > cap + FRAMING) {
                            overflow = true;
                            notifyAll();
                            return;
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // stream closed by the kill
            }
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }
}
