package inferlab.agent;

import inferlab.system.Feedback;
import inferlab.system.SelfRefine;
import inferlab.task.Graph;
import inferlab.task.GraphPaths;
import inferlab.task.PathSubmission;
import inferlab.task.ShortestPaths;
import inferlab.tool.AgentTool;
import inferlab.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checker for answers to graph-path questions: is each proposed path a path of the question's graph from
 * 0 to N−1, what does it weigh, is it among the P shortest ({@link ShortestPaths#yen})? It says what is
 * wrong, never which path is right: "[0,2,5] has no edge 2>5", "[0,1,5] weighs 9; the shortest weighs 7".
 * It is feedback for {@link SelfRefine} and the {@code verify} tool of a {@link ReAct} agent.
 *
 * <p>It solves the question to judge optimality, so its feedback is stronger than any critique a model
 * could write: an upper bound on what feedback can do, not a realistic critic.
 */
public final class PathChecker implements Feedback, AgentTool {
    private static final Pattern QUESTION = Pattern.compile("(\\d+) shortest paths? (\\d+) to (\\d+)");

    /**
     * What the checker found; {@code correct} when the grader would give full marks: every one of the P shortest
     * paths submitted with its right weight ({@link PathSubmission}).
     */
    public record Check(String text, boolean correct) {}

    /** Checks the paths written in {@code answer} against the graph-path question {@code question}. */
    public static Check check(String question, String answer) {
        Matcher m = QUESTION.matcher(question);
        if (!m.find() || !question.contains("Edges:")) throw new IllegalArgumentException("not a graph-path question");
        int p = Integer.parseInt(m.group(1)), source = Integer.parseInt(m.group(2)), target = Integer.parseInt(m.group(3));
        Graph g = GraphPaths.parseGraph(question.substring(question.indexOf("Edges:")));
        List<ShortestPaths.Path> gold = source < g.n() && target < g.n() ? ShortestPaths.yen(g, source, target, p) : List.of();
        Set<List<Integer>> goldNodes = new HashSet<>();
        for (ShortestPaths.Path path : gold) goldNodes.add(path.nodes());
        List<List<Integer>> paths = new ArrayList<>(new LinkedHashSet<>(GraphPaths.parsePaths(answer)));
        List<Integer> weights = GraphPaths.parseWeights(answer);
        if (paths.isEmpty()) return new Check("no path in the answer", false);

        List<String> notes = new ArrayList<>();
        for (int i = 0; i < Math.min(paths.size(), p); i++) {
            List<Integer> path = paths.get(i);
            String name = path.toString().replace(" ", "");
            String problem = problem(g, path, source, target);
            if (problem != null) {
                notes.add(name + " " + problem);
                continue;
            }
            int w = g.pathWeight(path);
            if (i < weights.size() && weights.get(i) != w) notes.add(name + " weighs " + w + ", not " + weights.get(i));
            else if (!goldNodes.contains(path)) notes.add(name + " weighs " + w + "; " + whyNotGold(gold, w, p));
        }
        if (paths.size() < gold.size()) notes.add("asked for " + gold.size() + " paths, got " + paths.size());
        PathSubmission submitted = PathSubmission.parse(answer);
        if (submitted == null) notes.add("no submit_paths(paths=..., weights=...) call: the grader reads nothing");
        boolean correct = submitted != null && submitted.matches(PathSubmission.parse(GraphPaths.submit(gold))) == gold.size();
        if (correct && notes.isEmpty()) return new Check("correct", true);
        return new Check(String.join("; ", notes), correct);
    }

    /** Why a valid path of weight w is not among the gold ones. */
    private static String whyNotGold(List<ShortestPaths.Path> gold, int w, int p) {
        if (p > 1 || gold.isEmpty()) return "not among the " + p + " shortest";
        int shortest = gold.get(0).weight();
        // ties break by fewer hops, then node order (GraphPaths), so a tie is still the wrong path
        return w == shortest ? "ties the shortest, but ties go to fewer hops, then the smaller node sequence"
                : "the shortest weighs " + shortest;
    }

    /** Why {@code path} is not a simple path from source to target of g, or null if it is one. */
    private static String problem(Graph g, List<Integer> path, int source, int target) {
        if (path.get(0) != source || path.get(path.size() - 1) != target) return "does not go from " + source + " to " + target;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < path.size(); i++) {
            int v = path.get(i);
            if (v < 0 || v >= g.n()) return "has no node " + v;
            if (!seen.add(v)) return "repeats node " + v;
            if (i > 0 && !g.hasEdge(path.get(i - 1), v)) return "has no edge " + path.get(i - 1) + ">" + v;
        }
        return null;
    }

    @Override
    public Critique critique(String problem, String answer, RandomGenerator rng) {
        Check c = check(problem, answer);
        return new Critique(c.text(), c.correct(), 0, false);
    }

    /** The {@code verify[...]} tool: the check of the paths in {@code input}, or an error for other questions. */
    @Override
    public ToolResult call(String problem, String input) {
        long t0 = System.nanoTime();
        try {
            return new ToolResult(ToolResult.Status.OK, check(problem, input).text(), "", "", Duration.ofNanos(System.nanoTime() - t0));
        } catch (IllegalArgumentException e) {
            return new ToolResult(ToolResult.Status.EXCEPTION, "", "", e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }
}
