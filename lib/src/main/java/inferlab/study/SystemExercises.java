package inferlab.study;

import inferlab.task.Graph;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.tool.AgentTool;
import inferlab.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Checks for HW3's exercises: a student's code against the library's reference. Each check returns
 * "PASS ..." or "FAIL ..." naming the first difference, and never throws.
 */
public final class SystemExercises {
    private SystemExercises() {}

    /** {P(right at i+1 | right at i), P(right at i+1 | wrong at i)} from per-item correctness vectors. */
    @FunctionalInterface
    public interface Transitions {
        double[] apply(boolean[][] correct, int i);
    }

    /**
     * The student's transition probabilities against {@link RefineStats} on seeded random correctness
     * matrices (2 to 12 items, 2 to 5 iterations, some with an empty condition, where NaN is expected).
     */
    public static String checkTransitions(Transitions student) {
        Random rng = new Random(21);
        int cases = 0;
        for (int trial = 0; trial < 30; trial++) {
            int n = 2 + rng.nextInt(11), iterations = 2 + rng.nextInt(4);
            double pRight = trial % 5 == 0 ? 1.0 : rng.nextDouble(); // every fifth: all right, no wrong item
            boolean[][] c = new boolean[n][iterations];
            for (boolean[] row : c) for (int i = 0; i < iterations; i++) row[i] = rng.nextDouble() < pRight;
            for (int i = 0; i + 1 < iterations; i++, cases++) {
                double[] expected = {RefineStats.transition(c, i, true), RefineStats.transition(c, i, false)};
                double[] got;
                try {
                    got = student.apply(copy(c), i);
                } catch (RuntimeException e) {
                    return "FAIL trial " + trial + ", i=" + i + ": threw " + e;
                }
                if (got == null || got.length != 2) return "FAIL trial " + trial + ", i=" + i + ": expected two probabilities";
                for (int k = 0; k < 2; k++) {
                    boolean same = Double.isNaN(expected[k]) ? Double.isNaN(got[k]) : Math.abs(got[k] - expected[k]) <= 1e-9;
                    if (!same) {
                        return "FAIL trial " + trial + ", i=" + i + ": " + (k == 0 ? "P(right | right)" : "P(right | wrong)")
                                + " expected " + expected[k] + ", got " + got[k];
                    }
                }
            }
        }
        return "PASS transitions: " + cases + " cases";
    }

    /**
     * A {@code weigh} tool for the agent: given a graph question and a node list ("[0,2,5]" or "0,2,5"), the
     * path's total weight ("9"), or "no edge a>b" for its first missing hop. Checked on seeded questions with
     * the gold path written both ways, and a there-and-back path {@code [a,b,a]} whose return hop is missing.
     */
    public static String checkWeighTool(AgentTool student) {
        Random rng = new Random(33);
        List<Item> items = new GraphPaths().generate(12, rng);
        int cases = 0;
        for (Item item : items) {
            Graph g = GraphPaths.parseGraph(item.prompt().substring(item.prompt().indexOf("Edges:")));
            List<Integer> gold = GraphPaths.parsePaths(item.answer()).get(0);
            List<String[]> tests = new ArrayList<>();
            tests.add(new String[] {gold.toString().replace(" ", ""), String.valueOf(g.pathWeight(gold))});
            String joined = gold.toString().replace(" ", "").replace("[", "").replace("]", "");
            tests.add(new String[] {joined, String.valueOf(g.pathWeight(gold))});
            for (Graph.Edge e : g.edges()) {
                if (!g.hasEdge(e.to(), e.from()) && e.to() != e.from()) {
                    tests.add(new String[] {"[" + e.from() + "," + e.to() + "," + e.from() + "]", "no edge " + e.to() + ">" + e.from()});
                    break;
                }
            }
            for (String[] t : tests) {
                cases++;
                String got;
                try {
                    ToolResult r = student.call(item.prompt(), t[0]);
                    got = r == null ? null : r.toolText();
                } catch (RuntimeException e) {
                    return "FAIL " + item.id() + ", input " + t[0] + ": threw " + e;
                }
                if (!t[1].equals(got == null ? null : got.strip())) {
                    return "FAIL " + item.id() + ", input " + t[0] + ": expected '" + t[1] + "', got '" + got + "'";
                }
            }
        }
        return "PASS weigh tool: " + cases + " cases";
    }

    private static boolean[][] copy(boolean[][] c) {
        boolean[][] out = new boolean[c.length][];
        for (int i = 0; i < c.length; i++) out[i] = c[i].clone();
        return out;
    }
}
