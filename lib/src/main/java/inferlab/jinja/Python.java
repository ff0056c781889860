package inferlab.jinja;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Python semantics a Jinja template observes, on the values a template sees here: {@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code null} (None), {@code List}, {@code Map} (insertion-ordered,
 * as Python's dict), {@link Undefined}, {@link Namespace} and {@link Fn}.
 */
final class Python {
    private Python() {}

    /** Python's {@code str(x)}, as {@code {{ x }}} prints it. */
    static String str(Object x) {
        if (x instanceof String s) return s;
        if (x instanceof Undefined) return "";
        return repr(x);
    }

    /** Python's {@code repr(x)}: how a value prints inside a printed list or dict. */
    static String repr(Object x) {
        if (x == null) return "None";
        if (x instanceof Boolean b) return b ? "True" : "False";
        if (x instanceof Long l) return l.toString();
        if (x instanceof Double d) return floatRepr(d);
        if (x instanceof String s) return stringRepr(s);
        if (x instanceof Undefined) return "Undefined";
        if (x instanceof List<?> list) {
            boolean tuple = x instanceof Tuple;
            StringBuilder b = new StringBuilder(tuple ? "(" : "[");
            for (int i = 0; i < list.size(); i++) b.append(i > 0 ? ", " : "").append(repr(list.get(i)));
            if (tuple && list.size() == 1) b.append(',');
            return b.append(tuple ? ')' : ']').toString();
        }
        if (x instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(i++ > 0 ? ", " : "").append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return b.append('}').toString();
        }
        return x.toString();
    }

    /** Python's shortest round-trip float text: {@code 1.0}, {@code 0.0001}, {@code 1e-05}, {@code 1e+16}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = v.precision() - v.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = v.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = v.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String stringRepr(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder b = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == quote) b.append('\\').append(c);
                    else if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append(quote).toString();
    }

    static boolean truthy(Object x) {
        if (x == null || x instanceof Undefined) return false;
        if (x instanceof Boolean b) return b;
        if (x instanceof Long l) return l != 0;
        if (x instanceof Double d) return d != 0;
        if (x instanceof String s) return !s.isEmpty();
        if (x instanceof Collection<?> c) return !c.isEmpty();
        if (x instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    static boolean isNumber(Object x) {
        return x instanceof Long || x instanceof Double || x instanceof Boolean;
    }

    static double toDouble(Object x) {
        if (x instanceof Boolean b) return b ? 1 : 0;
        return ((Number) x).doubleValue();
    }

    static long toLong(Object x) {
        if (x instanceof Boolean b) return b ? 1 : 0;
        return ((Number) x).longValue();
    }

    /** Python's {@code ==}: numbers by value across int, float and bool; containers element by element. */
    static boolean eq(Object a, Object b) {
        if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
        if (a == null || b == null) return a == b;
        if (isNumber(a) && isNumber(b)) return toDouble(a) == toDouble(b);
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!eq(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !eq(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python's ordering of two numbers, two strings or two lists; anything else is a TypeError. */
    static int compare(Object a, Object b) {
        if (isNumber(a) && isNumber(b)) return Double.compare(toDouble(a), toDouble(b));
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) return compare(x.get(i), y.get(i));
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new TemplateException("'<' not supported between " + typeName(a) + " and " + typeName(b));
    }

    /** Python's {@code x in container}. */
    static boolean contains(Object container, Object x) {
        if (container instanceof String s) {
            if (!(x instanceof String sub)) throw new TemplateException("'in <string>' requires string as left operand, not " + typeName(x));
            return s.contains(sub);
        }
        if (container instanceof Map<?, ?> m) {
            if (x instanceof List<?> || x instanceof Map<?, ?>) throw new TemplateException("unhashable type: " + typeName(x));
            return m.containsKey(x);
        }
        if (container instanceof Undefined) return false;
        for (Object e : iterate(container)) if (eq(e, x)) return true;
        return false;
    }

    /** What {@code for} walks: a list's items, a dict's keys, a string's characters; undefined is empty. */
    static List<Object> iterate(Object x) {
        if (x instanceof List<?> l) return new ArrayList<>(l);
        if (x instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (x instanceof String s) return new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
        if (x instanceof Undefined) return new ArrayList<>();
        throw new TemplateException(typeName(x) + " is not iterable");
    }

    static long length(Object x) {
        if (x instanceof String s) return s.codePointCount(0, s.length());
        if (x instanceof Collection<?> c) return c.size();
        if (x instanceof Map<?, ?> m) return m.size();
        if (x instanceof Undefined) return 0;
        throw new TemplateException("object of type " + typeName(x) + " has no len()");
    }

    static String typeName(Object x) {
        if (x == null) return "'NoneType'";
        if (x instanceof Boolean) return "'bool'";
        if (x instanceof Long) return "'int'";
        if (x instanceof Double) return "'float'";
        if (x instanceof String) return "'str'";
        if (x instanceof Tuple) return "'tuple'";
        if (x instanceof List<?>) return "'list'";
        if (x instanceof Map<?, ?>) return "'dict'";
        if (x instanceof Undefined u) return "undefined '" + u.name() + "'";
        return "'" + x.getClass().getSimpleName() + "'";
    }

    /** Python's {@code str.isspace} for one character: Java's whitespace and space separators, and NEL (as {@code CourseChoice}'s). */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** Python's {@code strip}, {@code lstrip} and {@code rstrip}: whitespace, or any of {@code chars}. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0, end = s.length();
        while (left && start < end && strips(s.charAt(start), chars)) start++;
        while (right && end > start && strips(s.charAt(end - 1), chars)) end--;
        return s.substring(start, end);
    }

    private static boolean strips(char c, String chars) {
        return chars == null ? isSpace(c) : chars.indexOf(c) >= 0;
    }

    /** Python's {@code str.split(sep, maxsplit)}; without {@code sep}, runs of whitespace separate and ends are dropped. */
    static List<Object> split(String s, String sep, long maxsplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            while (true) {
                while (i < s.length() && isSpace(s.charAt(i))) i++;
                if (i == s.length()) break;
                if (maxsplit >= 0 && parts.size() == maxsplit) {
                    parts.add(strip(s.substring(i), null, false, true));
                    break;
                }
                int j = i;
                while (j < s.length() && !isSpace(s.charAt(j))) j++;
                parts.add(s.substring(i, j));
                i = j;
            }
            return parts;
        }
        if (sep.isEmpty()) throw new TemplateException("empty separator");
        int from = 0;
        while (maxsplit < 0 || parts.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) break;
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /**
     * Python's {@code json.dumps(x, ensure_ascii=ensureAscii, indent=indent, separators=separators, sort_keys=sortKeys)},
     * the {@code tojson} that transformers installs for chat templates.
     */
    static String json(Object x, Long indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {
        StringBuilder b = new StringBuilder();
        String items = itemSeparator != null ? itemSeparator : indent != null ? "," : ", ";
        String keys = keySeparator != null ? keySeparator : ": ";
        new Json(b, indent, items, keys, sortKeys, ensureAscii).write(x, 0);
        return b.toString();
    }

    private record Json(StringBuilder b, Long indent, String items, String keys, boolean sort, boolean ascii) {
        void write(Object x, int depth) {
            if (x == null || x instanceof Undefined) {
                if (x instanceof Undefined u) throw u.error();
                b.append("null");
            } else if (x instanceof Boolean v) {
                b.append(v ? "true" : "false");
            } else if (x instanceof Long v) {
                b.append(v);
            } else if (x instanceof Double v) {
                b.append(Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : floatRepr(v));
            } else if (x instanceof String s) {
                string(s);
            } else if (x instanceof List<?> list) {
                if (list.isEmpty()) {
                    b.append("[]");
                    return;
                }
                b.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) b.append(items);
                    newline(depth + 1);
                    write(list.get(i), depth + 1);
                }
                newline(depth);
                b.append(']');
            } else if (x instanceof Map<?, ?> || x instanceof Namespace) {
                Map<?, ?> map = x instanceof Namespace ns ? ns.values() : (Map<?, ?>) x;
                if (map.isEmpty()) {
                    b.append("{}");
                    return;
                }
                Map<?, ?> ordered = sort ? new TreeMap<>(map) : map;
                b.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : ordered.entrySet()) {
                    if (i++ > 0) b.append(items);
                    newline(depth + 1);
                    Object k = e.getKey();
                    string(k instanceof String s ? s : k == null ? "null" : k instanceof Boolean v ? (v ? "true" : "false") : repr(k));
                    b.append(keys);
                    write(e.getValue(), depth + 1);
                }
                newline(depth);
                b.append('}');
            } else {
                throw new TemplateException("Object of type " + typeName(x) + " is not JSON serializable");
            }
        }

        private void newline(int depth) {
            if (indent == null) return;
            b.append('\n').append(" ".repeat((int) (indent * depth)));
        }

        private void string(String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> {
                        if (c < 0x20 || (ascii && c > 0x7e)) b.append(String.format("\\u%04x", (int) c));
                        else b.append(c);
                    }
                }
            }
            b.append('"');
        }
    }
}
