package inferlab.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        if (op.equals("%") && a instanceof String format) return format(format, b);
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
                if (m == 0) return Math.copySign(0.0, y); // Python's remainder takes the divisor's sign
                return (m < 0) != (y < 0) ? m + y : m;
            case "**":
                if (x == 0 && y < 0) throw new TemplateException("0.0 cannot be raised to a negative power");
                return Math.pow(x, y);
            default: throw new IllegalStateException(op);
        }
    }

    /**
     * Python's {@code format % values} for {@code %s}, {@code %r}, {@code %d}, {@code %i} and {@code %%}: a tuple
     * gives the values in order, anything else is the one value (a list or dict, which Python takes for a mapping,
     * may also go unused).
     */
    private static String format(String format, Object values) {
        List<Object> args = values instanceof Tuple t ? t : java.util.Collections.singletonList(values);
        boolean mapping = !(values instanceof Tuple) && (values instanceof List<?> || values instanceof Map<?, ?> || values instanceof Undefined);
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            char spec = i + 1 < format.length() ? format.charAt(++i) : ' ';
            if (spec == '%') {
                b.append('%');
                continue;
            }
            if (used >= args.size()) throw new TemplateException("not enough arguments for format string");
            Object v = args.get(used++);
            switch (spec) {
                case 's' -> b.append(Python.str(v));
                case 'r' -> b.append(Python.repr(v));
                case 'd', 'i' -> {
                    if (!Python.isNumber(v)) throw new TemplateException("%" + spec + " format: a real number is required, not " + Python.typeName(v));
                    b.append((long) Python.toDouble(v));
                }
                default -> throw new TemplateException("unsupported format character '" + spec + "'");
            }
        }
        if (used < args.size() && !mapping) throw new TemplateException("not all arguments converted during string formatting");
        return b.toString();
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
        return seq instanceof Tuple ? new Tuple(out) : out;
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
