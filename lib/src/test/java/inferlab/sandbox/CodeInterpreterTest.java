package inferlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import inferlab.tool.ToolResult.Status;
import inferlab.tool.ToolResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Normal snippets give correct values; hostile ones are contained and reported, and the interpreter keeps
 * serving. The {@code raw} interpreter has the policy check off, so the JVM, process and OS layers are
 * tested on their own (the attacks with the policy on are in {@link HostileSnippetsTest}).
 */
class CodeInterpreterTest {
    static CodeInterpreter checked;
    static CodeInterpreter raw;

    @BeforeAll
    static void start() {
        OsSandbox os = OsSandbox.detect();
        checked = new CodeInterpreter(CodeInterpreter.Limits.defaults(), os);
        raw = new CodeInterpreter(CodeInterpreter.Limits.defaults().withPolicyCheck(false)
                .withTimeout(Duration.ofSeconds(5)), os);
        System.out.println("OS layers: " + os.describe());
    }

    @AfterAll
    static void stop() {
        checked.close();
        raw.close();
    }

    @Test
    void evaluatesCalculatorExpressions() {
        assertEquals("24", checked.run("48/2").value());
        assertEquals("9.6", checked.run("48.0/5").value());
    }

    @Test
    void runsStatementsDeclarationsAndAllowedImports() {
        ToolResult r = checked.run("int x = 6 * 7;\nSystem.out.println(\"x=\" + x);\nx + 1");
        assertEquals(Status.OK, r.status(), r.message());
        assertEquals("43", r.value());
        assertEquals("x=42", r.output().strip());
        assertEquals("2432902008176640000",
                checked.run("long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }\nfact(20)").value());
        assertEquals("[1, 2, 3]", checked.run(
                "import java.util.*;\nList<Integer> xs = new ArrayList<>(List.of(3, 1, 2));\nCollections.sort(xs);\nxs")
                .value());
    }

    @Test
    void reportsCompileErrorsAndExceptions() {
        ToolResult bad = checked.run("int x = \"a\";");
        assertEquals(Status.COMPILE_ERROR, bad.status());
        assertTrue(bad.message().contains("incompatible"), bad.message());
        for (String garbage : new String[] {"int y = 1 +", "[0,1,4,5]], we", "}{", "} static { }", "1; } int z = 2; {",
                "package p;"}) {
            assertEquals(Status.COMPILE_ERROR, checked.run(garbage).status(), garbage);
        }
        ToolResult div = checked.run("1 / 0");
        assertEquals(Status.EXCEPTION, div.status());
        assertTrue(div.message().contains("ArithmeticException"), div.message());
        assertTrue(div.toolText().startsWith("error: exception"), div.toolText());
        var table = ToolResult.table("results", java.util.List.of("int x = \"a\";", "1 / 0"), java.util.List.of(bad, div));
        assertEquals(java.util.List.of("COMPILE_ERROR", "EXCEPTION"), table.stringColumn("status").asList());
    }

    @Test
    void policyRejectsBeforeRunning() {
        ToolResult r = checked.run("System.exit(0)");
        assertEquals(Status.REJECTED, r.status());
        assertTrue(r.message().startsWith("JVM exit: java.lang.System.exit"), r.message());
        assertEquals(Status.REJECTED, checked.run("java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"))").status());
    }

