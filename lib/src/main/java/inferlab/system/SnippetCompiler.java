package inferlab.system;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * processing, so nothing of the host application is visible.
 */
public final class SnippetCompiler implements AutoCloseable {

    /** The binary name of the snippet's class. */
    static final String MAIN = "$Snippet";

    private static final String DEFAULT_IMPORTS =
            "import java.util.*; import java.util.function.*; import java.util.stream.*; import java.math.*;\n";
    private static final List<String> OPTIONS = List.of("-proc:none", "-implicit:none", "-Xlint:none", "-nowarn",
            "--limit-modules", "java.base", "-g:source,lines");

    /** The class files, binary name to bytes, or the compiler's errors. */
    public record Output(Map<String, byte[]> classes, String errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private enum Kind { IMPORT, MEMBER, EXPRESSION, STATEMENT }

    /** One unit of the snippet; {@code name} is the variable a declaration statement declares, if any. */
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
        shell = JShell.builder().executionEngine("local").build();
    }

    /** Compiles the snippet; never throws for bad code, which comes back as {@link Output#errors()}. */
    public synchronized Output compile(String snippet) {
        List<Unit> units = units(snippet);
        if (units.isEmpty()) return new Output(Map.of(), "empty snippet");
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
        List<Unit> units = new ArrayList<>();
        String remaining = snippet;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                units.add(new Unit(Kind.STATEMENT, remaining, null)); // javac reports what is missing
                break;
            }
            units.add(classify(info.source()));
            remaining = info.remaining();
        }
        return units;
    }

    /** What a unit is, decided by parsing it in each position it could take (parsing runs no code). */
    private Unit classify(String unit) {
        String bare = unit.strip();
        if (bare.endsWith(";")) bare = bare.substring(0, bare.length() - 1);
        if (parse("class $W { Object $f =\n" + bare + "\n; }") != null) return new Unit(Kind.EXPRESSION, bare, null);
        CompilationUnitTree cu = parse(unit);
        if (cu != null && !cu.getImports().isEmpty() && cu.getTypeDecls().isEmpty()) {
            return new Unit(Kind.IMPORT, unit, null);
        }
        cu = parse("class $W {\n" + unit + "\n}");
        if (cu != null) {
            List<? extends Tree> members = ((ClassTree) cu.getTypeDecls().get(0)).getMembers();
            if (members.size() == 1 && !(members.get(0) instanceof VariableTree)) {
                Tree m = members.get(0);
                var modifiers = m instanceof MethodTree method ? method.getModifiers() : ((ClassTree) m).getModifiers();
                return new Unit(Kind.MEMBER, (modifiers.getFlags().contains(Modifier.STATIC) ? "" : "static ") + unit, null);
            }
        }
        cu = parse("class $W { void $m() {\n" + unit + "\n} }");
        if (cu != null) {
            var body = ((MethodTree) ((ClassTree) cu.getTypeDecls().get(0)).getMembers().get(0)).getBody().getStatements();
            Tree lastStatement = body.isEmpty() ? null : body.get(body.size() - 1);
            String name = lastStatement instanceof VariableTree v ? v.getName().toString() : null;
            if (lastStatement instanceof ExpressionStatementTree) name = null;
            return new Unit(Kind.STATEMENT, unit, name);
        }
        return new Unit(Kind.STATEMENT, unit, null);
    }

    /** The parse tree, or null if the source has syntax errors. */
    private CompilationUnitTree parse(String source) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics, OPTIONS, null, List.of(new Source(source)));
        try {
            CompilationUnitTree tree = task.parse().iterator().next();
            boolean errors = diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
            return errors ? null : tree;
        } catch (IOException e) {
            return null;
        }
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
                case STATEMENT -> {
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
            super(URI.create("string:///" + MAIN + ".java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
