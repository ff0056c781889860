package inferlab.reward;

import inferlab.task.Calculator;
import inferlab.task.WordProblems;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reward-model features that check a worked solution against itself, the way a grader re-does the
 * arithmetic: does each calculator annotation {@code <<EXPR=V>>} compute V, is the number written right
 * after it V, is the expression written before it the same EXPR, and is the final {@code #### N} the last computed value. A slipped digit breaks one of these;
 * a wrong plan (the wrong operation on the right numbers) does not, which is what the language-model
 * features are for.
 */
public final class ConsistencyFeatures implements RewardModel.Features {

    private static final Pattern COPY = Pattern.compile("<<[^=<>]*=([^<>]*)>>\\s*\\$?(-?[\\d,]*\\.?\\d+)");
    /** "25+12 = <<25+12=": the expression is written out before the annotation repeats it. */
    private static final Pattern RESTATED = Pattern.compile("(\\S+) = <<([^=<>]*)=");

    @Override
    public List<String> names() {
        return List.of("annotations", "annotations miscomputed", "results miscopied", "expressions misquoted",
                "final != last result", "has final answer");
    }

    @Override
    public double[] of(String problem, String solution) {
        List<String[]> ann = WordProblems.annotations(solution);
        int wrong = 0;
        for (String[] a : ann) {
            BigDecimal claimed = number(a[1]);
            try {
                if (claimed == null || Calculator.evaluate(a[0]).compareTo(claimed) != 0) wrong++;
            } catch (IllegalArgumentException | ArithmeticException e) {
                wrong++;
            }
        }
        int miscopied = 0;
        Matcher m = COPY.matcher(solution);
        while (m.find()) {
            BigDecimal v = number(m.group(1)), copy = number(m.group(2));
            if (v == null || copy == null || v.compareTo(copy) != 0) miscopied++;
        }
        int misquoted = 0;
        Matcher q = RESTATED.matcher(solution);
        while (q.find()) if (!q.group(1).equals(q.group(2).replace(" ", ""))) misquoted++;
        BigDecimal fin = WordProblems.parseFinal(solution);
        BigDecimal last = ann.isEmpty() ? null : number(ann.get(ann.size() - 1)[1]);
        boolean finalMismatch = fin != null && last != null && fin.compareTo(last) != 0;
        return new double[] {ann.size(), wrong, miscopied, misquoted, finalMismatch ? 1 : 0, fin == null ? 0 : 1};
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
