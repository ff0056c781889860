package inferlab.task;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the text the course's grader passes to Python's {@code eval} (what a model writes inside
 * {@code submit_paths(...)}), for the part of Python that such text uses: lists, tuples (also a bare
 * {@code a, b} at the top), numbers in Python's spelling ({@code 25}, {@code 25.0}, {@code 2_5}, {@code 0x19},
 * {@code 1e1}, {@code 5j}; not {@code 025}), quoted strings, {@code True}/{@code False}/{@code None}, and
 * arithmetic ({@code + - * / // % **}, unary {@code + - ~}, parentheses). Whitespace is Python's: space, tab,
 * form feed, and newlines inside brackets; a {@code #} comment runs to the end of the line. Values: numbers
 * and booleans as {@code Double} (True == 1 in Python), strings as {@code String}, lists as {@code List},
 * tuples as {@link Tuple}, anything else (None, complex numbers) as {@link Other}. Text that Python would
 * reject, or that uses more of Python (names, calls, indexing, sets, dicts), makes {@link #read} return null:
 * the course catches eval's errors and treats the call as absent.
 */
final class PythonLiteral {
    /** A Python tuple: hashable when all its items are. */
    record Tuple(List<Object> items) {}

    /** A value that never equals a number or a path: None, a complex number, a dict (then not hashable). */
    record Other(String what, boolean hashable) {}

    private final String s;
    private int at, depth;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The value of {@code text}, or null if Python's eval would fail on it (or it needs more than this reads). */
    static Object read(String text) {
        PythonLiteral p = new PythonLiteral(text);
        try {
            Object v = p.exprList(true);
            p.skipSpace();
            return p.at == text.length() ? v : null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    /** Whether Python can hash {@code v} (set.add fails on lists, dicts, and tuples holding them). */
    static boolean hashable(Object v) {
        if (v instanceof List<?> || v instanceof PythonJson.Obj || v instanceof Other o && !o.hashable()) return false;
        if (v instanceof Tuple t) return t.items().stream().allMatch(PythonLiteral::hashable);
        return true;
    }

    /** {@code a, b, ...}: a tuple when there is a comma (at the top of eval, or inside parentheses). */
    private Object exprList(boolean top) {
        Object first = expr();
        skipSpace();
        if (at >= s.length() || s.charAt(at) != ',') return first;
        List<Object> items = new ArrayList<>(List.of(first));
        while (at < s.length() && s.charAt(at) == ',') {
            at++;
            skipSpace();
            if (at >= s.length() || s.charAt(at) == ')' || s.charAt(at) == ']') break;
            items.add(expr());
            skipSpace();
        }
        return new Tuple(items);
    }

    private Object expr() { // additive
        Object v = term();
        while (true) {
            skipSpace();
            if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                char op = s.charAt(at++);
                Object r = term();
                v = arith(op == '+' ? "+" : "-", v, r);
            } else return v;
        }
    }

    private Object term() {
        Object v = unary();
        while (true) {
            skipSpace();
            String op = s.startsWith("//", at) ? "//" : at < s.length() && "*/%".indexOf(s.charAt(at)) >= 0 && !s.startsWith("**", at)
                    ? String.valueOf(s.charAt(at)) : null;
            if (op == null) return v;
            at += op.length();
            v = arith(op, v, unary());
        }
    }

    private Object unary() {
        skipSpace();
        if (at < s.length() && "+-~".indexOf(s.charAt(at)) >= 0) {
            char op = s.charAt(at++);
            Object v = unary();
            if (!(v instanceof Double d)) throw new IllegalArgumentException("bad operand for unary " + op);
            if (op == '~') {
                if (d != Math.rint(d)) throw new IllegalArgumentException("~ on a float");
                return -d - 1;
            }
            return op == '-' ? -d : d;
        }
        return power();
    }

    private Object power() { // ** binds tighter than a unary minus on its left, and is right-associative
        Object base = atom();
        skipSpace();
        if (!s.startsWith("**", at)) return base;
        at += 2;
        return arith("**", base, unary());
    }

    private Object atom() {
        skipSpace();
        if (at >= s.length()) throw new IllegalArgumentException("end of text");
        char c = s.charAt(at);
        if (c == '[') {
            at++;
            depth++;
            List<Object> out = new ArrayList<>();
            skipSpace();
            while (at < s.length() && s.charAt(at) != ']') {
                out.add(expr());
                skipSpace();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    skipSpace();
                } else break;
            }
            expect(']');
            depth--;
            return out;
        }
        if (c == '(') {
            at++;
            depth++;
            skipSpace();
            Object v;
            if (at < s.length() && s.charAt(at) == ')') v = new Tuple(List.of());
            else v = exprList(false);
            expect(')');
            depth--;
            return v;
        }
        if (c == '"' || c == '\'') {
            StringBuilder sb = new StringBuilder();
            while (at < s.length() && (s.charAt(at) == '"' || s.charAt(at) == '\'')) { // adjacent strings concatenate
                sb.append(string(s.charAt(at)));
                skipSpace();
            }
            return sb.toString();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = at;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_')) at++;
            return switch (s.substring(start, at)) {
                case "True" -> 1.0;
                case "False" -> 0.0;
                case "None" -> new Other("None", true);
                default -> throw new IllegalArgumentException("a name: eval would look it up");
            };
        }
        return number();
    }

    private void expect(char close) {
        skipSpace();
        if (at >= s.length() || s.charAt(at) != close) throw new IllegalArgumentException("expected " + close + " at " + at);
        at++;
    }

    private static Object arith(String op, Object a, Object b) {
        if (!(a instanceof Double x) || !(b instanceof Double y)) {
            throw new IllegalArgumentException("arithmetic on non-numbers is not read here");
        }
        double r = switch (op) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> {
                if (y == 0) throw new ArithmeticException("ZeroDivisionError");
                yield x / y;
            }
            case "//" -> {
                if (y == 0) throw new ArithmeticException("ZeroDivisionError");
                yield Math.floor(x / y);
            }
            case "%" -> {
                if (y == 0) throw new ArithmeticException("ZeroDivisionError");
                yield x - y * Math.floor(x / y);
            }
            default -> { // **
                if (x == 0 && y < 0) throw new ArithmeticException("ZeroDivisionError");
                if (x < 0 && y != Math.rint(y)) throw new IllegalArgumentException("a complex power is not read here");
                yield Math.pow(x, y);
            }
        };
        return r + 0.0;
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        for (at++; at < s.length(); at++) {
            char c = s.charAt(at);
            if (c == quote) {
                at++;
                return sb.toString();
            }
            if (c == '\n') break; // a one-quoted string cannot span lines
            if (c == '\\' && at + 1 < s.length()) c = s.charAt(++at);
            sb.append(c);
        }
        throw new IllegalArgumentException("unclosed string");
    }

    /** A number in Python's lexical form (ASCII digits; underscores only between digits; no leading zeros). */
    private Object number() {
        int start = at;
        String t;
        if (s.startsWith("0x", at) || s.startsWith("0X", at) || s.startsWith("0o", at) || s.startsWith("0O", at)
                || s.startsWith("0b", at) || s.startsWith("0B", at)) {
            int radix = switch (Character.toLowerCase(s.charAt(at + 1))) { case 'x' -> 16; case 'o' -> 8; default -> 2; };
            at += 2;
            int digitsStart = at;
            while (at < s.length() && (Character.digit(s.charAt(at), radix) >= 0 && s.charAt(at) < 128 || s.charAt(at) == '_')) at++;
            t = s.substring(digitsStart, at);
            if (t.isEmpty() || t.endsWith("_") || t.contains("__")) throw new IllegalArgumentException("bad literal at " + start);
            notFollowedByName();
            return new BigInteger(t.replace("_", ""), radix).doubleValue();
        }
        while (at < s.length() && (isAsciiDigit(s.charAt(at)) || ".eEjJ_".indexOf(s.charAt(at)) >= 0
                || (s.charAt(at) == '-' || s.charAt(at) == '+') && at > start && "eE".indexOf(s.charAt(at - 1)) >= 0)) at++;
        t = s.substring(start, at);
        boolean imaginary = t.endsWith("j") || t.endsWith("J");
        String body = imaginary ? t.substring(0, t.length() - 1) : t;
        int e = Math.max(body.indexOf('e'), body.indexOf('E')), dot = body.indexOf('.');
        String mantissa = e < 0 ? body : body.substring(0, e), exponent = e < 0 ? null : body.substring(e + 1);
        String whole = dot < 0 ? mantissa : mantissa.substring(0, dot), fraction = dot < 0 ? null : mantissa.substring(dot + 1);
        if (exponent != null && (exponent.startsWith("+") || exponent.startsWith("-"))) exponent = exponent.substring(1);
        boolean isInt = dot < 0 && e < 0 && digits(whole);
        boolean isFloat = !isInt && (digits(whole) || whole.isEmpty() && fraction != null && digits(fraction))
                && (fraction == null || fraction.isEmpty() || digits(fraction)) && (exponent == null || digits(exponent))
                && (dot >= 0 || e >= 0);
        if (!isInt && !isFloat) throw new IllegalArgumentException("not a Python number at " + start + ": " + t);
        // Python rejects a decimal integer with leading zeros ("025"), though "00" and "09.5" are fine
        if (isInt && !imaginary && body.length() > 1 && body.charAt(0) == '0' && !body.replace("_", "").chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException("leading zeros in a decimal integer at " + start);
        }
        // Python refuses to convert an integer literal of more than 4300 digits (ValueError, caught by the course)
        if (isInt && body.replace("_", "").length() > 4300) throw new IllegalArgumentException("integer of more than 4300 digits");
        notFollowedByName();
        double v = Double.parseDouble(body.replace("_", ""));
        if (imaginary) return v == 0 ? 0.0 : new Other("complex", true); // 0j == 0 in Python; other complex never equal
        return v;
    }

    /** Python's digitpart: ASCII digits, single underscores between them. */
    private static boolean digits(String t) {
        if (t.isEmpty() || !isAsciiDigit(t.charAt(0)) || !isAsciiDigit(t.charAt(t.length() - 1))) return false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!isAsciiDigit(c) && !(c == '_' && isAsciiDigit(t.charAt(i - 1)) && isAsciiDigit(t.charAt(i + 1)))) return false;
        }
        return true;
    }

    private void notFollowedByName() {
        if (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '_')) {
            throw new IllegalArgumentException("invalid literal at " + at);
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Python's whitespace between tokens: space, tab, form feed; newlines only inside brackets; comments; \-newline. */
    private void skipSpace() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c == ' ' || c == '\t' || c == '\f') at++;
            else if ((c == '\n' || c == '\r') && depth > 0) at++;
            else if (c == '\\' && (s.startsWith("\\\n", at) || s.startsWith("\\\r", at))) at += 2;
            else if (c == '#' && depth > 0) {
                while (at < s.length() && s.charAt(at) != '\n' && s.charAt(at) != '\r') at++;
            } else return;
        }
    }
}
