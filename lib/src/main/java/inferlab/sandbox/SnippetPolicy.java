package inferlab.sandbox;

import inferlab.sandbox.ClassReferences.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy layer of the sandbox: an allowlist checked against what a snippet's compiled classes reference
 * ({@link ClassReferences}), before any of its code runs.
 *
 * <p>Because the check reads class files, it sees what javac resolved: identifier-ignorable characters,
 * unicode escapes, comments and odd spacing have all been dealt with by the compiler, and a class name
 * built from strings does nothing without reflection, which is not on the list. A snippet may use:
 * <ul>
 *   <li>the classes it defines itself;</li>
 *   <li>the computational core of {@code java.lang}: {@code Object}, {@code String}, {@code StringBuilder},
 *       the boxes, {@code Math}, {@code Enum}, {@code Record}, common exceptions, and of {@code System} only
 *       {@code out}, {@code err}, the clocks, {@code arraycopy} and {@code identityHashCode};</li>
 *   <li>{@code java.util} with its {@code function}, {@code stream} and {@code regex} packages,
 *       {@code java.math}, {@code java.text} and {@code java.time}, minus what loads classes by name
 *       ({@code ServiceLoader}, {@code ResourceBundle}), writes files ({@code Formatter}), starts threads
 *       ({@code Timer}, anything {@code parallel}) or changes JVM-wide defaults ({@code setDefault});</li>
 *   <li>{@code PrintStream}'s printing methods (for {@code System.out}) and {@code Class} as an opaque value
 *       (for {@code EnumSet.allOf(Color.class)}), not its methods;</li>
 *   <li>the bootstrap methods javac uses for lambdas, string concatenation, records and switches. Calling one
 *       directly needs a {@code MethodHandles.Lookup}, and no allowed member returns one.</li>
 * </ul>
 * Everything else is refused: files, sockets, processes, threads, exit, the environment and system
 * properties, reflection and method handles, class loading, serialization, {@code jdk.internal} and
 * {@code sun.*}. A snippet class may not declare native methods (JNI) or a finalizer (code that would run
 * later, in the next snippet's time, since a sandbox JVM serves several snippets).
 */
public final class SnippetPolicy {
    private SnippetPolicy() {}

    /** Packages whose classes are allowed (members filtered by {@link #DENIED_NAMES}). */
    private static final Set<String> PACKAGES = Set.of("java/util", "java/util/function", "java/util/stream",
            "java/util/regex", "java/math", "java/text", "java/time", "java/time/format", "java/time/temporal",
            "java/time/chrono");

    /** Classes of those packages that are not allowed. */
    private static final Set<String> DENIED_IN_PACKAGES = Set.of("java/util/ServiceLoader",
            "java/util/ResourceBundle", "java/util/ListResourceBundle", "java/util/PropertyResourceBundle",
            "java/util/Formatter", "java/util/Timer", "java/util/TimerTask", "java/util/stream/StreamSupport");

    /** Classes of {@code java.lang} a snippet may use with all their members (but a few refused by name). */
    private static final Set<String> LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer",
            "CharSequence", "Comparable", "Iterable", "Appendable", "Readable", "AutoCloseable", "Runnable",
            "Cloneable", "Math", "StrictMath", "Number", "Integer", "Long", "Short", "Byte", "Double", "Float",
            "Character", "Boolean", "Void", "Enum", "Record", "StackTraceElement", "Override",
            "FunctionalInterface", "SafeVarargs", "SuppressWarnings", "Deprecated", "Throwable", "Exception",
            "RuntimeException", "Error", "ArithmeticException", "ArrayIndexOutOfBoundsException",
            "ArrayStoreException", "ClassCastException", "CloneNotSupportedException", "IllegalArgumentException",
            "IllegalStateException", "IndexOutOfBoundsException", "NegativeArraySizeException",
            "NullPointerException", "NumberFormatException", "StringIndexOutOfBoundsException",
            "UnsupportedOperationException", "AssertionError", "StackOverflowError", "OutOfMemoryError",
            "NoSuchFieldError", "IncompatibleClassChangeError", "MatchException", "InterruptedException");

    /** Members allowed on classes that are otherwise off the list. */
    private static final Map<String, Set<String>> ONLY_MEMBERS = Map.of(
            "java/lang/System", Set.of("out", "err", "nanoTime", "currentTimeMillis", "arraycopy", "lineSeparator",
                    "identityHashCode"),
            "java/io/PrintStream", Set.of("print", "println", "printf", "format", "append", "write", "flush",
                    "checkError"),
            "java/lang/Class", Set.of("desiredAssertionStatus")); // javac's code for assert statements

    /**
     * Classes that may be named but not used: javac lists them in the InnerClasses attribute of every class
     * with an invokedynamic. Any use beyond an opaque {@code Class} value needs a member reference, refused.
     */
    private static final Set<String> NAMED_ONLY = Set.of("java/lang/invoke/MethodHandles",
            "java/lang/invoke/MethodHandles$Lookup");

    /** Member names refused on every class: they start threads or change JVM-wide state. */
    private static final Set<String> DENIED_NAMES = Set.of("parallel", "parallelStream", "parallelSort",
            "parallelPrefix", "parallelSetAll", "setDefault");

    /** Members refused on allowed classes: they read system properties. */
    private static final Set<String> DENIED_MEMBERS = Set.of("java/lang/Integer.getInteger", "java/lang/Long.getLong",
            "java/lang/Boolean.getBoolean");

    /** The bootstrap methods javac emits for Java 17 code, as owner.name. */
    private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory.makeConcat", "java/lang/runtime/ObjectMethods.bootstrap",
            "java/lang/runtime/SwitchBootstraps.typeSwitch", "java/lang/runtime/SwitchBootstraps.enumSwitch");

    /** Why a refused name is dangerous, by prefix (the most specific prefix wins); for the message only. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("java/io/", "file system access"), Map.entry("java/nio/file/", "file system access"),
            Map.entry("java/nio/channels/", "file or network access"), Map.entry("java/net/", "network access"),
            Map.entry("java/io/ObjectInputStream", "serialization"), Map.entry("java/io/Serializable", "serialization"),
            Map.entry("java/lang/invoke/SerializedLambda", "serialization"),
            Map.entry("java/lang/Process", "process control"), Map.entry("java/lang/Runtime", "process control"),
            Map.entry("java/lang/Runtime.exit", "JVM exit"), Map.entry("java/lang/Runtime.halt", "JVM exit"),
            Map.entry("java/lang/System.exit", "JVM exit"), Map.entry("java/lang/System.getenv", "environment access"),
            Map.entry("java/lang/System.getProperty", "environment access"),
            Map.entry("java/lang/System.getProperties", "environment access"),
            Map.entry("java/lang/System.setProperty", "environment access"),
            Map.entry("java/lang/System.in", "environment access"), Map.entry("java/lang/System.set", "environment access"),
            Map.entry("java/lang/System.load", "native code"), Map.entry("java/lang/Thread", "thread creation"),
            Map.entry("java/util/concurrent/", "thread creation"), Map.entry("java/util/Timer", "thread creation"),
            Map.entry("java/lang/reflect/", "reflection"), Map.entry("java/lang/invoke/", "reflection"),
            Map.entry("java/lang/Class", "reflection"), Map.entry("java/lang/ClassLoader", "class loading"),
            Map.entry("java/lang/Module", "reflection"), Map.entry("java/lang/StackWalker", "reflection"),
            Map.entry("java/util/ServiceLoader", "class loading"), Map.entry("java/util/ResourceBundle", "class loading"),
            Map.entry("java/util/Formatter", "file system access"), Map.entry("jdk/", "JDK internals"),
            Map.entry("sun/", "JDK internals"), Map.entry("com/sun/", "JDK internals"),
            Map.entry("java/lang/Integer.getInteger", "environment access"),
            Map.entry("java/lang/Long.getLong", "environment access"),
            Map.entry("java/lang/Boolean.getBoolean", "environment access"));

    /** The reason these compiled classes (binary name to class file) may not run, or empty if they may. */
    public static Optional<String> check(Map<String, byte[]> classes) {
        List<ClassReferences> parsed = classes.values().stream().map(ClassReferences::read).toList();
        Set<String> own = Set.copyOf(parsed.stream().map(ClassReferences::name).toList());
        for (ClassReferences c : parsed) {
            Optional<String> why = check(c, own);
            if (why.isPresent()) return why;
        }
        return Optional.empty();
    }

    private static Optional<String> check(ClassReferences c, Set<String> own) {
        List<String> refused = new ArrayList<>();
        for (String t : c.supertypes()) if (!typeAllowed(t, own)) refused.add(t);
        for (String t : c.classes()) if (!typeAllowed(t, own) && !NAMED_ONLY.contains(t)) refused.add(t);
        for (String d : c.descriptors()) {
            for (String t : ClassReferences.typesIn(d)) if (!typeAllowed(t, own)) refused.add(t);
        }
        for (Member m : c.members()) refusedIn(m, own).ifPresent(refused::add);
        for (Member m : c.bootstraps()) {
            if (!BOOTSTRAPS.contains(m.owner() + "." + m.name())) refused.add(m.owner() + "." + m.name());
        }
        if (!refused.isEmpty()) {
            String name = refused.get(0);
            return Optional.of(reason(name) + ": " + name.replace('/', '.') + " is not allowed in the sandbox");
        }
        for (Member m : c.declared()) {
            if ((m.flags() & ClassReferences.ACC_NATIVE) != 0) {
                return Optional.of("native code: native method " + m.name() + " is not allowed in the sandbox");
            }
            if (m.name().equals("finalize") && m.descriptor().equals("()V")) {
                return Optional.of("finalizer: finalize() would run outside the snippet's time");
            }
        }
        if (c.dynamicConstants()) return Optional.of("dynamic constants are not allowed in the sandbox");
        return Optional.empty();
    }

    /**
     * Whether these compiled classes have any exception handler ({@code catch}, {@code finally},
     * try-with-resources, {@code synchronized}, a pattern switch). Only code without one is sure to end with
     * the first {@link Error} it meets, rather than live on after a JDK class failed to initialize.
     */
    public static boolean mayCatch(Map<String, byte[]> classes) {
        return classes.values().stream().map(ClassReferences::read).anyMatch(ClassReferences::handlers);
    }

    /**
     * Where the JDK keeps JVM-wide caches filled from what callers pass in: its locale, calendar and text machinery.
     * A cache key can miss part of the input (java.time.format keys its localized patterns by a chronology's id, not
     * by its calendar type), so a snippet there can leave a wrong entry, made of JDK objects only, that the clean
     * check after it cannot see and that every later snippet on the JVM is given.
     */
    private static final List<String> CACHED = List.of("java/time/", "java/text/", "java/util/Locale",
            "java/util/TimeZone", "java/util/SimpleTimeZone", "java/util/Calendar", "java/util/GregorianCalendar",
            "java/util/Date", "java/util/Currency", "java/util/Scanner");

    /**
     * Whether these compiled classes name anything of {@link #CACHED}, as a supertype, a type or a member's owner.
     * Such a snippet's JVM serves no other snippet: they may have changed what the JDK computes for the next one.
     */
    public static boolean mayFillJdkCaches(Map<String, byte[]> classes) {
        for (ClassReferences c : classes.values().stream().map(ClassReferences::read).toList()) {
            List<String> names = new ArrayList<>(c.supertypes());
            names.addAll(c.classes());
            c.descriptors().forEach(d -> names.addAll(ClassReferences.typesIn(d)));
            for (Member m : c.members()) {
                names.add(m.owner());
                names.addAll(ClassReferences.typesIn(m.descriptor()));
            }
            for (String name : names) {
                String element = name.replaceFirst("^\\[+L?", "");
                if (CACHED.stream().anyMatch(element::startsWith)) return true;
            }
        }
        return false;
    }

    /** The refused type or member a field or method reference names, if any. */
    private static Optional<String> refusedIn(Member m, Set<String> own) {
        for (String t : ClassReferences.typesIn(m.descriptor())) if (!typeAllowed(t, own)) return Optional.of(t);
        String member = m.owner() + "." + m.name();
        if (DENIED_NAMES.contains(m.name()) || DENIED_MEMBERS.contains(member)) return Optional.of(member);
        if (!typeAllowed(m.owner(), own)) return Optional.of(m.owner());
        Set<String> only = ONLY_MEMBERS.get(m.owner());
        return only == null || only.contains(m.name()) ? Optional.empty() : Optional.of(member);
    }

    /**
     * A type a snippet may name: its own classes, allowed classes, the classes of {@link #ONLY_MEMBERS}, and
     * arrays of these or of primitives.
     */
    private static boolean typeAllowed(String name, Set<String> own) {
        if (name.startsWith("[")) {
            List<String> element = ClassReferences.typesIn(name);
            return element.isEmpty() || typeAllowed(element.get(0), own);
        }
        return own.contains(name) || classAllowed(name) || ONLY_MEMBERS.containsKey(name);
    }

    /** A class whose members a snippet may use (those not refused by name). */
    static boolean classAllowed(String name) {
        int slash = name.lastIndexOf('/');
        if (slash < 0) return false;
        String pkg = name.substring(0, slash);
        String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
        if (pkg.equals("java/lang")) return LANG.contains(outer.substring(slash + 1));
        return PACKAGES.contains(pkg) && !DENIED_IN_PACKAGES.contains(outer);
    }

    private static String reason(String refused) {
        String best = "";
        for (String prefix : REASONS.keySet()) {
            if (refused.startsWith(prefix) && prefix.length() > best.length()) best = prefix;
        }
        if (!best.isEmpty()) return REASONS.get(best);
        String name = refused.substring(refused.lastIndexOf('.') + 1);
        if (name.startsWith("parallel")) return "thread creation";
        return name.equals("setDefault") ? "JVM-wide defaults" : "not on the sandbox's allowlist";
    }
}
