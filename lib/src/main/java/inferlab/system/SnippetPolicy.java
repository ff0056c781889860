package inferlab.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The static layer of the sandbox: a lexical check of a Java snippet before it runs.
 *
 * <p>The snippet is lexed the way javac sees it (unicode escapes translated first, comments and string
 * literals skipped), then rejected if it names anything that reaches outside pure computation: file or
 * network APIs, processes, threads, reflection and class loading, native code, JVM exit, the environment.
 * Only {@code java.lang} is visible without an import in the child's JShell (no default imports), so
 * every other class must come through an import or a qualified name, and those are checked against an
 * allow-list of packages ({@code java.util}, {@code java.math}, {@code java.text}, {@code java.time}).
 *
 * <p>What it guarantees: a snippet that passes cannot name the blocked APIs directly. What it does not:
 * it is a deny-list over names, not a type checker; an API it does not know about can slip through. The
 * OS layer ({@link OsSandbox}) and the JVM limits in {@link CodeInterpreter} are there for that case.
 */
public final class SnippetPolicy {
    private SnippetPolicy() {}

    private static final Map<String, String> BLOCKED = blocked();

    private static Map<String, String> blocked() {
        var m = new java.util.HashMap<String, String>();
        put(m, "file system access", "File", "Files", "Path", "Paths", "FileSystem", "FileSystems",
                "FileInputStream", "FileOutputStream", "FileReader", "FileWriter", "RandomAccessFile",
                "FileChannel", "FileDescriptor", "PrintStream", "PrintWriter", "Formatter", "ResourceBundle",
                "getResource", "getResourceAsStream", "getResources");
        put(m, "network access", "Socket", "ServerSocket", "DatagramSocket", "SocketChannel", "URL", "URI",
                "URLConnection", "HttpClient", "InetAddress", "InetSocketAddress");
        put(m, "process control", "Runtime", "Process", "ProcessBuilder", "ProcessHandle", "exec",
                "addShutdownHook");
        put(m, "JVM exit", "exit", "halt");
        put(m, "thread creation", "Thread", "ThreadGroup", "InheritableThreadLocal", "Timer", "Executor",
                "Executors", "ExecutorService", "ForkJoinPool", "CompletableFuture", "parallel",
                "parallelStream", "parallelSort", "parallelPrefix", "parallelSetAll", "Cleaner");
        put(m, "reflection or class loading", "Class", "ClassLoader", "Module", "ModuleLayer", "StackWalker",
                "Proxy", "MethodHandle", "MethodHandles", "VarHandle", "SerializedLambda", "ServiceLoader",
                "ObjectInputStream", "getClass", "getDeclaringClass", "getEnclosingClass", "getComponentType",
                "componentType", "getSuperclass", "getModule", "getClassLoader", "getContextClassLoader",
                "forName", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods", "getField",
                "getFields", "getDeclaredField", "getDeclaredFields", "getConstructor", "getConstructors",
                "getDeclaredConstructor", "getDeclaredConstructors", "newInstance", "invoke", "invokeExact",
                "setAccessible", "lookup", "privateLookupIn", "defineClass", "loadClass");
        put(m, "native code", "native", "Unsafe", "theUnsafe", "JNI", "load", "loadLibrary", "SecurityManager");
        put(m, "environment access", "getenv", "getProperty", "getProperties", "setProperty", "console",
                "inheritedChannel", "setIn", "setOut", "setErr");
        return Map.copyOf(m);
    }

    private static void put(Map<String, String> m, String reason, String... names) {
        for (String n : names) m.put(n, reason);
    }

    /** Members of {@code System} a snippet may use; everything else on it is environment or JVM control. */
    private static final Set<String> SYSTEM_MEMBERS =
            Set.of("out", "err", "nanoTime", "currentTimeMillis", "arraycopy", "lineSeparator", "identityHashCode");

    /** Package prefixes a snippet may import or name; sub-packages below them are checked by DENIED. */
    private static final List<String> ALLOWED_PACKAGES =
            List.of("java.util.", "java.math.", "java.text.", "java.time.");

    private static final List<String> DENIED_PACKAGES = List.of("java.util.concurrent", "java.util.logging",
            "java.util.prefs", "java.util.jar", "java.util.zip", "java.util.spi");

