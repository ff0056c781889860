package inferlab.task;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * GSM8K-style calculator annotations {@code <<48/2=24>>}. A decoding loop calls {@link #pending} on the text
 * generated so far; when the text ends inside an opened {@code <<EXPR=}, it injects {@link #complete}'s
 * result and the closing {@code >>} instead of letting the model compute.
 *
 * <p>Expressions are evaluated by a recursive-descent parser, never a script engine:
 * <pre>
 * expr   := term (('+' | '-') term)*
 * term   := factor (('*' | '/') factor)*
 * factor := ('+' | '-') factor | number | '(' expr ')'
 * number := digits ['.' digits]        (commas inside digits are ignored)
 * </pre>
 * Arithmetic is exact decimal ({@link BigDecimal}); division rounds to 16 significant digits.
 */
public final class Calculator {
    private static final MathContext DIVISION = MathContext.DECIMAL64;

    private final String src;
    private int pos;

    private Calculator(String src) {
        this.src = src;
    }

    /** The value of {@code expr}; throws {@link IllegalArgumentException} naming the offending position. */
    public static BigDecimal evaluate(String expr) {
        Calculator c = new Calculator(expr);
        BigDecimal v = c.expr();
        c.skipSpaces();
        if (c.pos < expr.length()) throw c.error("unexpected '" + expr.charAt(c.pos) + "'");
        return v;
    }

    /** {@link #evaluate} rendered the way annotations write numbers: {@code 24}, {@code 2.5}, {@code -3}. */
    public static String format(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() < 0) s = s.setScale(0);
        return s.toPlainString();
    }

    /**
     * The expression of an annotation left open at the end of {@code text} ({@code "... sold <<48/2="}
     * gives {@code "48/2"}), or null when the text does not end inside {@code <<EXPR=}.
     */
    public static String pending(String text) {
        if (!text.endsWith("=")) return null;
        int open = text.lastIndexOf("<<");
        if (open < 0 || text.indexOf(">>", open) >= 0) return null;
        String expr = text.substring(open + 2, text.length() - 1);
        return expr.isBlank() || expr.indexOf('=') >= 0 ? null : expr;
    }

    /** The text to inject after an open annotation: {@code "24>>"}; null if nothing is pending. */
    public static String complete(String text) {
        String expr = pending(text);
        return expr == null ? null : format(evaluate(expr)) + ">>";
    }

    private BigDecimal expr() {
        BigDecimal v = term();
        for (skipSpaces(); pos < src.length(); skipSpaces()) {
            char c = src.charAt(pos);
            if (c == '+') { pos++; v = v.add(term()); }
            else if (c == '-') { pos++; v = v.subtract(term()); }
            else break;
        }
        return v;
    }

    private BigDecimal term() {
        BigDecimal v = factor();
        for (skipSpaces(); pos < src.length(); skipSpaces()) {
            char c = src.charAt(pos);
            if (c == '*') { pos++; v = v.multiply(factor()); }
            else if (c == '/') {
                int at = ++pos;
                BigDecimal d = factor();
                if (d.signum() == 0) { pos = at; throw error("division by zero"); }
                v = v.divide(d, DIVISION);
            } else break;
        }
        return v;
    }

    private BigDecimal factor() {
        skipSpaces();
        if (pos >= src.length()) throw error("expression ends early");
        char c = src.charAt(pos);
        if (c == '+') { pos++; return factor(); }
        if (c == '-') { pos++; return factor().negate(); }
        if (c == '(') {
            pos++;
            BigDecimal v = expr();
            skipSpaces();
            if (pos >= src.length() || src.charAt(pos) != ')') throw error("missing ')'");
            pos++;
            return v;
        }
        if (Character.isDigit(c) || c == '.') return number();
        throw error("unexpected '" + c + "'");
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == ',')) pos++;
        if (pos < src.length() && src.charAt(pos) == '.') {
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
        }
        String digits = src.substring(start, pos).replace(",", "");
        if (digits.equals(".") || digits.isEmpty()) { pos = start; throw error("bad number"); }
        return new BigDecimal(digits);
    }

    private void skipSpaces() {
        while (pos < src.length() && src.charAt(pos) == ' ') pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("calculator: " + what + " at position " + pos + " in \"" + src + "\"");
    }
}
