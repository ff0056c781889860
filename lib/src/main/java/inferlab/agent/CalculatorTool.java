package inferlab.agent;

import inferlab.sandbox.CodeInterpreter;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * The calculator behind {@code <<48/2=} annotations, run in the sandboxed {@link CodeInterpreter}.
 *
 * <p>Arithmetic is evaluated in doubles (integer literals are widened, so {@code 7/2} is 3.5 as a person
 * expects, not Java's 3) and printed without a trailing ".0", rounded to 6 decimals. Anything that is
 * not plain arithmetic is run as a Java snippet and its value returned as is.
 */
public record CalculatorTool(CodeInterpreter interpreter) implements Tool {

    private static final Pattern ARITHMETIC = Pattern.compile("[0-9.+\\-*/%() ]+");
    private static final Pattern INTEGER = Pattern.compile("(?<![0-9.])([0-9]+)(?![0-9.])");

    @Override
    public ToolResult call(String input) {
        String expr = input.strip();
        if (!ARITHMETIC.matcher(expr).matches()) return interpreter.run(expr);
        ToolResult r = interpreter.run("(double) (" + INTEGER.matcher(expr).replaceAll("$1.0") + ")");
        if (!r.ok()) return r;
        try {
            return new ToolResult(r.status(), format(Double.parseDouble(r.value())), r.output(), r.message(), r.elapsed());
        } catch (NumberFormatException e) {
            // JShell accepted something that is not one expression (e.g. "3)"): a tool error, not a crash
            return new ToolResult(ToolResult.Status.EXCEPTION, "", r.output(), "not a number: '" + expr + "'", r.elapsed());
        }
    }

    /** 24.0 -> "24", 3.5 -> "3.5", 1/3 -> "0.333333"; infinities and NaN as Java prints them. */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
