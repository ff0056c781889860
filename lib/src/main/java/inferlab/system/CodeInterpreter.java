package inferlab.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A sandboxed Java interpreter for tool use: each snippet runs in its own short-lived JVM (JShell, local
 * execution) and its value or its failure comes back as a {@link ToolResult}.
 *
 * <p>Defence in depth, since the SecurityManager is gone (JDK 24+):
 * <ol>
 *   <li>Static check ({@link SnippetPolicy}): rejects file, network, process, thread, reflection, native and
 *       exit APIs by name before anything runs.</li>
 *   <li>JVM limits: heap ({@code -Xmx}), metaspace, thread stack, one visible processor, serial GC, only the
 *       modules java.base and jdk.jshell ({@code --limit-modules}), a fresh empty working directory that is
 *       read-only to the child and deleted afterwards, an empty environment.</li>
 *   <li>Parent-side limits: a wall-clock timeout and an output cap; on either the whole process tree is
 *       killed.</li>
 *   <li>OS isolation where available ({@link OsSandbox}): no network, own PID namespace, unprivileged user,
 *       rlimits.</li>
 * </ol>
 * A fresh JVM costs about half a second of start-up plus JShell's first compile, so one child is kept
 * warm: started with the interpreter and again as soon as the previous one is taken, it boots and compiles
 * a warm-up snippet while the model generates (about 0.1 s per call then, against about 1 s cold). Each
 * child serves exactly one snippet, so no state leaks between calls.
 */
public final class CodeInterpreter implements AutoCloseable {

