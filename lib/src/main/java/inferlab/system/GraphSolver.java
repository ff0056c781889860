package inferlab.system;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.task.Graph;
import inferlab.task.GraphPaths;
import inferlab.task.ShortestPaths;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A solver for graph-path questions, as a {@link Tool} and as a {@link CompletionModel}: it parses the edge
 * list and P from the question ({@code Q: 2 shortest paths 0 to 5. Edges: 0>1:4 ...}), runs Yen's algorithm
 * ({@link ShortestPaths#yen}) and answers {@code submit_paths(paths=[...], weights=[...])}. No language model
 * is involved, so it answers in microseconds and exactly; a router sends graph questions here.
 */
public final class GraphSolver implements Tool, CompletionModel {
    private static final Pattern QUESTION = Pattern.compile("(\\d+) shortest paths? (\\d+) to (\\d+)");

    @Override
    public String name() {
        return "graph-solver";
    }

    /** The answer to a graph-path question, or a failed result when the text holds none. */
    @Override
    public ToolResult call(String question) {
        long t0 = System.nanoTime();
        try {
            return new ToolResult(ToolResult.Status.OK, solve(question), "", "", Duration.ofNanos(System.nanoTime() - t0));
        } catch (IllegalArgumentException e) {
            return new ToolResult(ToolResult.Status.EXCEPTION, "", "", e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Completion text: a space (the prompt ends in "A:") and the {@code submit_paths} call. */
    @Override
    public Completion complete(CompletionRequest request) {
        ToolResult r = call(request.prompt());
        String text = r.ok() ? " " + r.value() : "";
        return new Completion(List.of(new Completion.Choice(text, List.of(), List.of(), List.of(), "stop")), 0, 0);
    }

    /** {@code submit_paths(...)} for the question; throws when it is not a graph-path question. */
    public static String solve(String question) {
        Matcher m = QUESTION.matcher(question);
        if (!m.find() || !question.contains("Edges:")) {
            throw new IllegalArgumentException("not a graph-path question: " + question.lines().findFirst().orElse(""));
        }
        int p = Integer.parseInt(m.group(1)), source = Integer.parseInt(m.group(2)), target = Integer.parseInt(m.group(3));
        Graph g = GraphPaths.parseGraph(question.substring(question.indexOf("Edges:")));
        if (source >= g.n() || target >= g.n()) return GraphPaths.submit(List.of()); // an endpoint without edges: no path
        return GraphPaths.submit(ShortestPaths.yen(g, source, target, p));
    }
}