    private static final Map<String, String> PACKAGE_REASONS = Map.of(
            "java.io.", "file system access", "java.nio.", "file system access", "java.net.", "network access",
            "java.lang.reflect.", "reflection or class loading", "java.lang.invoke.", "reflection or class loading",
            "java.util.concurrent.", "thread creation");

    /** Roots of the JDK's non-java namespaces (javax, jdk, sun, com.sun, org.w3c, org.xml). */
    private static final Set<String> FOREIGN_ROOTS = Set.of("javax", "jdk", "sun", "com", "org");

    /** The reason this snippet is rejected, or empty if it passes. */
    public static Optional<String> check(String code) {
        List<String> tokens = tokens(translateUnicodeEscapes(code));
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean dotted = i + 1 < tokens.size() && (tokens.get(i + 1).equals(".") || tokens.get(i + 1).equals("::"));
            String reason = BLOCKED.get(t);
            if (reason != null) return Optional.of(reason + ": '" + t + "' is not allowed");
            if (t.equals("class") && i > 0 && tokens.get(i - 1).equals(".")) {
                return Optional.of("reflection or class loading: class literals are not allowed");
            }
            if (t.equals("System") && dotted && i + 2 < tokens.size() && !SYSTEM_MEMBERS.contains(tokens.get(i + 2))) {
                String member = tokens.get(i + 2);
                return Optional.of(BLOCKED.getOrDefault(member, "environment access") + ": 'System." + member + "' is not allowed");
            }
            if (FOREIGN_ROOTS.contains(t) && dotted) {
                return Optional.of("package not allowed: '" + t + ".' (only java.util, java.math, java.text, java.time)");
            }
            if (t.equals("java") && dotted && (i == 0 || !tokens.get(i - 1).equals("."))) {
                StringBuilder name = new StringBuilder("java");
                for (int j = i + 1; j + 1 < tokens.size() && tokens.get(j).equals("."); j += 2) {
                    name.append('.').append(tokens.get(j + 1));
                }
                String q = name + ".";
                boolean allowed = ALLOWED_PACKAGES.stream().anyMatch(q::startsWith)
                        && DENIED_PACKAGES.stream().noneMatch(d -> q.startsWith(d + "."));
                if (!allowed) {
                    String why = PACKAGE_REASONS.entrySet().stream().filter(e -> q.startsWith(e.getKey()))
                            .map(Map.Entry::getValue).findFirst().orElse("package not allowed");
                    return Optional.of(why + ": '" + name + "' (only java.util, java.math, java.text, java.time)");
                }
            }
        }
        return Optional.empty();
    }

    /** javac translates {@code \\uXXXX} before lexing, so {@code \\u0046ile} is {@code File}: do the same. */
    static String translateUnicodeEscapes(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                int backslashes = 0;
                for (int k = i - 1; k >= 0 && s.charAt(k) == '\\'; k--) backslashes++;
                int j = i + 1;
                while (j < s.length() && s.charAt(j) == 'u') j++;
                if (backslashes % 2 == 0 && j > i + 1 && j + 4 <= s.length()) {
                    try {
                        out.append((char) Integer.parseInt(s.substring(j, j + 4), 16));
                        i = j + 3;
                        continue;
                    } catch (NumberFormatException ignored) {
                        // not an escape: javac would reject it, the compile step reports that
                    }
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Identifiers and the separators '.' and '::'; comments and literals are dropped. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < n && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                i += 3;
                while (i < n && !s.startsWith("\"\"\"", i)) i += s.charAt(i) == '\\' ? 2 : 1;
                i += 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') i += s.charAt(i) == '\\' ? 2 : 1;
                i++;
            } else if (Character.isJavaIdentifierStart(c)) {
                int start = i;
                while (i < n && Character.isJavaIdentifierPart(s.charAt(i))) i++;
                out.add(s.substring(start, i));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_')) i++;
            } else if (s.startsWith("::", i)) {
                out.add("::");
                i += 2;
            } else {
                if (c == '.') out.add(".");
                else if (!Character.isWhitespace(c)) out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }
}
