package inferlab.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz diagrams: one run of a system (its {@link Trace}) and the architecture of the systems.
 * {@link #dot} and {@link #architecture} produce DOT text; {@link #render} and {@link #svg} call
 * Graphviz's {@code dot} when it is installed (the setup script installs it).
 */
public final class TraceDiagram {
    private TraceDiagram() {}

    private static final int LABEL = 44;

    /**
     * The trace as a left-to-right graph: prompt, one chain per candidate (model text, tool calls and
     * results, parsed answer and score), the aggregation, and the chosen answer. Candidates that agree with
     * the chosen answer are green, the chosen one has a bold border.
     */
    public static String dot(Trace t) {
        StringBuilder g = new StringBuilder();
        g.append("digraph trace {\n  rankdir=LR; fontname=Helvetica;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica, fontsize=10];\n");
        g.append("  label=").append(quote(String.format(Locale.ROOT, "%s: %d prompt + %d generated + %d tool tokens, %.2f s",
                t.system(), t.promptTokens(), t.generatedTokens(), t.toolTokens(), t.wall().toNanos() / 1e9))).append(";\n");
        g.append("  prompt [label=").append(quote("prompt\n" + abbreviate(t.prompt()))).append(", fillcolor=\"#dde7f5\"];\n");
        for (Trace.Candidate c : t.candidates()) {
            String prev = "prompt";
            List<Trace.Segment> segs = c.segments();
            for (int s = 0; s < segs.size(); s++) {
                Trace.Segment seg = segs.get(s);
                String id = "c" + c.index() + "s" + s;
                String style = switch (seg.kind()) {
                    case MODEL -> "";
                    case TOOL_CALL -> ", shape=hexagon, fillcolor=\"#fdebd0\"";
                    case TOOL_RESULT -> ", shape=note, fillcolor=\"#fdebd0\"";
                };
                String text = switch (seg.kind()) {
                    case MODEL -> abbreviate(seg.text());
                    case TOOL_CALL -> "tool: " + abbreviate(seg.text());
                    case TOOL_RESULT -> "= " + abbreviate(seg.text());
                };
                g.append("  ").append(id).append(" [label=").append(quote(text)).append(style).append("];\n");
                g.append("  ").append(prev).append(" -> ").append(id).append(";\n");
                prev = id;
            }
            boolean agrees = !t.answer().isEmpty() && c.answer().equals(t.answer());
            String end = "c" + c.index() + "end";
            String score = Double.isNaN(c.score()) ? ""
                    : c.score() == Math.rint(c.score()) ? "\nscore " + (long) c.score()
                    : String.format(Locale.ROOT, "\nscore %.3f", c.score());
            g.append("  ").append(end).append(" [label=").append(quote("#" + c.index() + " answer: "
                    + (c.answer().isEmpty() ? "(none)" : abbreviate(c.answer())) + score))
                    .append(", shape=ellipse, fillcolor=").append(agrees ? "\"#d5f5e3\"" : "\"#eeeeee\"")
                    .append(c.index() == t.chosen() ? ", penwidth=2.5" : "").append("];\n");
            g.append("  ").append(prev).append(" -> ").append(end).append(";\n");
            g.append("  ").append(end).append(" -> aggregate;\n");
        }
        g.append("  aggregate [label=").append(quote(abbreviate(t.aggregation()))).append(", shape=diamond, fillcolor=\"#f5eef8\"];\n");
        g.append("  answer [label=").append(quote("answer: " + (t.answer().isEmpty() ? "(none)" : t.answer())))
                .append(", shape=doubleoctagon, fillcolor=\"#d5f5e3\"];\n");
        g.append("  aggregate -> answer;\n}\n");
        return g.toString();
    }

    /** The architecture of the systems in this package, for the report. */
    public static String architecture() {
        return """
                digraph architecture {
                  rankdir=LR; compound=true; fontname=Helvetica;
                  edge [fontname=Helvetica, fontsize=9];
                  node [shape=box, style="rounded,filled", fillcolor=white, fontname=Helvetica, fontsize=10];
                  item [label="task item\\n(prompt, gold)", fillcolor="#dde7f5"];
                  subgraph cluster_gen {
                    label="Completer: N candidates, one batch"; style=rounded; color="#5d6d7e";
                    prefill [label="prefill prompt once\\nfork N sessions"];
                    step [label="language model step\\n(appendBatch)"];
                    rule [label="decoding rule\\ngreedy | sampling"];
                    detect [label="wrote <<INPUT= ?", shape=diamond];
                    prefill -> step -> rule -> detect;
                    detect -> step [label="no"];
                  }
                  subgraph cluster_tool {
                    label="sandboxed tool"; style=rounded; color="#ca6f1e";
                    policy [label="bytecode allowlist\\n(SnippetPolicy)"];
                    jvm [label="java.base JVM, fresh\\nclass loader; -Xmx, 1 CPU,\\ntimeout, output cap"];
                    os [label="OS isolation\\nnet/pid/mount ns, nobody,\\nrlimits"];
                    policy -> jvm -> os;
                  }
                  detect -> policy [label="yes", lhead=cluster_tool];
                  os -> step [label="inject result>>", ltail=cluster_tool];
                  item -> prefill;
                  cands [label="N candidates\\n(text, parsed answer,\\nlog p, tokens)", shape=folder];
                  detect -> cands [label="EOS / stop / max"];
                  subgraph cluster_agg {
                    label="aggregation"; style=rounded; color="#7d3c98";
                    single [label="single\\n(greedy, sample, tool)"];
                    vote [label="self-consistency\\nmajority vote"];
                    rerank [label="best-of-N\\nreward model r(x, y)"];
                    oracle [label="oracle pass@N\\n(ceiling, uses gold)", style="rounded,dashed"];
                  }
                  cands -> single; cands -> vote; cands -> rerank; cands -> oracle;
                  rm [label="RewardModel\\nlogistic head on LM features\\ntrained on the model's own samples", fillcolor="#f5eef8"];
                  rm -> rerank [style=dashed];
                  answer [label="answer + Trace", shape=doubleoctagon, fillcolor="#d5f5e3"];
                  single -> answer; vote -> answer; rerank -> answer;
                }
                """;
    }

    /**
     * Renders DOT text to {@code out} (format from the extension: png, svg, pdf) with Graphviz; empty when
     * {@code dot} is not installed.
     */
    public static Optional<Path> render(String dot, Path out) throws IOException {
        String name = out.getFileName().toString();
        Optional<byte[]> bytes = graphviz(dot, name.substring(name.lastIndexOf('.') + 1));
        if (bytes.isEmpty()) return Optional.empty();
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, bytes.get());
        return Optional.of(out);
    }

    /** The diagram as SVG text, for inline display in a notebook; empty when {@code dot} is not installed. */
    public static Optional<String> svg(String dot) throws IOException {
        return graphviz(dot, "svg").map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The trace as inline SVG for a notebook, or its DOT text when Graphviz is missing. */
    public static String html(Trace t) throws IOException {
        String dot = dot(t);
        return svg(dot).orElse("<pre>" + dot.replace("&", "&amp;").replace("<", "&lt;") + "</pre>");
    }

    private static Optional<byte[]> graphviz(String dot, String format) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-T" + format).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        try (var in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes(); // dot writes only after reading all input
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("dot did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while rendering", e);
        }
        if (p.exitValue() != 0) throw new IOException("dot failed with exit code " + p.exitValue());
        return Optional.of(out);
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() <= LABEL ? one : one.substring(0, LABEL - 1) + "…";
    }

    /** A DOT string literal; \n in the text becomes a line break. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