    /**
     * @param timeout       wall-clock limit per snippet, measured from when the snippet is sent
     * @param heapMb        -Xmx of the child (JShell's compiler itself needs about 64 MB)
     * @param maxOutputBytes bytes of output read before the child is killed
     * @param staticCheck   whether {@link SnippetPolicy} runs first (tests turn it off to exercise the rest)
     */
    public record Limits(Duration timeout, int heapMb, int maxOutputBytes, boolean staticCheck) {
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(5), 128, 64 * 1024, true);
        }

        public Limits withStaticCheck(boolean on) {
            return new Limits(timeout, heapMb, maxOutputBytes, on);
        }

        public Limits withTimeout(Duration t) {
            return new Limits(t, heapMb, maxOutputBytes, staticCheck);
        }
    }

    private static final String RUNNER = SnippetRunner.class.getName();
    /** Longer snippets are refused: tool calls are short, and the pipe to the child stays unblocked. */
    static final int MAX_SNIPPET_CHARS = 16_000;

    private final Limits limits;
    private final OsSandbox os;
    private Child warm;
    private boolean closed;

    /** An interpreter with the default limits and every OS layer that works here. */
    public CodeInterpreter() {
        this(Limits.defaults(), OsSandbox.detect());
    }

    /** Starts the first child right away, so that it is warm by the time the first snippet comes. */
    public CodeInterpreter(Limits limits, OsSandbox os) {
        this.limits = limits;
        this.os = os;
        this.warm = startQuietly();
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
        if (code.length() > MAX_SNIPPET_CHARS) {
            return new ToolResult(ToolResult.Status.REJECTED, "", "", "snippet longer than " + MAX_SNIPPET_CHARS + " characters", since(t0));
        }
        if (limits.staticCheck()) {
            Optional<String> why = SnippetPolicy.check(code);
            if (why.isPresent()) return new ToolResult(ToolResult.Status.REJECTED, "", "", why.get(), since(t0));
        }
        if (closed) throw new IllegalStateException("the interpreter is closed");
        Child child;
        try {
            child = warm != null ? warm : Child.start(limits, os);
        } catch (UncheckedIOException e) {
            // a machine out of processes or memory for a moment: a failed call, not a dead interpreter
            return new ToolResult(ToolResult.Status.CRASHED, "", "", e.getMessage(), since(t0));
        }
        warm = startQuietly();
        try {
            return child.run(code, limits, t0);
        } finally {
            child.destroy();
        }
    }

    /** The next warm child, or null if it cannot start now (the next call tries again). */
    private Child startQuietly() {
        try {
            return Child.start(limits, os);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** Kills the pre-started child. */
    @Override
    public synchronized void close() {
        if (warm != null) warm.destroy();
        warm = null;
        closed = true;
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * One child JVM with its temporary directory. A reader thread drains its output from the start: the
     * child's first line says it is warm ({@link SnippetRunner#READY}), and only then is the snippet sent
     * and the wall-clock limit started, so a slow start on a busy machine is not charged to the snippet.
     */
    private static final class Child {
        /** How long a child may take to boot and warm up before it counts as crashed. */
        static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

        final Process process;
        final Path dir;
        final int cap;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final CountDownLatch ready = new CountDownLatch(1);
        final AtomicBoolean overflow = new AtomicBoolean();
        final Thread reader;

        private Child(Process process, Path dir, int cap) {
            this.process = process;
            this.dir = dir;
            this.cap = cap;
            this.reader = new Thread(this::drain, "sandbox-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Limits limits, OsSandbox os) {
            Path dir;
            try {
                dir = Files.createTempDirectory("inferlab-sandbox");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the sandbox directory: " + e.getMessage(), e);
            }
            try {
                Path classes = dir.resolve("classes");
                Path work = dir.resolve("work");
                Path classFile = classes.resolve(RUNNER.replace('.', '/') + ".class");
                Files.createDirectories(classFile.getParent());
                try (InputStream in = SnippetRunner.class.getResourceAsStream("SnippetRunner.class")) {
                    if (in == null) throw new IOException("SnippetRunner.class is not readable from the class path");
                    Files.copy(in, classFile);
                }
                Files.createDirectory(work);
                // readable and traversable for the unprivileged child, writable by nobody
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.toList()) {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                                Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
                    }
                }
                int cpu = (int) Math.max(2, limits.timeout().toSeconds() * 2 + 30);
                List<String> cmd = new ArrayList<>(os.prefix(cpu));
                cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--limit-modules", "java.base,jdk.jshell",
                        "-Xmx" + limits.heapMb() + "m", "-XX:MaxMetaspaceSize=128m", "-Xss1m",
                        "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
                        "-Djava.io.tmpdir=" + work, "-Duser.home=" + work,
                        "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8",
                        "-cp", classes.toString(), RUNNER));
                ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
                pb.environment().clear();
                pb.environment().put("PATH", "/usr/bin:/bin");
                pb.environment().put("LANG", "C.UTF-8");
                return new Child(pb.start(), dir, limits.maxOutputBytes());
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw new UncheckedIOException("cannot start the sandbox JVM: " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }

        ToolResult run(String code, Limits limits, long t0) {
            String nonce = UUID.randomUUID().toString();
            boolean exited;
            try {
                if (!ready.await(STARTUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                    return new ToolResult(ToolResult.Status.CRASHED, "", "", "the sandbox JVM did not start within "
                            + STARTUP_LIMIT.toSeconds() + " s", since(t0));
                }
                try (OutputStream in = process.getOutputStream()) {
                    in.write((nonce + "\n" + code).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the child died before reading: reported below from its exit
                }
                exited = process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (!exited) kill();
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                return new ToolResult(ToolResult.Status.CRASHED, "", "", "interrupted", since(t0));
            }
            Duration elapsed = since(t0);
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            if (overflow.get()) {
                return new ToolResult(ToolResult.Status.OUTPUT_LIMIT, "", clip(text, cap),
                        "output exceeded " + cap + " bytes", elapsed);
            }
            if (!exited) {
                return new ToolResult(ToolResult.Status.TIMEOUT, "", text.strip(),
                        "no result within " + limits.timeout().toMillis() + " ms", elapsed);
            }
            int at = text.lastIndexOf("\n" + nonce + " ");
            if (at < 0) {
                return new ToolResult(ToolResult.Status.CRASHED, "", text.strip(),
                        "process exited with code " + process.exitValue() + " without a result", elapsed);
            }
            String[] parts = text.substring(at + 1).strip().split(" ", 3);
            String payload = parts.length > 2
                    ? new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8) : "";
            ToolResult.Status status = ToolResult.Status.valueOf(parts[1]);
            String printed = text.substring(0, at);
            return status == ToolResult.Status.OK
                    ? new ToolResult(status, payload, printed, "", elapsed)
                    : new ToolResult(status, "", printed, payload, elapsed);
        }

        /** Kills the JVM and anything it started. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
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

        private static void deleteTree(Path dir) {
            try (Stream<Path> all = Files.walk(dir)) {
                List<Path> paths = all.sorted(Comparator.reverseOrder()).toList();
                for (Path p : paths) p.toFile().setWritable(true, true);
                for (Path p : paths) Files.deleteIfExists(p);
            } catch (IOException | UncheckedIOException e) {
                // best effort: a leftover temp directory is harmless
            }
        }

        /** The READY line first (anything else there is kept as output), then at most {@code cap} bytes. */
        private void drain() {
            InputStream in = process.getInputStream();
            try {
                ByteArrayOutputStream first = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0 && b != '\n') first.write(b);
                if (!first.toString(StandardCharsets.UTF_8).equals(SnippetRunner.READY)) {
                    synchronized (out) {
                        out.write(first.toByteArray(), 0, Math.min(first.size(), cap));
                    }
                }
                ready.countDown();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                        out.write(buf, 0, Math.min(n, cap + 1 - out.size()));
                        if (out.size() > cap) {
                            overflow.set(true);
                            kill();
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // stream closed by the kill
            } finally {
                ready.countDown();
            }
        }

        private static String clip(String s, int max) {
            return s.length() <= max ? s : s.substring(0, max);
        }
    }
}
