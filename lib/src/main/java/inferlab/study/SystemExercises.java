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
 * Checks for HW3's exercises, for self-study: hand-worked cases first (an empty condition, a single item, a
 * one-node path), then the library's reference on generated cases. Each check returns "PASS ..." or
 * "FAIL ..." naming the first difference, and never throws.
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
        boolean t = true, f = false;
        double nan = Double.NaN;
        // hand-worked: a matrix, the transition i, and {P(right | right), P(right | wrong)}
        Object[][] spec = {
                {"two of five right at 0, one kept; three wrong, one fixed", new boolean[][] {{t, t, f}, {f, t, t}, {f, f, t}, {f, f, f}, {t, f, f}}, 0, new double[] {0.5, 1 / 3.0}},
                {"the same items at transition 1", new boolean[][] {{t, t, f}, {f, t, t}, {f, f, t}, {f, f, f}, {t, f, f}}, 1, new double[] {0.5, 1 / 3.0}},
                {"no item wrong at 0: P(right | wrong) is undefined, NaN", new boolean[][] {{t, t}, {t, f}}, 0, new double[] {0.5, nan}},
                {"one item, wrong then right", new boolean[][] {{f, t}}, 0, new double[] {nan, 1}}};
        for (Object[] c : spec) {
            double[] want = (double[]) c[3];
            double[] got;
            try {
                got = student.apply(copy((boolean[][]) c[1]), (int) c[2]);
            } catch (RuntimeException e) {
                return "FAIL " + c[0] + ": threw " + e;
            }
            for (int k = 0; k < 2; k++) {
                boolean same = got != null && got.length == 2
                        && (Double.isNaN(want[k]) ? Double.isNaN(got[k]) : Math.abs(got[k] - want[k]) <= 1e-9);
                if (!same) return "FAIL " + c[0] + ": expected " + java.util.Arrays.toString(want) + ", got " + java.util.Arrays.toString(got);
            }
        }
        Random rng = new Random(21);
        int cases = spec.length;
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
     * the gold path written both ways, its first node alone (weight 0), and a there-and-back path {@code [a,b,a]} whose return hop is missing.
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
            tests.add(new String[] {"[" + gold.get(0) + "]", "0"}); // a one-node path has no hop and weighs 0
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
