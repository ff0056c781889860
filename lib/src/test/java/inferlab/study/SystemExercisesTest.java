package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.task.Graph;
import inferlab.task.GraphPaths;
import inferlab.tool.AgentTool;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemExercisesTest {

    /** A reference the way a student would write it, by counting. */
    static double[] counted(boolean[][] c, int i) {
        int r = 0, rr = 0, w = 0, wr = 0;
        for (boolean[] row : c) {
            if (row[i]) { r++; if (row[i + 1]) rr++; } else { w++; if (row[i + 1]) wr++; }
        }
        return new double[] {r == 0 ? Double.NaN : (double) rr / r, w == 0 ? Double.NaN : (double) wr / w};
    }

    @Test
    void transitionsPassForACorrectAnswerAndFailForCommonMistakes() {
        assertTrue(SystemExercises.checkTransitions(SystemExercisesTest::counted).startsWith("PASS"));
        String swapped = SystemExercises.checkTransitions((c, i) -> { double[] p = counted(c, i); return new double[] {p[1], p[0]}; });
        assertTrue(swapped.startsWith("FAIL"), swapped);
        // dividing by all items instead of those in the condition
        String joint = SystemExercises.checkTransitions((c, i) -> {
            double rr = Arrays.stream(c).filter(r -> r[i] && r[i + 1]).count(), wr = Arrays.stream(c).filter(r -> !r[i] && r[i + 1]).count();
            return new double[] {rr / c.length, wr / c.length};
        });
        assertTrue(joint.startsWith("FAIL two of five right at 0"), joint);
        String zero = SystemExercises.checkTransitions((c, i) -> { double[] p = counted(c, i); return new double[] {p[0], Double.isNaN(p[1]) ? 0 : p[1]}; });
        assertTrue(zero.startsWith("FAIL") && zero.contains("NaN"), "an empty condition is NaN, not 0: " + zero);
    }

    @Test
    void weighToolPassesForACorrectToolAndFailsForWrongOnes() {
        AgentTool weigh = AgentTool.text((problem, input) -> {
            Graph g = GraphPaths.parseGraph(problem.substring(problem.indexOf("Edges:")));
            List<Integer> nodes = Arrays.stream(input.replaceAll("[\\[\\] ]", "").split(",")).map(Integer::parseInt).toList();
            for (int i = 0; i + 1 < nodes.size(); i++) {
                if (!g.hasEdge(nodes.get(i), nodes.get(i + 1))) return "no edge " + nodes.get(i) + ">" + nodes.get(i + 1);
            }
            return String.valueOf(g.pathWeight(nodes));
        });
        assertTrue(SystemExercises.checkWeighTool(weigh).startsWith("PASS"), SystemExercises.checkWeighTool(weigh));
        String throwing = SystemExercises.checkWeighTool(AgentTool.text((problem, input) -> String.valueOf(
                GraphPaths.parseGraph(problem).pathWeight(Arrays.stream(input.replaceAll("[\\[\\] ]", "").split(",")).map(Integer::parseInt).toList()))));
        assertTrue(throwing.startsWith("FAIL") && throwing.contains("no edge"), throwing);
        assertTrue(SystemExercises.checkWeighTool(AgentTool.text((p, i) -> "7")).startsWith("FAIL"));
    }
}
