package inferlab.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Jinja's built-in filters, tests and globals that chat templates use, plus the two globals transformers adds
 * ({@code raise_exception}, {@code strftime_now}) and its {@code tojson}, which is Python's {@code json.dumps}
 * without Jinja's HTML escaping.
 */
final class Builtins {
    private Builtins() {}

    /** The globals a template sees beside its context. */
    static Map<String, Object> globals() {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("range", (Fn) (a, k) -> range(a));
        g.put("namespace", (Fn) (a, k) -> {
            Namespace ns = new Namespace();
            for (Object x : a) {
                if (!(x instanceof Map<?, ?> m)) throw new TemplateException("namespace() takes keyword arguments or a dict");
                m.forEach((key, v) -> ns.values().put(Python.str(key), v));
            }
            ns.values().putAll(k);
            return ns;
        });
        g.put("dict", (Fn) (a, k) -> new LinkedHashMap<Object, Object>(k));
        g.put("raise_exception", (Fn) (a, k) -> {
            throw new TemplateException(a.isEmpty() ? "raise_exception" : Python.str(a.get(0)));
        });
        g.put("strftime_now", (Fn) (a, k) -> strftime(Python.str(a.get(0)), LocalDateTime.now()));
        return g;
    }

    private static List<Object> range(List<Object> a) {
        long start = 0, stop, step = 1;
        if (a.size() == 1) {
            stop = Python.toLong(a.get(0));
        } else {
            start = Python.toLong(a.get(0));
            stop = Python.toLong(a.get(1));
            if (a.size() > 2) step = Python.toLong(a.get(2));
        }
        if (step == 0) throw new TemplateException("range() arg 3 must not be zero");
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= 100_000) throw new TemplateException("range too big, 100000 items at most");
            out.add(i);
        }
        return out;
    }

    /** Python's {@code strftime} for the codes templates use to print today's date. */
    static String strftime(String format, LocalDateTime t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                b.append(c);
                continue;
            }
            char code = format.charAt(++i);
            boolean unpadded = code == '-' && i + 1 < format.length(); // glibc's %-d
            if (unpadded) code = format.charAt(++i);
            String pad = unpadded ? "%d" : "%02d";
            switch (code) {
                case 'd' -> b.append(String.format(pad, t.getDayOfMonth()));
                case 'm' -> b.append(String.format(pad, t.getMonthValue()));
                case 'y' -> b.append(String.format("%02d", t.getYear() % 100));
                case 'Y' -> b.append(t.getYear());
                case 'H' -> b.append(String.format(pad, t.getHour()));
                case 'I' -> b.append(String.format(pad, (t.getHour() + 11) % 12 + 1));
                case 'M' -> b.append(String.format(pad, t.getMinute()));
                case 'S' -> b.append(String.format(pad, t.getSecond()));
                case 'p' -> b.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> b.append(String.format(unpadded ? "%d" : "%03d", t.getDayOfYear()));
                case 'a' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'A' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
                case 'b', 'h' -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
                case 'B' -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
                case '%' -> b.append('%');
                default -> b.append('%').append(unpadded ? "-" : "").append(code);
            }
        }
        return b.toString();
    }

    /** Filters that need a number: an undefined value has none. */
    private static final java.util.Set<String> NUMERIC_FILTERS = java.util.Set.of("int", "float", "abs", "round");
    /** A run of word characters, as Jinja's {@code wordcount} counts them. */
    private static final java.util.regex.Pattern WORD =
            java.util.regex.Pattern.compile("\\w+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
    /** What separates words for Jinja's {@code title}: blanks, hyphens and opening brackets. */
    private static final java.util.regex.Pattern TITLE_BREAK = java.util.regex.Pattern.compile("[-\\s({\\[<]+");

    static Object filter(String name, Object v, List<Object> a, Map<String, Object> k) {
        // Jinja's undefined prints, iterates and has a length, but has no number
        if (v instanceof Undefined u && NUMERIC_FILTERS.contains(name)) throw u.error();
        switch (name) {
            case "tojson": {
                Object indent = arg(a, k, 0, "indent", null);
                Object separators = arg(a, k, 2, "separators", null);
                List<Object> seps = separators == null ? null : Python.iterate(separators);
                return Python.json(v, indent == null ? null : Python.toLong(indent),
                        seps == null ? null : (String) seps.get(0), seps == null ? null : (String) seps.get(1),
                        Python.truthy(arg(a, k, 3, "sort_keys", false)), Python.truthy(arg(a, k, 1, "ensure_ascii", false)));
            }
            case "trim": return Python.strip(string(v), (String) arg(a, k, 0, "chars", null), true, true);
            case "length", "count": return Python.length(v);
            case "string": return Python.str(v);
            case "list": return Python.iterate(v);
            case "first": {
                List<Object> items = Python.iterate(v);
                return items.isEmpty() ? new Undefined("first of an empty sequence") : items.get(0);
            }
            case "last": {
                List<Object> items = Python.iterate(v);
                return items.isEmpty() ? new Undefined("last of an empty sequence") : items.get(items.size() - 1);
            }
            case "default", "d": {
                Object dflt = arg(a, k, 0, "default_value", "");
                boolean ifFalse = Python.truthy(arg(a, k, 1, "boolean", false));
                return v instanceof Undefined || (ifFalse && !Python.truthy(v)) ? dflt : v;
            }
            case "upper": return string(v).toUpperCase(Locale.ROOT);
            case "lower": return string(v).toLowerCase(Locale.ROOT);
            case "capitalize": return capitalize(string(v));
            case "title": return titleWords(string(v));
            case "replace": {
                Object count = arg(a, k, 2, "count", null);
                return replace(string(v), Python.str(a.get(0)), Python.str(a.get(1)), count == null ? -1 : Python.toLong(count));
            }
            case "join": {
                String sep = Python.str(arg(a, k, 0, "d", ""));
                Object attribute = arg(a, k, 1, "attribute", null);
                StringBuilder b = new StringBuilder();
                List<Object> items = Python.iterate(v);
                for (int i = 0; i < items.size(); i++) {
                    Object item = attribute == null ? items.get(i) : attribute(items.get(i), attribute);
                    b.append(i > 0 ? sep : "").append(Python.str(item));
                }
                return b.toString();
            }
            case "items": return v instanceof Undefined ? new ArrayList<>() : items(mapping(v));
            case "reverse": {
                if (v instanceof String s) return new StringBuilder(s).reverse().toString();
                List<Object> items = Python.iterate(v);
                java.util.Collections.reverse(items);
                return items;
            }
            case "map": {
                List<Object> out = new ArrayList<>();
                for (Object item : Python.truthy(v) ? Python.iterate(v) : List.of()) { // Jinja maps only a true value
                    if (k.containsKey("attribute")) {
                        Object x = attribute(item, k.get("attribute"));
                        out.add(x instanceof Undefined && k.containsKey("default") ? k.get("default") : x);
                    } else {
                        out.add(filter(Python.str(a.get(0)), item, a.subList(1, a.size()), Map.of()));
                    }
                }
                return out;
            }
            case "select", "reject", "selectattr", "rejectattr": {
                boolean byAttr = name.endsWith("attr");
                boolean keep = name.startsWith("select");
                List<Object> out = new ArrayList<>();
                for (Object item : Python.truthy(v) ? Python.iterate(v) : List.of()) {
                    Object x = byAttr ? attribute(item, a.get(0)) : item;
                    int testAt = byAttr ? 1 : 0;
                    boolean passes = a.size() > testAt
                            ? test(Python.str(a.get(testAt)), x, a.subList(testAt + 1, a.size()))
                            : Python.truthy(x);
                    if (passes == keep) out.add(item);
                }
                return out;
            }
            case "unique": {
                List<Object> out = new ArrayList<>();
                for (Object item : Python.iterate(v)) {
                    if (out.stream().noneMatch(o -> Python.eq(o, item))) out.add(item);
                }
                return out;
            }
            case "sort": {
                List<Object> items = Python.iterate(v);
                Object attribute = arg(a, k, 2, "attribute", null);
                boolean caseSensitive = Python.truthy(arg(a, k, 1, "case_sensitive", false));
                Comparator<Object> order = (x, y) -> Python.compare(sortKey(x, attribute, caseSensitive), sortKey(y, attribute, caseSensitive));
                items.sort(Python.truthy(arg(a, k, 0, "reverse", false)) ? order.reversed() : order);
                return items;
            }
            case "dictsort": {
                List<Object> pairs = items(mapping(v));
                int by = "value".equals(arg(a, k, 1, "by", "key")) ? 1 : 0;
                boolean caseSensitive = Python.truthy(arg(a, k, 0, "case_sensitive", false));
                Comparator<Object> order = (x, y) -> Python.compare(sortKey(((List<?>) x).get(by), null, caseSensitive),
                        sortKey(((List<?>) y).get(by), null, caseSensitive));
                pairs.sort(Python.truthy(arg(a, k, 2, "reverse", false)) ? order.reversed() : order);
                return pairs;
            }
            case "min", "max": {
                List<Object> items = Python.iterate(v);
                if (items.isEmpty()) return new Undefined("no " + name + " of an empty sequence");
                Object attribute = arg(a, k, 1, "attribute", null);
                boolean caseSensitive = Python.truthy(arg(a, k, 0, "case_sensitive", false));
                Object best = items.get(0);
                for (Object x : items) {
                    int c = Python.compare(sortKey(x, attribute, caseSensitive), sortKey(best, attribute, caseSensitive));
                    if (name.equals("min") ? c < 0 : c > 0) best = x;
                }
                return best;
            }
            case "sum": {
                Object attribute = arg(a, k, 0, "attribute", null);
                Object total = arg(a, k, 1, "start", 0L);
                for (Object x : Python.iterate(v)) total = Arithmetic.binary("+", total, attribute == null ? x : attribute(x, attribute));
                return total;
            }
            case "abs": return Python.toDouble(v) < 0 ? Arithmetic.unary("-", v) : Arithmetic.unary("+", v);
            case "int": return toInt(v, arg(a, k, 0, "default", 0L));
            case "float": return toFloat(v, arg(a, k, 0, "default", 0.0));
            case "round": {
                long precision = Python.toLong(arg(a, k, 0, "precision", 0L));
                String method = Python.str(arg(a, k, 1, "method", "common"));
                if (method.equals("common") && (v instanceof Long || v instanceof Boolean)) return Python.toLong(v); // Python's round(int)
                double x = Python.toDouble(v);
                if (method.equals("common")) { // Python's round(): the double's exact value, half to even
                    if (!Double.isFinite(x)) return x;
                    double r = new java.math.BigDecimal(x).setScale((int) precision, java.math.RoundingMode.HALF_EVEN).doubleValue();
                    return r == 0 ? Math.copySign(0.0, x) : r;
                }
                double scale = Math.pow(10, precision);
                return (method.equals("ceil") ? Math.ceil(x * scale) : Math.floor(x * scale)) / scale;
            }
            case "indent": return indent(text(v, name), arg(a, k, 0, "width", 4L), Python.truthy(arg(a, k, 1, "first", false)),
                    Python.truthy(arg(a, k, 2, "blank", false)));
            case "wordcount": return WORD.matcher(string(v)).results().count(); // Jinja counts runs of word characters
            case "escape", "e", "forceescape": return escape(Python.str(v));
            case "safe": return v;
            case "attr": return Attributes.getattr(v, Python.str(a.get(0)));
            default: throw new TemplateException("no filter named '" + name + "'");
        }
    }

    private static final java.util.Set<String> UNARY_TESTS = java.util.Set.of("defined", "undefined", "none", "boolean",
            "true", "false", "integer", "float", "number", "string", "mapping", "sequence", "iterable", "callable", "even",
            "odd", "lower", "upper", "escaped");

    static boolean test(String name, Object v, List<Object> a) {
        if (UNARY_TESTS.contains(name) && !a.isEmpty()) throw new TemplateException("the test '" + name + "' takes no argument");
        switch (name) {
            case "defined": return !(v instanceof Undefined);
            case "undefined": return v instanceof Undefined;
            case "none": return v == null;
            case "boolean": return v instanceof Boolean;
            case "true": return Boolean.TRUE.equals(v);
            case "false": return Boolean.FALSE.equals(v);
            case "integer": return v instanceof Long;
            case "float": return v instanceof Double;
            case "number": return Python.isNumber(v);
            case "string": return v instanceof String;
            case "mapping": return v instanceof Map<?, ?> || v instanceof Namespace;
            case "sequence": return v instanceof String || v instanceof List<?> || v instanceof Map<?, ?> || v instanceof Undefined;
            case "iterable": return v instanceof String || v instanceof List<?> || v instanceof Map<?, ?> || v instanceof Undefined;
            case "callable": return v instanceof Fn;
            case "even": return Python.eq(Arithmetic.binary("%", v, 2L), 0L);
            case "odd": return Python.eq(Arithmetic.binary("%", v, 2L), 1L);
            case "divisibleby": return Python.eq(Arithmetic.binary("%", v, a.get(0)), 0L);
            case "eq", "equalto", "==": return Python.eq(v, a.get(0));
            case "ne", "!=": return !Python.eq(v, a.get(0));
            case "lt", "lessthan", "<": return Python.compare(v, a.get(0)) < 0;
            case "le", "<=": return Python.compare(v, a.get(0)) <= 0;
            case "gt", "greaterthan", ">": return Python.compare(v, a.get(0)) > 0;
            case "ge", ">=": return Python.compare(v, a.get(0)) >= 0;
            case "in": return Python.contains(a.get(0), v);
            case "sameas": return v == a.get(0) || (v != null && Python.isNumber(v) && v.equals(a.get(0)));
            case "lower", "upper": { // Python's str(v).islower() / isupper(): some cased character, none of the other case
                String s = Python.str(v);
                boolean lower = name.equals("lower");
                boolean cased = s.codePoints().anyMatch(c -> Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c));
                return cased && s.equals(lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
            }
            case "escaped": return false;
            default: throw new TemplateException("no test named '" + name + "'");
        }
    }

    /** Positional argument {@code i}, else keyword {@code name}, else {@code dflt}. */
    private static Object arg(List<Object> a, Map<String, Object> k, int i, String name, Object dflt) {
        if (i < a.size()) return a.get(i);
        return k.containsKey(name) ? k.get(name) : dflt;
    }

    private static String string(Object v) {
        if (v instanceof Undefined u) return "";
        return Python.str(v);
    }

    /** {@code v}, which {@code filter} takes only as a string. */
    private static String text(Object v, String filter) {
        if (v instanceof String s) return s;
        throw new TemplateException("the '" + filter + "' filter takes a string, not " + Python.typeName(v));
    }

    private static Map<?, ?> mapping(Object v) {
        if (v instanceof Map<?, ?> m) return m;
        if (v instanceof Namespace ns) return ns.values();
        throw new TemplateException("expected a mapping, got " + Python.typeName(v));
    }

    /** A dict's {@code items()}: its key-value pairs. */
    static List<Object> items(Map<?, ?> m) {
        List<Object> pairs = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            pairs.add(new Tuple(java.util.Arrays.asList(e.getKey(), e.getValue())));
        }
        return pairs;
    }

    /** An item's attribute by Jinja's dotted path ({@code "function.name"}), integers indexing lists. */
    private static Object attribute(Object item, Object path) {
        Object x = item;
        for (String part : Python.str(path).split("\\.")) {
            x = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? Attributes.getitem(x, Long.parseLong(part)) : Attributes.getitem(x, part);
        }
        return x;
    }

    private static Object sortKey(Object x, Object attribute, boolean caseSensitive) {
        Object key = attribute == null ? x : attribute(x, attribute);
        return !caseSensitive && key instanceof String s ? s.toLowerCase(Locale.ROOT) : key;
    }

    private static Object toInt(Object v, Object dflt) {
        if (v instanceof Long || v instanceof Boolean) return Python.toLong(v);
        if (v instanceof Double d) return (long) (double) d;
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.strip().replace("_", ""));
            } catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(s.strip());
                } catch (NumberFormatException e2) {
                    return dflt;
                }
            }
        }
        return dflt;
    }

    private static Object toFloat(Object v, Object dflt) {
        if (Python.isNumber(v)) return Python.toDouble(v);
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return dflt;
            }
        }
        return dflt;
    }

    /** Jinja's {@code indent}: every line but the first (and blank lines, unless {@code blank}) gets the indentation. */
    private static String indent(String s, Object width, boolean first, boolean blank) {
        String indentation = width instanceof String w ? w : " ".repeat((int) Python.toLong(width));
        List<String> lines = new ArrayList<>(List.of((s + "\n").split("\n", -1)));
        lines.remove(lines.size() - 1); // the quirk: Jinja appends a newline so that splitlines keeps a trailing blank line
        StringBuilder b = new StringBuilder(lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            b.append('\n').append(blank || !line.isEmpty() ? indentation + line : line);
        }
        return first ? indentation + b : b.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;").replace("'", "&#39;");
    }

    /** Python's {@code str.capitalize}: the first character upper case, the rest lower. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT)).toString();
    }

    /**
     * Jinja's {@code title} filter: each word (split at blanks, hyphens and opening brackets) with its first character
     * upper case and the rest lower, so {@code "it's"} stays {@code "It's"} where Python's {@code str.title} writes "It'S".
     */
    static String titleWords(String s) {
        StringBuilder b = new StringBuilder();
        java.util.regex.Matcher m = TITLE_BREAK.matcher(s);
        int from = 0;
        while (true) {
            boolean found = m.find();
            String word = s.substring(from, found ? m.start() : s.length());
            if (!word.isEmpty()) b.append(capitalize(word));
            if (!found) return b.toString();
            b.append(m.group());
            from = m.end();
        }
    }

    /** Python's {@code str.title}: upper case after any non-letter, lower case elsewhere. */
    static String title(String s) {
        StringBuilder b = new StringBuilder();
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            b.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isLetter(c);
            i += Character.charCount(c);
        }
        return b.toString();
    }

    /** Python's {@code str.replace} with an optional count ({@code -1}: all). */
    static String replace(String s, String old, String replacement, long count) {
        if (count < 0) return s.replace(old, replacement);
        StringBuilder b = new StringBuilder();
        int from = 0;
        for (long n = 0; n < count; n++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) break;
            b.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) b.append(s.charAt(at));
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        return from <= s.length() ? b.append(s.substring(from)).toString() : b.toString();
    }
}
