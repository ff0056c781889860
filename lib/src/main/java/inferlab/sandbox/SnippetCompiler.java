package inferlab.sandbox;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Compiles a snippet, JShell-style code, to class files in memory, for {@link SnippetPolicy} to check and
 * the sandbox JVM to run.
 *
 * <p>JShell's completeness analysis splits the snippet into units (it only parses; nothing is evaluated
 * here). Imports go on top; method and type declarations become static members of one class
 * {@value #MAIN}; statements, in order, form its method {@code $value()} (which returns the last expression,
 * or the variable the last declaration declares) or {@code $run()} (when the snippet ends in a statement
 * or a void call). Variables are therefore local: declared methods see their parameters, not the snippet's
 * variables. {@code java.util}, its {@code function} and {@code stream} packages and {@code java.math} are
 * imported by default. javac compiles against {@code java.base} only, with no class path and no annotation
 * processing, so nothing of the host application is visible; and against the Java 17 API ({@code --release 17}),
 * the one {@link SnippetPolicy} was written for: it allows whole packages, so what a newer JDK adds to one (virtual
 * threads behind {@code Gatherers.mapConcurrent} in JDK 24) would be allowed unseen.
 *
 * <p>The source is untrusted, and javac's work is not bounded by its length: constant folding doubles a
 * string with each line ({@code final String b = a + a;}), so thirty lines ask for gigabytes. So the
 * interpreter runs this class in a JVM of its own ({@link #main}, driven by {@link CompilerProcess}), with
 * a heap limit and a wall-clock limit, never in the caller's.
 */
public final class SnippetCompiler implements AutoCloseable {

    /** The binary name of the snippet's class. */
    static final String MAIN = "$Snippet";

    private static final String DEFAULT_IMPORTS =
            "import java.util.*; import java.util.function.*; import java.util.stream.*; import java.math.*;\n";
    private static final List<String> OPTIONS = List.of("-proc:none", "-implicit:none", "-Xlint:none", "-nowarn",
            "--limit-modules", "java.base", "-g:source,lines", "--release", "17");

    /** The class files, binary name to bytes, or the compiler's errors. */
    public record Output(Map<String, byte[]> classes, String errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private enum Kind { IMPORT, MEMBER, EXPRESSION, STATEMENT, SYNTAX_ERROR }

    /**
     * One unit of the snippet; {@code name} is the variable a declaration statement declares, if any. A
     * SYNTAX_ERROR unit's source is javac's message.
     */
    private record Unit(Kind kind, String source, String name) {}

    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    private final StandardJavaFileManager files;
    private final JShell shell;

    public SnippetCompiler() {
        if (javac == null) throw new IllegalStateException("no Java compiler: the sandbox needs a JDK, not a JRE");
        files = javac.getStandardFileManager(null, Locale.ROOT, null);
        try {
            files.setLocation(StandardLocation.CLASS_PATH, List.of());
            files.setLocation(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // A local JShell (built only for its parser) makes its own loader the thread's context class loader; in a
        // notebook, itself a JShell, that hides the kernel's class path from ServiceLoader (DJL then finds no engine).
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            shell = JShell.builder().executionEngine("local").build();
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
    }

    /** Compiles the snippet; never throws for bad code, which comes back as {@link Output#errors()}. */
    public synchronized Output compile(String snippet) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            Output out = compileUnits(snippet);
            return out.ok() ? out : new Output(out.classes(), capped(out.errors()));
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
    }

    /**
     * Longest error text passed on, in chars. javac's messages are not bounded by the source's length: a type
     * doubles with each line ({@code var b = Map.entry(a, a);}), and a message that prints it runs to megabytes
     * from twenty lines. The caller's output cap does not cover compile errors, so this one does.
     */
    static final int MAX_ERRORS = 8 * 1024;

    /** The errors cut to {@link #MAX_ERRORS} chars and a note of their length; text already cut stays as it is. */
    static String capped(String errors) {
        return errors.length() <= MAX_ERRORS + 64 ? errors
                : errors.substring(0, MAX_ERRORS) + "... (" + errors.length() + " chars of errors)";
    }

    /** The first message the compiler JVM sends, once javac is warm. */
    static final String READY = "inferlab-compiler-ready";

    /**
     * The compiler JVM: after {@link #READY}, reads snippets from stdin (length, then UTF-8 bytes) and
     * answers each on stdout: whether this is its last answer (javac failed; the JVM then ends), then
     * {@code true}, the number of classes, then name, length and bytes of each; or {@code false} and the
     * errors (length, then UTF-8 bytes). Anything javac itself prints goes to stderr.
     */
    public static void main(String[] args) throws IOException {
        DataOutputStream answers = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(System.err);
        DataInputStream requests = new DataInputStream(new BufferedInputStream(System.in));
        try (SnippetCompiler compiler = new SnippetCompiler()) {
            compiler.compile("1 + 1");
            answers.writeUTF(READY);
            answers.flush();
            while (true) {
                byte[] snippet;
                try {
                    snippet = new byte[requests.readInt()];
                } catch (EOFException parentClosed) {
                    return;
                }
                requests.readFully(snippet);
                Output out;
                boolean last = false;
                try {
                    out = compiler.compile(new String(snippet, StandardCharsets.UTF_8));
                } catch (Throwable t) {
                    // javac or JShell's parser failed on this input (a stack overflow on deep nesting, say). The
                    // snippet gets a compile error, and this JVM ends after the answer: a failure deep in javac can
                    // leave one of its classes or its shared state unusable for every later snippet
                    out = new Output(Map.of(), "javac failed on this snippet: " + t);
                    last = true;
                }
                answers.writeBoolean(last);
                answers.writeBoolean(out.ok());
                if (out.ok()) {
                    answers.writeInt(out.classes().size());
                    for (var e : out.classes().entrySet()) {
                        answers.writeUTF(e.getKey());
                        answers.writeInt(e.getValue().length);
                        answers.write(e.getValue());
                    }
                } else {
                    byte[] errors = out.errors().getBytes(StandardCharsets.UTF_8);
                    answers.writeInt(errors.length);
                    answers.write(errors);
                }
                answers.flush();
                if (last) return;
            }
        }
    }

    private Output compileUnits(String snippet) {
        List<Unit> units = units(snippet);
        if (units.isEmpty()) return new Output(Map.of(), "empty snippet");
        for (Unit u : units) if (u.kind() == Kind.SYNTAX_ERROR) return new Output(Map.of(), u.source());
        Unit last = units.get(units.size() - 1);
        Output out = compileSource(source(units, last.kind() == Kind.EXPRESSION || last.name() != null));
        if (!out.ok() && last.kind() == Kind.EXPRESSION) {
            // a void call has no value: if the snippet compiles without one, that was the only problem
            Output statement = compileSource(source(units, false));
            if (statement.ok()) return statement;
        }
        return out;
    }

    private List<Unit> units(String snippet) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<String> units = new ArrayList<>();
        String remaining = snippet;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                units.add(remaining); // javac says what is missing
                break;
            }
            units.add(info.source());
            remaining = info.remaining();
        }
        return classify(units);
    }

    /**
     * What each unit is, decided by parsing it in each position it could take: as an expression, as a
     * compilation unit (imports), as a class member, as statements. All of them are parsed by one javac task
     * (parsing runs no code, and a syntax error in one file does not disturb the others). A form counts only
     * if the unit stays inside its place, so text like "}{" cannot reshape the class it is put in.
     */
    private List<Unit> classify(List<String> units) {
        if (units.isEmpty()) return List.of();
        List<Source> forms = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            String unit = units.get(i);
            forms.add(new Source("u" + i + "expression", "class $W { Object $f =\n" + bare(unit) + "\n; }"));
            forms.add(new Source("u" + i + "file", unit));
            forms.add(new Source("u" + i + "member", "class $W {\n" + unit + "\n}"));
            forms.add(new Source("u" + i + "statements", "class $W { void $m() {\n" + unit + "\n} }"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("-Xmaxerrs", String.valueOf(Integer.MAX_VALUE)));
        List<CompilationUnitTree> trees = new ArrayList<>();
        try {
            ((JavacTask) javac.getTask(null, files, diagnostics, options, null, forms)).parse().forEach(trees::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<JavaFileObject> broken = new HashSet<>();
        Map<JavaFileObject, String> errors = new HashMap<>();
        for (var d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            broken.add(d.getSource());
            errors.merge(d.getSource(), d.getMessage(Locale.ROOT), (a, b) -> a + "; " + b);
        }
        for (int i = 0; i < forms.size(); i++) { // one class with one member, or the unit escaped its place
            if (i % 4 == 1 || broken.contains(forms.get(i))) continue;
            var types = trees.get(i).getTypeDecls();
            if (types.size() != 1 || ((ClassTree) types.get(0)).getMembers().size() != 1) broken.add(forms.get(i));
        }
        List<Unit> out = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            String unit = units.get(i);
            int at = 4 * i;
            if (!broken.contains(forms.get(at))) {
                out.add(new Unit(Kind.EXPRESSION, bare(unit), null));
                continue;
            }
            CompilationUnitTree file = trees.get(at + 1);
            if (!broken.contains(forms.get(at + 1)) && !file.getImports().isEmpty() && file.getTypeDecls().isEmpty()) {
                out.add(new Unit(Kind.IMPORT, unit, null));
                continue;
            }
            if (!broken.contains(forms.get(at + 2))) {
                List<? extends Tree> members = ((ClassTree) trees.get(at + 2).getTypeDecls().get(0)).getMembers();
                // only a method or a type: a field is a statement here, and so is a block, which parses as an
                // initializer member ({ ... } or static { ... }) but is no declaration
                if (members.size() == 1 && (members.get(0) instanceof MethodTree || members.get(0) instanceof ClassTree)) {
                    Tree m = members.get(0);
                    var modifiers = m instanceof MethodTree method ? method.getModifiers() : ((ClassTree) m).getModifiers();
                    out.add(new Unit(Kind.MEMBER, (modifiers.getFlags().contains(Modifier.STATIC) ? "" : "static ") + unit, null));
                    continue;
                }
            }
            if (broken.contains(forms.get(at + 3))) {
                out.add(new Unit(Kind.SYNTAX_ERROR, errors.getOrDefault(forms.get(at + 3), "not a statement: " + unit.strip()), null));
                continue;
            }
            var method = (MethodTree) ((ClassTree) trees.get(at + 3).getTypeDecls().get(0)).getMembers().get(0);
            var body = method.getBody().getStatements();
            String name = !body.isEmpty() && body.get(body.size() - 1) instanceof VariableTree v ? v.getName().toString() : null;
            out.add(new Unit(Kind.STATEMENT, unit, name));
        }
        return out;
    }

    /** The unit without its final semicolon. */
    private static String bare(String unit) {
        String s = unit.strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    private static String source(List<Unit> units, boolean value) {
        StringBuilder imports = new StringBuilder(DEFAULT_IMPORTS), members = new StringBuilder(), body = new StringBuilder();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            boolean last = i == units.size() - 1;
            switch (u.kind()) {
                case IMPORT -> imports.append(u.source()).append('\n');
                case MEMBER -> members.append(u.source()).append('\n');
                case EXPRESSION -> body.append(last && value ? "return (" + u.source() + "\n);" : u.source() + "\n;").append('\n');
                case STATEMENT, SYNTAX_ERROR -> {
                    body.append(u.source()).append('\n');
                    if (last && value) body.append("return ").append(u.name()).append(";\n");
                }
            }
        }
        return imports + "public final class " + MAIN + " {\n" + members
                + (value ? "public static Object $value() throws Throwable {\n" : "public static void $run() throws Throwable {\n")
                + body + "}\n}\n";
    }

    private Output compileSource(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        JavaFileManager memory = new ForwardingJavaFileManager<>(files) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(className, c -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        boolean ok = javac.getTask(null, memory, diagnostics, OPTIONS, null, List.of(new Source(source))).call();
        if (!ok && diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR)) {
            // javac catches its own crashes, a StackOverflowError too, and only prints them: no error, yet no classes
            throw new IllegalStateException("javac stopped with an internal error (nesting too deep?)");
        }
        if (!ok) {
            String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> d.getMessage(Locale.ROOT)).distinct().collect(Collectors.joining("; "));
            return new Output(Map.of(), errors.isEmpty() ? "compilation failed" : errors);
        }
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        classes.forEach((name, buffer) -> bytes.put(name, buffer.toByteArray()));
        return new Output(bytes, "");
    }

    @Override
    public synchronized void close() {
        shell.close();
        try {
            files.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    /** A compilation unit held in memory; javac wants the file name to match the public class. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            this(MAIN, code);
        }

        Source(String name, String code) {
            super(URI.create("string:///" + name + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
