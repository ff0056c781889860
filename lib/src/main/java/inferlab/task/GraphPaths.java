package inferlab.task;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The course's shared task: the top-P shortest simple paths from node 0 to node N−1 of a random directed
 * weighted graph ({@link Graph#random}). Prompt, edges as {@code from>to:weight}:
 * <pre>
 * Q: 2 shortest paths 0 to 5. Edges: 0>1:4 0>3:2 1>5:3 3>5:5
 * A: 0>1:4=4 1>5:3=7
 * 0>3:2=2 3>5:5=7
 * submit_paths(paths=[[0,1,5],[0,3,5]], weights=[7,7])
 * </pre>
 * The gold completion is a scratchpad ({@link #answer}) and then the call the grader reads.
 * N is 3–20, skewed small (N = 3 + ⌊17u²⌋, u uniform), P ∈ {1,2,3} with probabilities 0.7/0.2/0.1. Gold is
 * {@link ShortestPaths#yen} (ties: weight, then hops, then node sequence); if fewer than P simple paths
 * exist, all are listed. Graded as the course's grader does: score = |submitted (path, weight) pairs ∩ gold
 * pairs| / |gold pairs| ({@link PathSubmission}), so a right path with a wrong weight earns nothing, a bare
 * list of paths is no answer, and extra submitted pairs cost nothing. Meta: {@code n}, {@code p}, and
 * {@code course}, the course rule's answer ({@link ShortestPaths#courseRule}).
 */
public final class GraphPaths implements Task {
    public static final String NAME = "graph-paths";
    private static final Pattern PATHS_KEY = Pattern.compile("paths[\"']?\\s*[=:]\\s*\\[");
    private static final Pattern WEIGHTS_KEY = Pattern.compile("weights[\"']?\\s*[=:]\\s*\\[");
    private static final Pattern LIST = Pattern.compile("\\[([^\\[\\]]*)\\]");
    private static final Pattern EDGE = Pattern.compile("(\\d+)>(\\d+):(\\d+)");

    @Override
    public String name() {
        return NAME;
    }

    /** P drawn with probabilities 0.7 / 0.2 / 0.1. */
    static int drawP(RandomGenerator rng) {
        double u = rng.nextDouble();
        return u < 0.7 ? 1 : u < 0.9 ? 2 : 3;
    }

    static int drawN(RandomGenerator rng) {
        double u = rng.nextDouble();
        return 3 + (int) Math.floor(17 * u * u);
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Problem pr = draw(rng);
            Graph g = pr.graph();
            int nodes = g.n(), p = pr.p();
            JsonObject meta = new JsonObject();
            meta.addProperty("n", nodes);
            meta.addProperty("p", p);
            meta.addProperty("course", submit(ShortestPaths.courseRule(g, 0, nodes - 1, p)));
            items.add(new Item(NAME + "-" + i, NAME, prompt(g, p), answer(g, p), meta));
        }
        return items;
    }

    public static String prompt(Graph g, int p) {
        StringBuilder sb = new StringBuilder("Q: ").append(p).append(p == 1 ? " shortest path 0 to " : " shortest paths 0 to ")
                .append(g.n() - 1).append(". Edges:");
        for (Graph.Edge e : g.edges()) sb.append(' ').append(e.from()).append('>').append(e.to()).append(':').append(e.weight());
        return sb.append("\nA:").toString();
    }

    /** Paths a scratchpad lists at most: every fitting test graph has fewer, the largest graphs thousands. */
    static final int LISTED_PATHS = 8;

    /**
     * The gold completion: the simple paths 0 → N−1 in depth-first order (out-edges in the prompt's order), at
     * most {@link #LISTED_PATHS}, one per line, each edge copied from the prompt with the running total after
     * it ({@code 0>1:4=4 1>5:3=7}); then the {@code submit_paths} call with the top P ({@link ShortestPaths#yen}).
     * Copying an edge is a lookup and each total one addition, steps a small model learns where a path's
     * summed weight in one token is out of its reach; choosing the P smallest totals is left to the model.
     */
    public static String answer(Graph g, int p) {
        int t = g.n() - 1;
        StringBuilder sb = new StringBuilder();
        for (ShortestPaths.Path path : ShortestPaths.depthFirstPaths(g, 0, t, LISTED_PATHS)) {
            List<Integer> v = path.nodes();
            int total = 0;
            for (int i = 1; i < v.size(); i++) {
                int w = g.weight()[v.get(i - 1)][v.get(i)];
                total += w;
                if (i > 1) sb.append(' ');
                sb.append(v.get(i - 1)).append('>').append(v.get(i)).append(':').append(w).append('=').append(total);
            }
            sb.append('\n');
        }
        return sb.append(submit(ShortestPaths.yen(g, 0, t, p))).toString();
    }

    /** The graph a prompt lists (node count = largest node mentioned + 1, which is N−1 + 1). */
    public static Graph parseGraph(String prompt) {
        Matcher m = EDGE.matcher(prompt);
        List<int[]> edges = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            int[] e = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            edges.add(e);
            n = Math.max(n, Math.max(e[0], e[1]) + 1);
        }
        int[][] w = new int[n][n];
        for (int[] e : edges) w[e[0]][e[1]] = e[2];
        return new Graph(n, w);
    }

    /** {@code submit_paths(paths=[[0,3,5],[0,1,5]], weights=[7,9])}. */
    public static String submit(List<ShortestPaths.Path> paths) {
        StringBuilder ps = new StringBuilder(), ws = new StringBuilder();
        for (ShortestPaths.Path p : paths) {
            if (ps.length() > 0) { ps.append(','); ws.append(','); }
            ps.append(p.nodes().toString().replace(" ", ""));
            ws.append(p.weight());
        }
        return "submit_paths(paths=[" + ps + "], weights=[" + ws + "])";
    }

    /**
     * The paths in free text: the list after the first {@code paths=} / {@code "paths":} key (a
     * {@code submit_paths(...)} call or JSON), else the first {@code [[...]]}; inner lists of integers in
     * order, spaces ignored. Empty if none is found.
     */
    public static List<List<Integer>> parsePaths(String output) {
        String list = listAfter(output, PATHS_KEY);
        if (list == null) {
            int at = output.indexOf("[[");
            if (at < 0) at = output.indexOf("[ [");
            list = at < 0 ? null : balanced(output, at);
        }
        List<List<Integer>> paths = new ArrayList<>();
        if (list == null) return paths;
        Matcher m = LIST.matcher(list.substring(1));
        while (m.find()) {
            List<Integer> nodes = integers(m.group(1));
            if (!nodes.isEmpty()) paths.add(nodes);
        }
        return paths;
    }

    /** The weights list after {@code weights=} / {@code "weights":}, or empty. */
    public static List<Integer> parseWeights(String output) {
        String list = listAfter(output, WEIGHTS_KEY);
        return list == null ? List.of() : integers(list.substring(1, list.length() - 1));
    }

    private static String listAfter(String text, Pattern key) {
        Matcher m = key.matcher(text);
        return m.find() ? balanced(text, m.end() - 1) : null;
    }

    /** The bracketed text starting at {@code open}, up to its matching ']' (or the end if unclosed). */
    private static String balanced(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return text.substring(open, i + 1);
        }
        return text.substring(open) + "]";
    }

    private static List<Integer> integers(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            s = s.strip();
            if (s.isEmpty()) continue;
            try {
                out.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return out;
    }

    /** The submitted pairs in canonical {@code submit_paths(...)} form, null if the grader finds none. */
    @Override
    public String parse(String output) {
        PathSubmission s = PathSubmission.parse(output);
        if (s == null) return null;
        StringBuilder ps = new StringBuilder(), ws = new StringBuilder();
        for (PathSubmission.Pair p : s.pairs()) {
            if (ps.length() > 0) { ps.append(','); ws.append(','); }
            ps.append(p.path().stream().map(GraphPaths::number).toList().toString().replace(" ", ""));
            ws.append(number(p.weight()));
        }
        return "submit_paths(paths=[" + ps + "], weights=[" + ws + "])";
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    @Override
    public Score check(Item item, String output) {
        PathSubmission gold = PathSubmission.parse(item.answer());
        if (gold == null || gold.pairs().isEmpty()) throw new IllegalArgumentException("item " + item.id() + " has no gold paths");
        PathSubmission got = PathSubmission.parse(output);
        if (got == null) return new Score(0, "no submit_paths(...) call or gold-style JSON");
        int hits = got.matches(gold);
        return new Score((double) hits / gold.pairs().size(), hits + "/" + gold.pairs().size() + " gold (path, weight) pairs");
    }

    /** A graph-path problem: the graph and the number P of shortest paths asked for. */
    public record Problem(Graph graph, int p) {}

    /** A problem from this task's generator (the draws {@link #generate} makes, in the same order). */
    public static Problem draw(RandomGenerator rng) {
        int nodes = drawN(rng), p = drawP(rng);
        return new Problem(Graph.random(nodes, rng), p);
    }

    /**
     * A problem from the course's generator ({@code homework2/basic_deepresearch/graph/generate_dataset.py}):
     * N uniform on 3..20, M uniform on 2..min(10, N−1), W uniform on 10..1000, node i linked to i+1..i+M
     * (mod N) with weights uniform on 1..W; P as here.
     */
    public static Problem drawCourse(RandomGenerator rng) {
        int n = 3 + rng.nextInt(18);
        int m = 2 + rng.nextInt(Math.min(10, n - 1) - 1);
        int maxWeight = 10 + rng.nextInt(991);
        int p = drawP(rng);
        int[][] w = new int[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 1; j <= m; j++) w[i][(i + j) % n] = 1 + rng.nextInt(maxWeight);
        return new Problem(new Graph(n, w), p);
    }

    /** How often the course rule's path set differs from the exact top-P set, counted per P (index 1..3). */
    public record Disagreement(int[] problems, int[] differ) {
        public double overall() {
            return (double) IntStream.of(differ).sum() / IntStream.of(problems).sum();
        }

        public double forP(int p) {
            return problems[p] == 0 ? Double.NaN : (double) differ[p] / problems[p];
        }
    }

    /** {@link Disagreement} of the course rule with the exact solver on {@code count} problems from {@code draw}. */
    public static Disagreement courseRuleDisagreement(int count, Function<RandomGenerator, Problem> draw, RandomGenerator rng) {
        int[] problems = new int[4], differ = new int[4];
        for (int i = 0; i < count; i++) {
            Problem pr = draw.apply(rng);
            int t = pr.graph().n() - 1;
            problems[pr.p()]++;
            if (!pathSet(ShortestPaths.yen(pr.graph(), 0, t, pr.p())).equals(pathSet(ShortestPaths.courseRule(pr.graph(), 0, t, pr.p())))) {
                differ[pr.p()]++;
            }
        }
        return new Disagreement(problems, differ);
    }

    private static Set<List<Integer>> pathSet(List<ShortestPaths.Path> paths) {
        Set<List<Integer>> out = new LinkedHashSet<>();
        for (ShortestPaths.Path p : paths) out.add(p.nodes());
        return out;
    }

    /** The figures quoted in data/tasks/README.md for this task's graphs: 5000 problems, seed 2024. */
    public static Disagreement measuredCourseRuleDisagreement() {
        return courseRuleDisagreement(5000, GraphPaths::draw, new Random(2024));
    }

    /** The figures quoted in data/tasks/README.md for the course's graphs: 5000 problems, seed 2024. */
    public static Disagreement measuredCourseRuleDisagreementOnCourseGraphs() {
        return courseRuleDisagreement(5000, GraphPaths::drawCourse, new Random(2024));
    }
}
