package inferlab.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The child process of {@link CodeInterpreter}: one JShell (local execution, no default imports), one
 * snippet, one result line, exit.
 *
 * <p>It boots and compiles a warm-up snippet before reading its input, so a pre-started child answers
 * quickly; it says so with a first line {@link #READY}. Input on stdin: a nonce line, then the code.
 * Output on stdout: whatever the snippet prints, then one line {@code <nonce> <STATUS> <base64 text>}. The nonce is unknown to the snippet, so the snippet
 * cannot forge a result. Only JDK classes are used here: the child's class path holds this class alone.
 */
public final class SnippetRunner {
    private SnippetRunner() {}

    /** The first line the child prints, once JShell is warm and it waits for the snippet. */
    static final String READY = "inferlab-sandbox-ready";

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        JShell shell = JShell.builder().executionEngine("local").build();
        shell.eval("int warmUp = 1 + 1;");
        out.print(READY + "\n");
        out.flush();
        byte[] input = readAll(System.in);
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline <= 0) System.exit(0); // parent went away before sending a snippet
        String nonce = text.substring(0, newline);
        String[] result = evaluate(shell, text.substring(newline + 1));
        System.out.flush();
        out.print("\n" + nonce + " " + result[0] + " "
                + Base64.getEncoder().encodeToString(result[1].getBytes(StandardCharsets.UTF_8)) + "\n");
        out.flush();
        System.exit(0);
    }

    /** {status, text}: status is OK, COMPILE_ERROR or EXCEPTION; text the last value or the error. */
    static String[] evaluate(JShell shell, String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String value = "";
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                return new String[] {"COMPILE_ERROR", "incomplete snippet: " + remaining.strip()};
            }
            for (SnippetEvent e : shell.eval(info.source())) {
                if (e.causeSnippet() != null) continue; // side effect on an earlier snippet
                if (e.status() == Snippet.Status.REJECTED) {
                    String why = shell.diagnostics(e.snippet())
                            .map(d -> d.getMessage(Locale.ROOT))
                            .collect(Collectors.joining("; "));
                    return new String[] {"COMPILE_ERROR", why};
                }
                if (e.exception() instanceof UnresolvedReferenceException u) {
                    return new String[] {"COMPILE_ERROR", "unresolved reference in " + u.getSnippet().source().strip()};
                }
                if (e.exception() instanceof EvalException x) {
                    String msg = x.getMessage();
                    return new String[] {"EXCEPTION", x.getExceptionClassName() + (msg == null ? "" : ": " + msg)};
                }
                if (e.exception() != null) {
                    return new String[] {"EXCEPTION", e.exception().toString()};
                }
                if (e.value() != null && !e.value().isEmpty()) value = e.value(); // void calls give ""
            }
            remaining = info.remaining();
        }
        return new String[] {"OK", value};
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }
}
