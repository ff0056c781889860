package inferlab.jinja;

import java.util.ArrayList;
import java.util.List;

/** Python's operators on template values: {@code + - * / // % **}, unary minus, and the comparisons. */
final class Arithmetic {
    private Arithmetic() {}

    static Object unary(String op, Object x) {
        if (!Python.isNumber(x)) throw new TemplateException("bad operand type for unary " + op + ": " + Python.typeName(x));
        if (op.equals("+")) return x instanceof Boolean ? Python.toLong(x) : x;
        return x instanceof Double d ? (Object) (-d) : (Object) (-Python.toLong(x));
    }

    static Object binary(String op, Object a, Object b) {
        if (op.equals("+") && a instanceof String x && b instanceof String y) return x + y;
        if (op.equals("+") && a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x);
            out.addAll(y);
            return out;
        }
        if (op.equals("*") && (a instanceof String || a instanceof List<?>) && isInteger(b)) return repeat(a, Python.toLong(b));
        if (op.equals("*") && isInteger(a) && (b instanceof String || b instanceof List<?>)) return repeat(b, Python.toLong(a));
        if (!Python.isNumber(a) || !Python.isNumber(b)) {
            if (a instanceof Undefined u) throw u.error();
            if (b instanceof Undefined u) throw u.error();
            throw new TemplateException("unsupported operand type(s) for " + op + ": " + Python.typeName(a) + " and " + Python.typeName(b));
        }
        boolean integers = isInteger(a) && isInteger(b);
        if (integers && !op.equals("/") && !(op.equals("**") && Python.toLong(b) < 0)) {
            long x = Python.toLong(a), y = Python.toLong(b);
            switch (op) {
                case "+": return Math.addExact(x, y);
                case "-": return Math.subtractExact(x, y);
                case "*": return Math.multiplyExact(x, y);
                case "//":
                    if (y == 0) throw new TemplateException("integer division or modulo by zero");
                    return Math.floorDiv(x, y);
                case "%":
                    if (y == 0) throw new TemplateException("integer division or modulo by zero");
                    return Math.floorMod(x, y);
                case "**":
                    long r = 1;
                    for (long i = 0; i < y; i++) r = Math.multiplyExact(r, x);
                    return r;
                default: throw new IllegalStateException(op);
            }
        }
        double x = Python.toDouble(a), y = Python.toDouble(b);
        switch (op) {
            case "+": return x + y;
            case "-": return x - y;
            case "*": return x * y;
            case "/":
                if (y == 0) throw new TemplateException("division by zero");
                return x / y;
            case "//":
                if (y == 0) throw new TemplateException("float floor division by zero");
                return Math.floor(x / y);
            case "%":
                if (y == 0) throw new TemplateException("float modulo");
                double m = x % y;
                return m != 0 && (m < 0) != (y < 0) ? m + y : m;
            case "**": return Math.pow(x, y);
            default: throw new IllegalStateException(op);
        }
    }

    private static boolean isInteger(Object x) {
        return x instanceof Long || x instanceof Boolean;
    }

    private static Object repeat(Object seq, long times) {
        long size = seq instanceof String s ? s.length() : ((List<?>) seq).size();
        if (times > 0 && size * (double) times > Renderer.MAX_OUTPUT) {
            throw new TemplateException("a repetition longer than " + Renderer.MAX_OUTPUT + " items");
        }
        if (seq instanceof String s) return s.repeat((int) Math.max(0, times));
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < times; i++) out.addAll((List<?>) seq);
        return out;
    }

    static boolean compare(String op, Object a, Object b) {
        return switch (op) {
            case "==" -> Python.eq(a, b);
            case "!=" -> !Python.eq(a, b);
            case "<" -> Python.compare(a, b) < 0;
            case "<=" -> Python.compare(a, b) <= 0;
            case ">" -> Python.compare(a, b) > 0;
            case ">=" -> Python.compare(a, b) >= 0;
            case "in" -> Python.contains(b, a);
            case "not in" -> !Python.contains(b, a);
            default -> throw new IllegalStateException(op);
        };
    }
}
