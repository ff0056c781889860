package inferlab.system;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.task.GraphPaths;
import inferlab.task.Instructions;
import inferlab.task.MultipleChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link CompletionModel} that recognises the task of a prompt from its format ({@link #classify}) and hands
 * the request to the model registered for that task, or to the fallback. Routes are any completion models: a
 * solver, a self-consistency system, a batched engine, a remote server, or another router.
 */
public final class Router implements CompletionModel {
    /** What {@link #classify} returns for a prompt of none of the known formats. */
    public static final String OTHER = "other";

    private static final Pattern GRAPH = Pattern.compile("^Q: \\d+ shortest paths? \\d+ to \\d+\\. Edges:");
    private static final Pattern CHOICES = Pattern.compile("\\n\\(A\\) .*\\(B\\) .*\\(C\\) .*\\(D\\) .*\\nA:$");
    private static final Pattern RULES = Pattern.compile("^Q: Write about .*Rules: 1\\) ", Pattern.DOTALL);

    private final String name;
    private final Map<String, CompletionModel> routes;
    private final CompletionModel fallback;

    /** @param routes task name ({@link GraphPaths#NAME}, ...) to the model that answers it */
    public Router(String name, Map<String, CompletionModel> routes, CompletionModel fallback) {
        this.name = name;
        this.routes = new LinkedHashMap<>(routes);
        this.fallback = fallback;
    }

    /**
     * The task a prompt belongs to, from its format alone: a graph question names "N shortest paths" and
     * lists edges; a multiple-choice question ends in a line of options (A)–(D); an instruction asks to
     * write about a topic under numbered rules. {@link #OTHER} otherwise.
     */
    public static String classify(String prompt) {
        if (GRAPH.matcher(prompt).find()) return GraphPaths.NAME;
        if (CHOICES.matcher(prompt).find()) return MultipleChoice.NAME;
        if (RULES.matcher(prompt).find()) return Instructions.NAME;
        return OTHER;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        return route(classify(request.prompt())).complete(request);
    }

    /** The model that answers prompts of {@code task}. */
    public CompletionModel route(String task) {
        return routes.getOrDefault(task, fallback);
    }

    public Map<String, CompletionModel> routes() {
        return Map.copyOf(routes);
    }

    @Override
    public String name() {
        return name;
    }

    /** The router's architecture as Graphviz DOT: prompt, classifier, one box per route, answer. */
    public String dot() {
        StringBuilder g = new StringBuilder("digraph router {\n  rankdir=LR; fontname=Helvetica;\n"
                + "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica, fontsize=10];\n"
                + "  edge [fontname=Helvetica, fontsize=9];\n"
                + "  label=" + TraceDiagram.quote(name + ": one completion endpoint, a method per task") + ";\n"
                + "  request [label=\"request\\n(prompt only, task unknown)\", fillcolor=\"#dde7f5\"];\n"
                + "  classify [label=\"classify by prompt format\", shape=diamond, fillcolor=\"#f5eef8\"];\n"
                + "  answer [label=\"completion text\", shape=doubleoctagon, fillcolor=\"#d5f5e3\"];\n"
                + "  request -> classify;\n");
        int i = 0;
        for (Map.Entry<String, CompletionModel> e : routes.entrySet()) {
            String id = "route" + i++;
            g.append("  ").append(id).append(" [label=").append(TraceDiagram.quote(e.getValue().name())).append("];\n");
            g.append("  classify -> ").append(id).append(" [label=").append(TraceDiagram.quote(e.getKey())).append("];\n");
            g.append("  ").append(id).append(" -> answer;\n");
        }
        g.append("  fallback [label=").append(TraceDiagram.quote(fallback.name())).append(", style=\"rounded,dashed\"];\n");
        g.append("  classify -> fallback [label=\"other\"];\n  fallback -> answer;\n}\n");
        return g.toString();
    }
}
