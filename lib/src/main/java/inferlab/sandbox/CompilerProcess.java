package inferlab.sandbox;

import inferlab.tool.ToolResult.Status;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link SnippetCompiler} in a JVM of its own, so that javac's time and memory on hostile source are bounded
 * and charged to that JVM, not to the caller's: a heap limit (an out-of-memory error ends the JVM), a
 * wall-clock limit per snippet (the JVM is killed), and the OS layers of {@link OsSandbox}. The JVM stays
 * up between snippets, so javac stays warm; a killed or dead one is replaced at the next snippet.
 */
final class CompilerProcess implements AutoCloseable {
    /** How long the JVM may take to start and warm javac before it counts as crashed. */
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    /** javac's heap: a few megabytes serve any snippet the length limit lets through. */
    static final int HEAP_MB = 256;
    /** Class files one snippet may compile to, in all; far above what its length limit allows. */
    static final int MAX_CLASS_BYTES = 16 << 20;
    /** The exit code of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
    private static final int OUT_OF_MEMORY_EXIT = 3;
    /** A CPU-time backstop far beyond any session's compiling; past it the JVM is simply replaced. */
    private static final int CPU_SECONDS = 3600;

    /** Why a snippet has no compiler answer: the status for the tool result and the message. */
    static final class Failed extends Exception {
        final Status status;

        Failed(Status status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final OsSandbox os;
    private Process process;
    private Path dir;
    private DataInputStream answers;
    private boolean ready;

    /** Starts the compiler JVM now, so it is warm when the first snippet comes. */
    CompilerProcess(OsSandbox os) {
        this.os = os;
        try {
            start();
        } catch (Failed e) {
            // the first compile tries again
        }
    }

    /** The snippet's class files or javac's errors; {@link Failed} when the compiler JVM hit a limit or died. */
    synchronized SnippetCompiler.Output compile(String snippet, Duration limit) throws Failed {
        if (process == null || !process.isAlive()) {
            stop();
            start();
        }
        if (!ready) {
            String hello = within(STARTUP_LIMIT, answers::readUTF, "cannot start the compiler JVM");
            if (!hello.equals(SnippetCompiler.READY)) throw died("cannot start the compiler JVM");
            ready = true;
        }
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            byte[] source = snippet.getBytes(StandardCharsets.UTF_8);
            out.writeInt(source.length);
            out.write(source);
            out.flush();
        } catch (IOException e) {
            throw died("the compiler JVM");
        }
        boolean[] last = {false};
        SnippetCompiler.Output out = within(limit, () -> {
            last[0] = answers.readBoolean();
            return readAnswer();
        }, "javac on this snippet");
        if (last[0]) { // the JVM ends after a javac failure: a fresh one warms up for the next snippet, between calls
            stop();
            try {
                start();
            } catch (Failed e) {
                // the next compile tries again
            }
        }
        return out;
    }

    private SnippetCompiler.Output readAnswer() throws IOException {
        if (!answers.readBoolean()) { // the compiler JVM caps its errors; a longer text is not passed on to the caller
            String errors = new String(bytes(), StandardCharsets.UTF_8);
            return new SnippetCompiler.Output(Map.of(), SnippetCompiler.capped(errors));
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        long total = 0;
        for (int n = answers.readInt(); n > 0; n--) {
            String name = answers.readUTF();
            byte[] file = bytes();
            total += file.length;
            if (total > MAX_CLASS_BYTES) throw new IOException("more than " + MAX_CLASS_BYTES + " bytes of class files");
            classes.put(name, file);
        }
        return new SnippetCompiler.Output(classes, "");
    }

    private byte[] bytes() throws IOException {
        int length = answers.readInt();
        if (length < 0 || length > MAX_CLASS_BYTES) throw new IOException("a message of " + length + " bytes");
        byte[] b = new byte[length];
        answers.readFully(b);
        return b;
    }

    /** Runs a read from the JVM with a wall-clock limit; on the limit or the JVM's death, kills it. */
    private <T> T within(Duration limit, Callable<T> read, String what) throws Failed {
        FutureTask<T> task = new FutureTask<>(read);
        Thread reader = new Thread(task, "sandbox-compiler-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new Failed(Status.TIMEOUT, what + " took longer than " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw died(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new Failed(Status.CRASHED, "interrupted");
        }
    }

    /** The JVM stopped answering: says why from its exit code, and clears it away. */
    private Failed died(String what) {
        Integer exit = null;
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) exit = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
        if (exit != null && exit == OUT_OF_MEMORY_EXIT) {
            return new Failed(Status.COMPILE_ERROR, what + " ran out of memory (" + HEAP_MB + " MB)");
        }
        return new Failed(Status.CRASHED, what + ": the compiler JVM " + (exit == null ? "stopped answering" : "exited with code " + exit));
    }

    private void start() throws Failed {
        try {
            dir = Files.createTempDirectory("inferlab-compiler");
            Path classes = dir.resolve("classes");
            CodeInterpreter.writeClassFiles(SnippetCompiler.class, classes);
            CodeInterpreter.readOnlyForAll(dir);
            List<String> cmd = new ArrayList<>(os.prefix(CPU_SECONDS));
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // jdk.zipfs: javac reads the Java 17 API for --release from lib/ct.sym, a zip file
                    "--limit-modules", "jdk.jshell,jdk.zipfs", "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
                    "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
                    "-Djava.io.tmpdir=" + dir, "-Duser.home=" + dir,
                    "-cp", classes.toString(), SnippetCompiler.class.getName()));
            process = CodeInterpreter.childProcess(cmd, dir)
                    .redirectError(ProcessBuilder.Redirect.DISCARD) // javac's crash reports
                    .start();
            answers = new DataInputStream(new BufferedInputStream(process.getInputStream()));
            ready = false;
        } catch (IOException | RuntimeException e) {
            stop();
            throw new Failed(Status.CRASHED, "cannot start the compiler JVM: " + e.getMessage());
        }
    }

    /** Kills the JVM and everything it started, and deletes its directory. */
    private void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) CodeInterpreter.deleteTree(dir);
        process = null;
        dir = null;
        ready = false;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