    @Test
    void benignSnippetsWork() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("int s = 0; for (int i = 1; i <= 10; i++) s += i; s", "55"),
                Map.entry("Map<String, Integer> m = new TreeMap<>(); for (String w : \"b a b\".split(\" \")) m.merge(w, 1, Integer::sum); m", "{a=1, b=2}"),
                Map.entry("IntStream.rangeClosed(1, 4).map(x -> x * x).boxed().collect(Collectors.toList())", "[1, 4, 9, 16]"),
                Map.entry("Function<Integer, Integer> twice = x -> 2 * x; twice.andThen(x -> x + 1).apply(20)", "41"),
                Map.entry("String.format(\"%.2f|%5d|%s\", Math.PI, 42, \"ok\")", "\"3.14|   42|ok\""),
                Map.entry("record Point(int x, int y) { int norm1() { return Math.abs(x) + Math.abs(y); } }\nnew Point(3, -4).norm1()", "7"),
                Map.entry("new BigDecimal(\"1.10\").add(BigDecimal.ONE)", "2.10"),
                Map.entry("int[] a = {3, 1, 2}; Arrays.sort(a); a", "int[3] { 1, 2, 3 }"),
                Map.entry("char c = 'x'; c", "'x'"),
                Map.entry("enum Suit { CLUBS, HEARTS } EnumSet.allOf(Suit.class)", "[CLUBS, HEARTS]"),
                Map.entry("String w = \"level\"; new StringBuilder(w).reverse().toString().equals(w)", "true"));
        values.forEach((code, expected) -> {
            ToolResult r = checked.run(code);
            assertEquals(Status.OK, r.status(), code + " -> " + r);
            assertEquals(expected, r.value(), code);
        });
        ToolResult printed = checked.run("for (int i = 0; i < 3; i++) System.out.print(i);\nSystem.out.println(\"!\")");
        assertEquals(Status.OK, printed.status(), printed.toString());
        assertEquals("", printed.value(), "a void call has no value");
        assertEquals("012!", printed.output().strip());
    }

    @Test
    void eachSnippetGetsFreshClassesInTheReusedJvm() {
        for (int i = 0; i < 2; i++) assertEquals("1", checked.run("class Counter { static int n; } ++Counter.n").value());
        assertEquals(Status.COMPILE_ERROR, checked.run("Counter.n").status(), "no class survives its snippet");
    }

    @Test
    void infiniteLoopTimesOutAndTheInterpreterKeepsServing() {
        ToolResult r = raw.run("while (true) {}");
        assertEquals(Status.TIMEOUT, r.status());
        assertEquals("2", raw.run("1 + 1").value());
    }

    @Test
    void outputFloodIsCut() {
        ToolResult r = raw.run("while (true) System.out.print(\"0123456789abcdef\");");
        assertEquals(Status.OUTPUT_LIMIT, r.status());
        assertTrue(r.output().length() <= raw.limits().maxOutputBytes());
        assertEquals("3", raw.run("1 + 2").value());
    }

    @Test
    void hugeAllocationFailsInsideTheChild() {
        ToolResult r = raw.run("long[] a = new long[400_000_000]; a.length");
        assertEquals(Status.EXCEPTION, r.status(), r.toString());
        assertTrue(r.message().contains("OutOfMemoryError"), r.message());
    }

    @Test
    void runawayRecursionIsAStackOverflow() {
        ToolResult r = raw.run("int down(int n) { return down(n + 1) + 1; }\ndown(0)");
        assertEquals(Status.EXCEPTION, r.status(), r.toString());
        assertTrue(r.message().contains("StackOverflowError"), r.message());
    }

    @Test
    void oversizedSnippetIsRefused() {
        assertEquals(Status.REJECTED, checked.run("1+".repeat(CodeInterpreter.MAX_SNIPPET_CHARS) + "1").status());
    }

    @Test
    void systemExitIsACrashNotAResult() {
        ToolResult r = raw.run("System.exit(3)");
        assertEquals(Status.CRASHED, r.status());
        assertTrue(r.message().contains("code 3"), r.message());
        assertEquals("4", raw.run("2 + 2").value());
    }

    @Test
    void threadBombIsContained() {
        ToolResult r = raw.run("""
                for (int i = 0; i < 100_000; i++) {
                    new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }).start();
                }
                """);
        assertFalse(r.ok(), r.toString());
        assertEquals("5", raw.run("2 + 3").value());
    }

    @Test
    void aThreadBombInOneSandboxDoesNotStarveAnother() throws Exception {
        assumeTrue(raw.os().dropUser(), "needs setpriv as root");
        var limits = CodeInterpreter.Limits.defaults().withPolicyCheck(false).withTimeout(Duration.ofSeconds(30));
        try (CodeInterpreter bombSite = new CodeInterpreter(limits, raw.os())) {
            var bomb = java.util.concurrent.CompletableFuture.supplyAsync(() -> bombSite.run("""
                    try {
                        while (true) new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } }).start();
                    } catch (Throwable capReached) { }
                    Thread.sleep(10_000);
                    """));
            Thread.sleep(3_000); // the bomb now holds its uid's whole process cap
            try (CodeInterpreter other = new CodeInterpreter(limits, raw.os())) {
                assertEquals("5", other.run("2 + 3").value(), "a fresh sandbox JVM starts and answers beside the bomb");
            }
            bomb.get();
        }
    }

    @Test
    void aSandboxThatCannotStartIsAFailedCallNotADeadInterpreter() {
        OsSandbox broken = new OsSandbox(List.of("/nonexistent/inferlab-wrapper"), false, false, false);
        try (CodeInterpreter interpreter = new CodeInterpreter(CodeInterpreter.Limits.defaults(), broken)) {
            for (int i = 0; i < 2; i++) {
                ToolResult r = interpreter.run("1 + 1");
                assertEquals(Status.CRASHED, r.status());
                assertTrue(r.message().matches("cannot start the (compiler|sandbox) JVM: .*inferlab-wrapper.*"), r.message());
            }
        }
    }

    @Test
    void forkBombDiesWithTheChild() throws Exception {
        ToolResult r = raw.run("while (true) new ProcessBuilder(\"sleep\", \"71.25\").start();");
        assertFalse(r.ok(), r.toString());
        Thread.sleep(300);
        long left = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[0].equals("71.25")).orElse(false))
                .count();
        assertEquals(0, left, "sleep processes survived the kill");
    }

    @Test
    void fileWritesFailUnderTheOsLayer() {
        assumeTrue(raw.os().blocksFileWrites(), "needs setpriv and prlimit as root");
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "inferlab-sandbox-probe-" + System.nanoTime());
        ToolResult r = raw.run("java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + target + "\"), \"x\")");
        assertFalse(r.ok(), r.toString());
        assertFalse(Files.exists(target));
        assertFalse(raw.run("new java.io.FileOutputStream(\"here.txt\").write(1)").ok());
    }

    /**
     * /proc/self/mounts writes a space in a mount point as {@code \040}: the remount must decode it. A tmpfs, open to
     * all, is mounted at a path with a space in a private mount namespace around the sandbox's own, which the host
     * never sees.
     */
    @Test
    void mountPointsWithASpaceAreReadOnlyToo() throws IOException {
        assumeTrue(raw.os().blocksFileWrites(), "needs unshare and remounting as root");
        Path dir = Files.createTempDirectory("inferlab mount point");
        try {
            List<String> around = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs tmpfs \"$0\" && chmod 1777 \"$0\" && exec \"$@\"", dir.toString());
            assumeTrue(OsSandbox.works(around, "touch", dir.resolve("outside").toString()), "cannot mount a tmpfs here");
            List<String> inside = new ArrayList<>(around);
            inside.addAll(raw.os().prefix(60));
            assertFalse(OsSandbox.works(inside, "touch", dir.resolve("inside").toString()), "a file was created in the sandbox");
        } finally {
            CodeInterpreter.deleteTree(dir);
        }
    }

    @Test
    void socketsReachNothingUnderTheOsLayer() throws IOException {
        assumeTrue(raw.os().isolatesNetwork(), "needs unshare");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            ToolResult r = raw.run("new java.net.Socket(\"127.0.0.1\", " + server.getLocalPort() + ").isConnected()");
            assertFalse(r.ok(), r.toString());
            assertTrue(r.message().contains("Exception"), r.message());
            try {
                server.accept().close();
                throw new AssertionError("the snippet reached the host's loopback");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        }
    }

    @Test
    void jvmAndParentLimitsHoldWithoutAnyOsLayer() {
        try (CodeInterpreter bare = new CodeInterpreter(CodeInterpreter.Limits.defaults().withPolicyCheck(false)
                .withTimeout(Duration.ofSeconds(5)), OsSandbox.none())) {
            assertEquals(Status.TIMEOUT, bare.run("while (true) {}").status());
            assertEquals(Status.CRASHED, bare.run("System.exit(1)").status());
            assertEquals("6", bare.run("3 * 2").value());
        }
    }

    @Test
    void backgroundProcessesDieWithTheSandboxWithAndWithoutTheOsLayer() throws Exception {
        var limits = CodeInterpreter.Limits.defaults().withPolicyCheck(false).withTimeout(Duration.ofSeconds(30));
        for (OsSandbox os : List.of(raw.os(), OsSandbox.none())) {
            String tag = os.isolatesNetwork() ? "41.125" : "41.875";
            try (CodeInterpreter interpreter = new CodeInterpreter(limits, os)) {
                ToolResult r = interpreter.run("new ProcessBuilder(\"sh\", \"-c\", \"sleep " + tag + " &\").start().waitFor()");
                assertEquals(Status.OK, r.status(), os.describe() + ": " + r);
            }
            Thread.sleep(300);
            assertEquals(0, HostileSnippetsTest.processesWithArgument(tag), "sleep " + tag + " survived under " + os.describe());
        }
    }

    @Test
    void theHostsProcessesAreInvisibleUnderTheOsLayer() {
        assumeTrue(raw.os().ownProc(), "needs unshare --mount-proc");
        ToolResult r = raw.run("java.util.Arrays.stream(new java.io.File(\"/proc\").list()).filter(n -> n.matches(\"[0-9]+\")).count()");
        assertEquals(Status.OK, r.status(), r.toString());
        assertTrue(Long.parseLong(r.value()) <= 3, "processes visible in the sandbox: " + r.value());
    }

    /** javac runs under the time limit too, in a JVM that is killed when it is over. */
    @Test
    void compilingHasATimeLimit() {
        try (CodeInterpreter hasty = new CodeInterpreter(CodeInterpreter.Limits.defaults().withTimeout(Duration.ofMillis(1)),
                OsSandbox.none())) {
            ToolResult r = hasty.run("1 + 1");
            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertTrue(r.message().startsWith("javac on this snippet took longer than 2 ms"), r.message());
        }
    }
}
