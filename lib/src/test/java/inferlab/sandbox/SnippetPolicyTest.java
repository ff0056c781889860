package inferlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy decides on what javac resolved: every way of spelling a forbidden call compiles to the same
 * reference and is refused with the same reason; pure computation passes even when its text mentions
 * forbidden names.
 */
class SnippetPolicyTest {
    static SnippetCompiler compiler;

    @BeforeAll
    static void start() {
        compiler = new SnippetCompiler();
    }

    @AfterAll
    static void stop() {
        compiler.close();
    }

    static Optional<String> verdict(String code) {
        SnippetCompiler.Output out = compiler.compile(code);
        assertTrue(out.ok(), code + " should compile: " + out.errors());
        return SnippetPolicy.check(out.classes());
    }

    @Test
    void rejectsEachDangerousApiWithItsReason() {
        Map<String, String> hostile = Map.ofEntries(
                Map.entry("System.exit(0)", "JVM exit"),
                Map.entry("Runtime.getRuntime().halt(1)", "process control"),
                Map.entry("new ProcessBuilder(\"sh\").start()", "process control"),
                Map.entry("ProcessHandle.current().pid()", "process control"),
                Map.entry("java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"))", "file system"),
                Map.entry("new java.io.FileOutputStream(\"x\")", "file system"),
                Map.entry("new java.io.PrintStream(\"x\")", "file system"),
                Map.entry("new java.util.Formatter(\"x\")", "file system"),
                Map.entry("System.out.close()", "file system"),
                Map.entry("new java.net.Socket(\"localhost\", 80)", "network"),
                Map.entry("new Thread(() -> {}).start()", "thread"),
                Map.entry("List.of(1).parallelStream().count()", "thread"),
                Map.entry("IntStream.range(0, 9).parallel().sum()", "thread"),
                Map.entry("java.util.concurrent.Executors.newFixedThreadPool(2)", "thread"),
                Map.entry("Class.forName(\"java.lang.Runtime\")", "reflection"),
                Map.entry("\"x\".getClass().getMethods()", "reflection"),
                Map.entry("ServiceLoader.load(Runnable.class)", "class loading"),
                Map.entry("ClassLoader.getSystemClassLoader()", "class loading"),
                Map.entry("new java.io.ObjectInputStream(null)", "serialization"),
                Map.entry("Runnable r = (Runnable & java.io.Serializable) () -> {}; r", "serialization"),
                Map.entry("System.loadLibrary(\"x\")", "native code"),
                Map.entry("class J { native void f(); }", "native code"),
                Map.entry("System.getenv(\"HOME\")", "environment"),
                Map.entry("System.getProperty(\"user.home\")", "environment"),
                Map.entry("Integer.getInteger(\"x\")", "environment"),
                Map.entry("System.setOut(null)", "environment"),
                Map.entry("new java.util.Scanner(System.in).nextLine()", "java.io.InputStream"),
                Map.entry("Locale.setDefault(Locale.GERMAN)", "JVM-wide defaults"),
                Map.entry("IntConsumer r = System::exit; r", "JVM exit"),
                Map.entry("class F { protected void finalize() { } }", "finalizer"),
                Map.entry("Object o = jdk.internal.misc.Unsafe.class; o", "not visible"),   // javac sees java.base only
                Map.entry("Object u = sun.misc.Unsafe.class; u", "not visible"),
                Map.entry("java.lang.invoke.MethodHandles.lookup()", "reflection"));
        hostile.forEach((code, reason) -> {
            SnippetCompiler.Output out = compiler.compile(code);
            Optional<String> why = out.ok() ? SnippetPolicy.check(out.classes()) : Optional.of(out.errors());
            assertTrue(why.isPresent(), "should reject: " + code);
            assertTrue(why.get().contains(reason), code + " -> " + why.get());
        });
    }

    /** Each spelling compiles to System.exit, Files or Class.forName, so each is refused like the plain one. */
    @Test
    void spellingTricksResolveToTheSameReference() {
        Map<String, String> tricks = Map.of(
                "Sys\u00ADtem.ex\u00ADit(7)", "JVM exit",                              // soft hyphen, ignorable
                "System.e\u2060xit(7)", "JVM exit",                                    // word joiner, ignorable
                "System.\\u0065xit(7)", "JVM exit",                                     // unicode escape
                "System./* no */exit(7)", "JVM exit",                                   // comment
                "java.nio.file.\\u0046iles.readString(java.nio.file.Path.of(\"/etc/hostname\"))", "file system",
                "Class.forName(\"java.lang.\" + \"Run\" + \"time\")", "reflection",     // name built at run time
                "interface L { Object load(String n) throws Exception; }\nL l = Class::forName;\nl", "reflection",
                "java.lang.reflect.Array.newInstance(int.class, 3)", "reflection");
        tricks.forEach((code, reason) -> {
            Optional<String> why = verdict(code);
            assertTrue(why.isPresent() && why.get().contains(reason), code + " -> " + why);
        });
    }

    @Test
    void acceptsPureComputationEvenWhenLiteralsOrCommentsMentionForbiddenNames() {
        for (String code : new String[] {
                "48/2",
                "int x = 6 * 7; // no Thread here\nSystem.out.println(\"File \" + x);",
                "import java.util.*;\nList<Integer> xs = new ArrayList<>(List.of(3, 1, 2)); Collections.sort(xs); xs",
                "java.math.BigInteger.TWO.pow(100)",
                "String s = \"\"\"\n  Runtime.exec\n  \"\"\"; s.length()",
                "long f(int n) { return n <= 1 ? 1 : n * f(n - 1); } f(10)",
                "IntStream.rangeClosed(1, 5).map(i -> i * i).boxed().collect(Collectors.toList())",
                "Map<String, Integer> m = new TreeMap<>(); for (String w : \"a b a\".split(\" \")) m.merge(w, 1, Integer::sum); m",
                "record P(int x, int y) { } new P(1, 2)",
                "enum Color { RED, GREEN } EnumSet.allOf(Color.class)",
                "String.format(\"%.3f\", Math.PI) + \" \" + Integer.toBinaryString(10)",
                "int k = 2;\nString s = switch (k) { case 1 -> \"one\"; default -> \"many\"; };\nassert s != null;\ns",
                "Function<Integer, Integer> sq = x -> x * x; sq.andThen(x -> x + 1).apply(4)",
                "new java.text.DecimalFormat(\"0.00\").format(2.5)",
                "java.time.LocalDate.of(2024, 2, 28).plusDays(1)",
                "int[] a = {3, 1, 2}; Arrays.sort(a); a",
                "try { Integer.parseInt(\"x\"); } catch (NumberFormatException e) { System.out.println(e.getMessage()); }"}) {
            assertEquals(Optional.empty(), verdict(code), code);
        }
    }

    /** Only snippets that touch the JDK's locale, calendar or text machinery retire their JVM; plain computation does not. */
    @Test
    void snippetsThatMayFillJdkCachesAreKnown() {
        for (String cached : new String[] {"java.time.LocalDate.of(2024, 2, 28).plusDays(1)",
                "new java.text.DecimalFormat(\"0.00\").format(2.5)", "Locale.US.getDisplayName()",
                "new Date(0).getTime()", "java.time.LocalDate[] days = new java.time.LocalDate[1]; days.length",
                "class W implements java.time.temporal.TemporalAdjuster {\n"
                        + "  public java.time.temporal.Temporal adjustInto(java.time.temporal.Temporal t) { return t; } }\n1"}) {
            assertTrue(SnippetPolicy.mayFillJdkCaches(compiler.compile(cached).classes()), cached);
        }
        for (String plain : new String[] {"6 * 7", "String.format(\"%.3f\", Math.PI)",
                "Map<String, Integer> m = new TreeMap<>(); m.put(\"a\", 1); m",
                "record P(int x) { } new P(1)", "IntStream.range(0, 4).boxed().collect(Collectors.toList())"}) {
            assertFalse(SnippetPolicy.mayFillJdkCaches(compiler.compile(plain).classes()), plain);
        }
    }
}
