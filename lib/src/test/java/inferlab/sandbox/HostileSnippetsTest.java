package inferlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.tool.ToolResult.Status;
import inferlab.tool.ToolResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One class of attack per test, each run with every OS layer that works here ("os") and with none
 * ("none", {@link OsSandbox#none()}), the policy check on as in use. Each asserts that the attack fails and
 * that the host is untouched: no file written, no connection to a listener the test holds, no process left,
 * no secret in the result; and that the interpreter still answers afterwards.
 */
class HostileSnippetsTest {
    static Map<String, CodeInterpreter> sandboxes;

    @TempDir
    static Path host;

    @BeforeAll
    static void start() {
        sandboxes = Map.of("os", new CodeInterpreter(CodeInterpreter.Limits.defaults(), OsSandbox.detect()),
                "none", new CodeInterpreter(CodeInterpreter.Limits.defaults(), OsSandbox.none()));
    }

    @AfterAll
    static void stop() {
        sandboxes.values().forEach(CodeInterpreter::close);
    }

    /** Runs each attack, asserts it failed and did not leak {@code secret}; then the sandbox still computes. */
    static void allFail(String sandbox, String secret, String... attacks) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String attack : attacks) {
            ToolResult r = interpreter.run(attack);
            assertFalse(r.ok(), attack + " -> " + r);
            if (secret != null) assertFalse((r.value() + r.output() + r.message()).contains(secret), attack + " leaked: " + r);
        }
        assertEquals("42", interpreter.run("6 * 7").value(), "the sandbox still answers");
    }

    /** {@code first}, then {@code n} lines, line i made from {@code line} with %1$d = i and %2$d = i - 1. */
    static String doubling(String first, String line, int n) {
        StringBuilder b = new StringBuilder(first).append('\n');
        for (int i = 1; i <= n; i++) b.append(String.format(line, i, i - 1)).append('\n');
        return b.toString();
    }

    static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void readingFiles(String sandbox) throws IOException {
        Path secret = host.resolve("secret-" + sandbox + ".txt");
        Files.writeString(secret, "the-secret-" + sandbox);
        String p = quoted(secret);
        allFail(sandbox, "the-secret-" + sandbox,
                "java.nio.file.Files.readString(java.nio.file.Path.of(" + p + "))",
                "new String(new java.io.FileInputStream(" + p + ").readAllBytes())",
                "new java.util.Scanner(new java.io.File(" + p + ")).nextLine()",
                "new java.io.BufferedReader(new java.io.FileReader(" + p + ")).readLine()",
                "java.nio.file.Files.readAllLines(java.nio.file.Paths.get(\"/etc/hostname\"))");
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void writingFiles(String sandbox) {
        Path target = host.resolve("written-" + sandbox);
        String p = quoted(target);
        allFail(sandbox, null,
                "java.nio.file.Files.writeString(java.nio.file.Path.of(" + p + "), \"x\")",
                "new java.io.FileOutputStream(" + p + ").write(1)",
                "new java.io.PrintStream(" + p + ").println(1)",
                "new java.util.Formatter(" + p + ").format(\"x\").close()",
                "new java.io.RandomAccessFile(" + p + ", \"rw\").write(1)",
                "new java.io.File(" + p + ").createNewFile()");
        assertFalse(Files.exists(target), "a snippet wrote " + target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void network(String sandbox) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            allFail(sandbox, null,
                    "new java.net.Socket(\"127.0.0.1\", " + port + ").isConnected()",
                    "java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress(\"127.0.0.1\", " + port + "))",
                    "new java.net.URL(\"http://127.0.0.1:" + port + "/\").openStream().read()",
                    "java.net.InetAddress.getByName(\"localhost\")");
            listener.setSoTimeout(300);
            try {
                listener.accept().close();
                throw new AssertionError("a snippet connected to the host's listener");
            } catch (SocketTimeoutException expected) {
                // nobody connected
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void spawningProcessesAndBackgroundProcesses(String sandbox) throws InterruptedException {
        Path marker = host.resolve("spawned-" + sandbox);
        String tag = sandbox.equals("os") ? "41.375" : "41.625";
        allFail(sandbox, null,
                "new ProcessBuilder(\"touch\", " + quoted(marker) + ").start().waitFor()",
                "Runtime.getRuntime().exec(new String[] {\"touch\", " + quoted(marker) + "}).waitFor()",
                "new ProcessBuilder(\"sh\", \"-c\", \"sleep " + tag + " &\").start().waitFor()",
                "ProcessHandle.current().parent().get().destroyForcibly()");
        Thread.sleep(300);
        assertFalse(Files.exists(marker), "a snippet ran a command");
        assertEquals(0, processesWithArgument(tag), "a background process survived");
    }

    static long processesWithArgument(String argument) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(a -> List.of(a).contains(argument) || String.join(" ", a).contains(argument)).orElse(false)).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void exitingTheJvm(String sandbox) {
        allFail(sandbox, null, "System.exit(7)", "Runtime.getRuntime().halt(7)", "Runtime.getRuntime().exit(7)",
                "Runnable r = () -> System.exit(7); r.run();");
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void readingTheEnvironment(String sandbox) {
        String home = System.getProperty("user.home");
        allFail(sandbox, null, "System.getenv()", "System.getenv(\"PATH\")", "System.getProperty(\"user.home\")",
                "System.getProperties()", "Long.getLong(\"x\")", "ProcessHandle.current().info().commandLine()");
        for (String probe : new String[] {"System.getenv(\"HOME\")", "System.getProperty(\"user.dir\")"}) {
            ToolResult r = sandboxes.get(sandbox).run(probe);
            assertFalse(r.value().contains(home) && !home.isEmpty(), probe + " -> " + r);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void reflectionAndClassLoading(String sandbox) {
        allFail(sandbox, null,
                "Class.forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null)",
                "\"x\".getClass().getDeclaredFields()",
                "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\", "
                        + "java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(7)",
                "ServiceLoader.load(Runnable.class).iterator().hasNext()",
                "ClassLoader.getSystemClassLoader().loadClass(\"java.lang.Runtime\")",
                "Object.class.getModule().addOpens(\"java.lang\", null)",
                "StackWalker.getInstance().walk(s -> s.count())",
                "java.lang.reflect.Proxy.newProxyInstance(null, new Class<?>[] {Runnable.class}, (p, m, a) -> null)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void threads(String sandbox) {
        allFail(sandbox, null,
                "new Thread(() -> { while (true) { } }).start()",
                "Thread.currentThread().setPriority(1)",
                "java.util.concurrent.Executors.newCachedThreadPool().submit(() -> 1)",
                "java.util.concurrent.CompletableFuture.runAsync(() -> { })",
                "List.of(1, 2, 3).parallelStream().map(x -> x * 2).toList()",
                "new java.util.Timer().schedule(new java.util.TimerTask() { public void run() { } }, 1)",
                "java.lang.ref.Cleaner.create()");
    }

    /**
     * {@code Stream.concat} is parallel when either stream says it is, and a snippet's own stream may say so: the
     * policy's refusal of {@code parallel} is passed by, and the snippet's code runs on the common pool's threads.
     * Each element records the bottom frame of the thread that maps it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void threadsThroughAStreamThatSaysItIsParallel(String sandbox) {
        String parallelStream = "class P implements Stream {\n"
                + "  public boolean isParallel() { return true; }\n"
                + "  public Spliterator spliterator() { return IntStream.range(0, 16).boxed().toList().spliterator(); }\n"
                + "  public BaseStream sequential() { return this; } public BaseStream parallel() { return this; }\n"
                + "  public BaseStream unordered() { return this; } public BaseStream onClose(Runnable r) { return this; }\n"
                + "  public void close() { } public Iterator iterator() { return null; }\n"
                + "  public Stream filter(java.util.function.Predicate p) { return null; } public Stream map(Function f) { return null; }\n"
                + "  public IntStream mapToInt(ToIntFunction f) { return null; } public LongStream mapToLong(ToLongFunction f) { return null; }\n"
                + "  public DoubleStream mapToDouble(ToDoubleFunction f) { return null; } public Stream flatMap(Function f) { return null; }\n"
                + "  public IntStream flatMapToInt(Function f) { return null; } public LongStream flatMapToLong(Function f) { return null; }\n"
                + "  public DoubleStream flatMapToDouble(Function f) { return null; } public Stream distinct() { return null; }\n"
                + "  public Stream sorted() { return null; } public Stream sorted(Comparator c) { return null; }\n"
                + "  public Stream peek(Consumer c) { return null; } public Stream limit(long n) { return null; }\n"
                + "  public Stream skip(long n) { return null; } public void forEach(Consumer c) { } public void forEachOrdered(Consumer c) { }\n"
                + "  public Object[] toArray() { return null; } public Object[] toArray(IntFunction f) { return null; }\n"
                + "  public Object reduce(Object i, BinaryOperator o) { return null; } public Optional reduce(BinaryOperator o) { return null; }\n"
                + "  public Object reduce(Object i, BiFunction f, BinaryOperator o) { return null; }\n"
                + "  public Object collect(Supplier s, BiConsumer a, BiConsumer c) { return null; } public Object collect(Collector c) { return null; }\n"
                + "  public Optional min(Comparator c) { return null; } public Optional max(Comparator c) { return null; } public long count() { return 0; }\n"
                + "  public boolean anyMatch(java.util.function.Predicate p) { return false; }\n"
                + "  public boolean allMatch(java.util.function.Predicate p) { return false; }\n"
                + "  public boolean noneMatch(java.util.function.Predicate p) { return false; }\n"
                + "  public Optional findFirst() { return null; } public Optional findAny() { return null; }\n}\n";
        ToolResult r = sandboxes.get(sandbox).run(parallelStream
                + "Set<String> threads = Collections.synchronizedSet(new TreeSet<>());\n"
                + "Stream.concat(new P(), Stream.of()).map(x -> { StackTraceElement[] s = new Throwable().getStackTrace();\n"
                + "  long t = System.nanoTime(); while (System.nanoTime() - t < 20_000_000L) { }\n"
                + "  threads.add(s[s.length - 1].getClassName()); return x; }).toList().size() + \" \" + threads");
        assertEquals("\"16 [inferlab.sandbox.SnippetRunner]\"", r.value(), r.toString());
    }

    /**
     * The allowlist takes whole packages, so the API a newer JDK adds to one is allowed unseen: on JDK 24
     * {@code Gatherers.mapConcurrent} runs the snippet's code on virtual threads, on JDK 19
     * {@code BigInteger.parallelMultiply} on the common pool. Snippets compile against the Java 17 API, whatever
     * JDK runs the sandbox; on 17 itself this holds trivially.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void apiOfNewerJdksIsNotCompiled(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String attack : List.of("Stream.of(1, 2).gather(Gatherers.mapConcurrent(2, x -> x)).toList()",
                "BigInteger.TEN.pow(100_000).parallelMultiply(BigInteger.TEN.pow(100_000)).bitLength()")) {
            ToolResult r = interpreter.run(attack);
            assertEquals(Status.COMPILE_ERROR, r.status(), attack + " -> " + r);
        }
        assertEquals("42", interpreter.run("6 * 7").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void resourceExhaustion(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        ToolResult memory = interpreter.run("List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]);");
        assertEquals(Status.EXCEPTION, memory.status(), memory.toString());
        assertTrue(memory.message().contains("OutOfMemoryError"), memory.message());
        ToolResult cpu = interpreter.run("long n = 0; while (true) n++;");
        assertEquals(Status.TIMEOUT, cpu.status(), cpu.toString());
        ToolResult stack = interpreter.run("int down(int n) { return down(n + 1) + 1; }\ndown(0)");
        assertEquals(Status.EXCEPTION, stack.status(), stack.toString());
        allFail(sandbox, null, "while (true) new ProcessBuilder(\"sh\").start();",
                "while (true) new Thread(() -> { }).start();");
    }

    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void outputFlood(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        ToolResult r = interpreter.run("while (true) System.out.print(\"0123456789abcdef\");");
        assertEquals(Status.OUTPUT_LIMIT, r.status(), r.toString());
        assertTrue(r.output().length() <= interpreter.limits().maxOutputBytes());
        ToolResult value = interpreter.run("\"x\".repeat(1 << 20)");
        assertEquals(Status.OUTPUT_LIMIT, value.status(), "a huge value is output too");
        assertEquals("", value.output(), "the result line is not the snippet's output");
        ToolResult thrown = interpreter.run("throw new IllegalStateException(\"x\".repeat(30_000_000));");
        assertEquals(Status.OUTPUT_LIMIT, thrown.status(), "a huge message is output too, not a crash of the runner");
        assertEquals("", thrown.output(), "nothing of the runner in the output");
        ToolResult longMessage = interpreter.run("throw new IllegalStateException(\"x\".repeat(10_000));");
        assertEquals(Status.EXCEPTION, longMessage.status());
        assertTrue(longMessage.message().endsWith("x".repeat(10_000)), longMessage.message());
        allFail(sandbox, null, "System.out.close(); 1");
    }

    /** Each spelling reaches a forbidden API only if the check reads text; it reads class files. */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void spellingTricks(String sandbox) {
        Path target = host.resolve("tricked-" + sandbox);
        String p = quoted(target);
        allFail(sandbox, null,
                "java.nio.file.Fi\u00ADles.write\u00ADString(java.nio.file.Path.of(" + p + "), \"x\")", // soft hyphens
                "Sys\u00ADtem.ex\u00ADit(7)",
                "java.nio.file.\\u0046iles.writeString(java.nio.file.Path.of(" + p + "), \"x\")",  // unicode escape
                "System./* hidden */exit(7)",
                "System\n.\nexit(7)",
                "Class.forName(\"java.nio.file.\" + \"Fi\" + \"les\").getMethods()",               // name built at run time
                "java.lang.invoke.MethodHandles.lookup().findStatic(Class.forName(\"java.lang.\" + \"System\"), "
                        + "\"exit\", java.lang.invoke.MethodType.methodType(void.class, int.class))",
                "java.util.ServiceLoader.load(java.nio.file.spi.FileSystemProvider.class).findFirst()",
                "new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(new byte[0])).readObject()",
                "class J { static native void f(); }\nJ.f()",
                "System.loadLibrary(\"c\")",
                "jdk.internal.misc.Unsafe.getUnsafe().putLong(0L, 0L)",
                "interface F { Object load(String n) throws Exception; }\nF f = Class::forName;\nf.load(\"java.lang.Runtime\")");
        assertFalse(Files.exists(target), "a spelling trick wrote " + target);
    }

    /** What a snippet does to its standard streams stays with it: the next snippet on the same JVM prints. */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void closingOrCorruptingTheStandardStreams(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String attack : List.of("AutoCloseable c = System.err; c.close(); 1",
                "AutoCloseable c = System.out; c.close(); 1",
                "System.out.print('\\uD83D'); System.err.print('\\uDBFF'); 1")) { // half surrogate pairs
            ToolResult r = interpreter.run(attack);
            assertEquals(Status.OK, r.status(), attack + " -> " + r);
            ToolResult next = interpreter.run("System.out.println(\"to out\"); System.err.println(\"to err\"); 6 * 7");
            assertEquals("42", next.value(), attack + " then " + next);
            assertEquals(List.of("to out", "to err"), next.output().lines().toList(), "after " + attack);
        }
    }

    /** An exception's message is snippet code: when it throws, the result still says what was thrown. */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void exceptionWhoseMessageFails(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String attack : List.of(
                "class E extends RuntimeException { public String getMessage() { throw new IllegalStateException(); } }\nthrow new E();",
                "class E extends RuntimeException { public String getMessage() { return getMessage(); } }\nthrow new E();")) {
            ToolResult r = interpreter.run(attack);
            assertEquals(Status.EXCEPTION, r.status(), attack + " -> " + r);
            assertTrue(r.message().startsWith("$Snippet$E (its getMessage() threw java.lang."), r.message());
        }
        assertEquals("42", interpreter.run("6 * 7").value());
    }

    /**
     * A stack overflow inside a JDK class's static initializer leaves the class unusable in that JVM; a
     * snippet that survives it, by a catch or a finally, must not hand the JVM on to the next snippet.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void poisoningAJdkClassForTheNextSnippet(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        String[][] attacks = {
                {"String dive(int n) { String r; try { r = dive(n + 1); } catch (StackOverflowError e) { r = \"SOE\"; }\n"
                        + "  if (r.equals(\"SOE\") || r.contains(\"StackOverflow\")) {\n"
                        + "    try { r = \"ok \" + java.time.format.DateTimeFormatter.ISO_DATE.hashCode(); } catch (Throwable t) { r = t.toString(); } }\n"
                        + "  return r; }\ndive(0)",
                 "java.time.format.DateTimeFormatter.ISO_DATE.format(java.time.LocalDate.of(2020, 1, 2))", "\"2020-01-02\""},
                {"int dive(int n) { try { return dive(n + 1); } finally { if (n % 64 == 0) return java.time.Year.of(2020).length(); } }\ndive(0)",
                 "java.time.Year.of(2024).length()", "366"}};
        for (String[] attack : attacks) {
            ToolResult r = interpreter.run(attack[0]);
            assertTrue(r.status() == Status.OK || r.status() == Status.EXCEPTION, r.toString());
            ToolResult next = interpreter.run(attack[1]);
            assertEquals(attack[2], next.value(), "after " + attack[0] + ": " + next);
        }
    }

    /** A TemporalField of the snippet's own, named {@code name}, with hash code 42 and {@code more} members. */
    static String field(String name, String more) {
        return "class " + name + " implements java.time.temporal.TemporalField {\n" + more
                + "  public int hashCode() { return 42; }\n"
                + "  public java.time.temporal.TemporalUnit getBaseUnit() { return java.time.temporal.ChronoUnit.DAYS; }\n"
                + "  public java.time.temporal.TemporalUnit getRangeUnit() { return java.time.temporal.ChronoUnit.WEEKS; }\n"
                + "  public java.time.temporal.ValueRange range() { return java.time.temporal.ValueRange.of(0, 9); }\n"
                + "  public boolean isDateBased() { return true; }\n"
                + "  public boolean isTimeBased() { return false; }\n"
                + "  public boolean isSupportedBy(java.time.temporal.TemporalAccessor t) { return true; }\n"
                + "  public java.time.temporal.ValueRange rangeRefinedBy(java.time.temporal.TemporalAccessor t) { return range(); }\n"
                + "  public long getFrom(java.time.temporal.TemporalAccessor t) { return 1; }\n"
                + "  public <R extends java.time.temporal.Temporal> R adjustInto(R t, long v) { return t; }\n}\n"
                + "new java.time.format.DateTimeFormatterBuilder().appendText(new " + name + "()).toFormatter(Locale.US)"
                + ".format(java.time.LocalDate.of(2020, 1, 1));\n";
    }

    /**
     * The text cache of java.time.format keeps every field it is asked about, a snippet's own too, for the life of
     * the JVM. Nothing of the snippet that put it there may reach the next one: not its memory (60 of the 128 MB
     * heap), not its static state, not its code (the next snippet's equals() is handed the cached field).
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void objectsKeptByAJdkCache(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        ToolResult planted = interpreter.run(field("F", "  static long[] hog = new long[7_500_000];\n"
                + "  public String toString() { return \"left-by-the-last-snippet\"; }\n") + "1");
        assertEquals("1", planted.value(), planted.toString());
        ToolResult seen = interpreter.run("class Box { static String seen = \"nothing\"; }\n"
                + field("G", "  public boolean equals(Object o) { Box.seen = String.valueOf(o); return false; }\n") + "Box.seen");
        assertEquals("\"nothing\"", seen.value(), seen.toString());
        ToolResult memory = interpreter.run("new long[7_500_000].length");
        assertEquals("7500000", memory.value(), memory.toString());
        assertEquals("42", interpreter.run("6 * 7").value());
    }

    /**
     * A chronology of the snippet's own, with the ISO id and another calendar type, formats a date in {@code style}:
     * java.time.format caches the localized pattern under the id alone, so the ISO entry gets that calendar's pattern.
     */
    static String foreignCalendarAsIso(String calendarType, String style) {
        return "class C extends java.time.chrono.AbstractChronology {\n"
                + "  public String getId() { return \"ISO\"; }\n"
                + "  public String getCalendarType() { return \"" + calendarType + "\"; }\n"
                + "  public java.time.chrono.ChronoLocalDate date(int y, int m, int d) { return java.time.LocalDate.of(y, m, d); }\n"
                + "  public java.time.chrono.ChronoLocalDate dateYearDay(int y, int d) { return java.time.LocalDate.ofYearDay(y, d); }\n"
                + "  public java.time.chrono.ChronoLocalDate dateEpochDay(long e) { return java.time.LocalDate.ofEpochDay(e); }\n"
                + "  public java.time.chrono.ChronoLocalDate date(java.time.temporal.TemporalAccessor t) { return java.time.LocalDate.from(t); }\n"
                + "  public boolean isLeapYear(long y) { return java.time.chrono.IsoChronology.INSTANCE.isLeapYear(y); }\n"
                + "  public int prolepticYear(java.time.chrono.Era era, int y) { return y; }\n"
                + "  public java.time.chrono.Era eraOf(int e) { return java.time.chrono.IsoEra.of(e); }\n"
                + "  public List<java.time.chrono.Era> eras() { return List.of(java.time.chrono.IsoEra.values()); }\n"
                + "  public java.time.temporal.ValueRange range(java.time.temporal.ChronoField f) { return f.range(); }\n}\n"
                + "class T implements java.time.temporal.TemporalAccessor {\n"
                + "  final java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 2);\n"
                + "  public boolean isSupported(java.time.temporal.TemporalField f) { return d.isSupported(f); }\n"
                + "  public long getLong(java.time.temporal.TemporalField f) { return d.getLong(f); }\n"
                + "  @SuppressWarnings(\"unchecked\") public <R> R query(java.time.temporal.TemporalQuery<R> q) {\n"
                + "    return q == java.time.temporal.TemporalQueries.chronology() ? (R) new C() : d.query(q); }\n}\n"
                + "java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle." + style + ").withLocale(Locale.US).format(new T())";
    }

    /**
     * A JDK cache can keep a wrong answer made of JDK objects alone: the snippet's classes are gone and the heap is
     * empty, yet the next snippet that formats an ISO date in that style is given the other calendar's pattern.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void poisoningAJdkCacheWithJdkObjectsAlone(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String[] attack : new String[][] {{"japanese", "FULL"}, {"buddhist", "MEDIUM"}}) {
            String benign = "java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle." + attack[1]
                    + ").withLocale(Locale.US).format(java.time.LocalDate.of(2020, 1, 2))";
            ToolResult expected = interpreter.run(benign);
            assertEquals(Status.OK, expected.status(), expected.toString());
            assertEquals(Status.EXCEPTION, interpreter.run("1 / 0").status(), "the next snippet gets a fresh JVM");
            ToolResult poison = interpreter.run(foreignCalendarAsIso(attack[0], attack[1]));
            assertEquals(Status.OK, poison.status(), poison.toString());
            assertEquals(expected.value(), interpreter.run(benign).value(), "after a " + attack[0] + " calendar posed as ISO");
        }
    }

    /**
     * javac's messages are not bounded by the source's length: each line doubles a type, and an error that prints
     * it runs to megabytes. Compile errors reach the caller as the output does, so they are capped as it is.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void compilerErrorFlood(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        String types = doubling("var x0 = Map.entry(1, 1);", "var x%1$d = Map.entry(x%2$d, x%2$d);", 14);
        String args = doubling("var y0 = List.of(1);", "var y%1$d = List.of(y%2$d, y%2$d);", 14);
        for (String flood : List.of(types + "int bad = x14;", args + "String bad = y14;", types + "x14.foo()")) {
            ToolResult r = interpreter.run(flood);
            assertEquals(Status.COMPILE_ERROR, r.status(), r.toString());
            assertTrue(r.message().length() <= SnippetCompiler.MAX_ERRORS + 64, "a compile error of " + r.message().length() + " chars");
        }
        assertEquals("42", interpreter.run("6 * 7").value());
    }

    /**
     * Source that trips javac or the snippet compiler itself (a stack overflow on deep nesting, a construct the
     * compiler did not expect) is a compile error, not a dead compiler JVM, and the next snippet compiles.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void sourceThatBreaksTheCompiler(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        for (String attack : List.of("static { }", "static { System.out.println(1); }",
                "(".repeat(7000) + "1" + ")".repeat(7000), "int x = " + "-".repeat(15000) + "1; x",
                "int x = 1" + " + 1".repeat(2000) + "; x")) {
            String start = attack.substring(0, Math.min(20, attack.length()));
            ToolResult r = interpreter.run(attack);
            assertTrue(r.status() == Status.COMPILE_ERROR || r.status() == Status.OK, start + " -> " + r);
            assertEquals("42", interpreter.run("6 * 7").value(), "after " + start);
        }
        ToolResult block = interpreter.run("int s = 0;\n{ int t = 2; s = t * 21; }\n{ System.out.println(s); }\ns");
        assertEquals("42", block.value(), "a block is a statement: " + block);
        assertEquals("42", block.output().strip());
    }

    /**
     * javac's work is not bounded by the source's length: constant folding doubles a string per line, so 24
     * short lines ask for a 128-million-character constant. That costs the compiler JVM its heap, not the
     * caller's, and the next snippet compiles in a fresh one.
     */
    @ParameterizedTest
    @ValueSource(strings = {"os", "none"})
    void compilerMemoryBomb(String sandbox) {
        CodeInterpreter interpreter = sandboxes.get(sandbox);
        String bomb = doubling("final String s0 = \"abcdefgh\";", "final String s%1$d = s%2$d + s%2$d;", 24);
        ToolResult r = interpreter.run(bomb + "s24.length()");
        assertEquals(Status.COMPILE_ERROR, r.status(), r.toString());
        assertTrue(r.message().contains("ran out of memory"), r.message());
        assertEquals("42", interpreter.run("6 * 7").value());
    }
}
