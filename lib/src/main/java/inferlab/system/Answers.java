package inferlab.system;

import inferlab.task.Arithmetic;
import inferlab.task.Calculator;
import inferlab.task.GraphPaths;
import inferlab.task.WordProblems;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

/**
 * The final answer of a completion per task, in a canonical form ("1,234" and "1234" are the same vote):
 * what self-consistency votes on. Grading stays with the task's own grader.
 */
public final class Answers {
    private Answers() {}

    public static Function<String, String> parser(String task) {
        return switch (task) {
            case Arithmetic.NAME -> t -> {
                Long v = Arithmetic.parseInteger(t);
                return v == null ? "" : v.toString();
            };
            case WordProblems.NAME -> t -> {
                BigDecimal v = WordProblems.parseFinal(t);
                return v == null ? "" : Calculator.format(v);
            };
            case GraphPaths.NAME -> t -> {
                List<List<Integer>> paths = GraphPaths.parsePaths(t);
                return paths.isEmpty() ? "" : paths.toString();
            };
            default -> t -> t.strip().lines().findFirst().orElse("").strip();
        };
    }
}
