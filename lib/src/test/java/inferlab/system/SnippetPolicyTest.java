package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnippetPolicyTest {

    @Test
    void rejectsEachDangerousApiWithItsReason() {
        Map<String, String> hostile = Map.ofEntries(
                Map.entry("System.exit(0)", "JVM exit"),
                Map.entry("Runtime.getRuntime().halt(1)", "process control"),
                Map.entry("new ProcessBuilder(\"sh\").start()", "process control"),
                Map.entry("java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"))", "file system"),
                Map.entry("new java.io.FileOutputStream(\"x\")", "file system"),
                Map.entry("import java.io.*;", "file system"),
                Map.entry("new java.net.Socket(\"localhost\", 80)", "network"),
                Map.entry("new Thread(() -> {}).start()", "thread"),
                Map.entry("java.util.List.of(1).parallelStream().count()", "thread"),
                Map.entry("import java.util.concurrent.Executors;", "thread"),
                Map.entry("Class.forName(\"java.lang.Runtime\")", "reflection"),
                Map.entry("\"x\".getClass().getMethods()", "reflection"),
                Map.entry("String.class", "reflection"),
                Map.entry("native void f();", "native"),
                Map.entry("System.getenv(\"HOME\")", "environment"),
                Map.entry("Runnable r = System::exit;", "JVM exit"),
                Map.entry("javax.script.ScriptEngineManager m;", "not allowed"),
                Map.entry("com.sun.net.httpserver.HttpServer s;", "not allowed"),
                Map.entry("\\u0046iles.delete(null)", "file system"),       // unicode escape for 'F'
                Map.entry("System.\\u0065xit(1)", "JVM exit"));
        hostile.forEach((code, reason) -> {
            Optional<String> why = SnippetPolicy.check(code);
            assertTrue(why.isPresent(), "should reject: " + code);
            assertTrue(why.get().contains(reason), code + " -> " + why.get());
        });
    }

    @Test
    void acceptsPureComputationEvenWhenLiteralsOrCommentsMentionBlockedNames() {
        for (String code : new String[] {
                "48/2",
                "int x = 6 * 7; // no Thread here\nSystem.out.println(\"File \" + x);",
                "import java.util.*;\nList<Integer> xs = new ArrayList<>(List.of(3, 1, 2)); Collections.sort(xs); xs",
                "java.math.BigInteger.TWO.pow(100)",
                "String s = \"\"\"\n  Runtime.exec\n  \"\"\"; s.length()",
                "char c = '\"'; Math.max(1, 2)",
                "long f(int n) { return n <= 1 ? 1 : n * f(n - 1); } f(10)"}) {
            assertEquals(Optional.empty(), SnippetPolicy.check(code), code);
        }
    }
}
