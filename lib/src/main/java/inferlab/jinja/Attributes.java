package inferlab.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja's {@code getattr} and {@code getitem} on the values a template sees, with the Python methods chat templates
 * call on strings ({@code strip}, {@code split}, {@code startswith}, ...), dicts ({@code items}, {@code get}, ...)
 * and lists ({@code index}, {@code count}). Like transformers' immutable sandbox, nothing can be modified
 * ({@code list.append} is refused), except a {@link Namespace}, and only by {@code set}.
 */
final class Attributes {
    private Attributes() {}

    /** {@code obj.name}: a method or attribute first, else the item of that name, else undefined (also on None or a number). */
    static Object getattr(Object obj, String name) {
        if (obj instanceof Undefined u) throw u.error();
        Object method = method(obj, name);
        if (method != null) return method;
        if (obj instanceof Map<?, ?> m) return m.containsKey(name) ? m.get(name) : new Undefined(name);
        if (obj instanceof Namespace ns) return ns.values().containsKey(name) ? ns.values().get(name) : new Undefined(name);
        return new Undefined(name);
    }

    /** {@code obj[key]}: the item first, else (for a string key) the attribute, else undefined (also on None or a number). */
    static Object getitem(Object obj, Object key) {
        if (obj instanceof Undefined u) throw u.error();
        if (obj instanceof Map<?, ?> m) {
            if (m.containsKey(key)) return m.get(key);
        } else if (obj instanceof List<?> l && isIndex(key)) {
            int i = index(Python.toLong(key), l.size());
            if (i >= 0) return l.get(i);
            return new Undefined("list index out of range");
        } else if (obj instanceof String s && isIndex(key)) {
            int[] cps = s.codePoints().toArray();
            int i = index(Python.toLong(key), cps.length);
            if (i >= 0) return Character.toString(cps[i]);
            return new Undefined("string index out of range");
        }
        if (key instanceof String name) return getattr(obj, name);
        return new Undefined(Python.repr(key));
    }

    private static boolean isIndex(Object key) {
        return key instanceof Long || key instanceof Boolean;
    }

    private static int index(long i, int size) {
        long j = i < 0 ? i + size : i;
        return j >= 0 && j < size ? (int) j : -1;
    }

    /** Python's slice {@code obj[start:stop:step]} of a list or string. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        List<Object> items;
        boolean string = obj instanceof String;
        if (obj instanceof String s) items = new ArrayList<>(s.codePoints().mapToObj(Character::toString).toList());
        else if (obj instanceof List<?> l) items = new ArrayList<>(l);
        else if (obj instanceof Undefined u) throw u.error();
        else throw new TemplateException(Python.typeName(obj) + " object is not subscriptable"); // Jinja slices without getitem
        long n = items.size();
        long st = step == null ? 1 : Python.toLong(step);
        if (st == 0) throw new TemplateException("slice step cannot be zero");
        long lo, hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(Python.toLong(start), n, 0, n);
            hi = stop == null ? n : clamp(Python.toLong(stop), n, 0, n);
        } else {
            lo = start == null ? n - 1 : clamp(Python.toLong(start), n, -1, n - 1);
            hi = stop == null ? -1 : clamp(Python.toLong(stop), n, -1, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) out.add(items.get((int) i));
        if (obj instanceof Tuple) return new Tuple(out);
        if (!string) return out;
        StringBuilder b = new StringBuilder();
        for (Object c : out) b.append((String) c);
        return b.toString();
    }

    private static long clamp(long i, long n, long min, long max) {
        long j = i < 0 ? i + n : i;
        return Math.max(min, Math.min(max, j));
    }

    private static Object method(Object obj, String name) {
        if (obj instanceof String s) return stringMethod(s, name);
        if (obj instanceof Map<?, ?> m) return dictMethod(m, name);
        if (obj instanceof List<?> l) return listMethod(l, name);
        return null;
    }

    private static Fn stringMethod(String s, String name) {
        return switch (name) {
            case "strip", "lstrip", "rstrip" -> (a, k) -> Python.strip(s, optionalString(a, 0), !name.equals("rstrip"), !name.equals("lstrip"));
            case "split" -> (a, k) -> Python.split(s, optionalString(a.isEmpty() ? List.of() : a, 0, k.get("sep")),
                    a.size() > 1 ? Python.toLong(a.get(1)) : k.containsKey("maxsplit") ? Python.toLong(k.get("maxsplit")) : -1);
            case "startswith", "endswith" -> (a, k) -> {
                Object p = a.get(0);
                for (Object prefix : p instanceof List<?> l ? l : List.of(p)) {
                    if (name.equals("startswith") ? s.startsWith((String) prefix) : s.endsWith((String) prefix)) return true;
                }
                return false;
            };
            case "upper" -> (a, k) -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> (a, k) -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> (a, k) -> Builtins.title(s);
            case "capitalize" -> (a, k) -> Builtins.capitalize(s);
            case "replace" -> (a, k) -> Builtins.replace(s, (String) a.get(0), (String) a.get(1), a.size() > 2 ? Python.toLong(a.get(2)) : -1);
            case "find" -> (a, k) -> (long) s.indexOf((String) a.get(0));
            case "count" -> (a, k) -> (long) Python.split(s, (String) a.get(0), -1).size() - 1;
            case "join" -> (a, k) -> {
                StringBuilder b = new StringBuilder();
                List<Object> parts = Python.iterate(a.get(0));
                for (int i = 0; i < parts.size(); i++) b.append(i > 0 ? s : "").append((String) parts.get(i));
                return b.toString();
            };
            case "isdigit" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> (a, k) -> !s.isEmpty() && s.chars().allMatch(Python::isSpace);
            case "splitlines" -> (a, k) -> {
                List<Object> lines = new ArrayList<>(List.of(s.split("\n", -1)));
                if (!lines.isEmpty() && ((String) lines.get(lines.size() - 1)).isEmpty()) lines.remove(lines.size() - 1);
                return lines;
            };
            default -> null;
        };
    }

    private static String optionalString(List<Object> args, int i) {
        return optionalString(args, i, null);
    }

    private static String optionalString(List<Object> args, int i, Object keyword) {
        Object v = i < args.size() ? args.get(i) : keyword;
        if (v == null || v instanceof Undefined) return null;
        if (!(v instanceof String s)) throw new TemplateException("expected a string argument, got " + Python.typeName(v));
        return s;
    }

    private static Fn dictMethod(Map<?, ?> m, String name) {
        return switch (name) {
            case "items" -> (a, k) -> Builtins.items(m);
            case "keys" -> (a, k) -> new ArrayList<Object>(m.keySet());
            case "values" -> (a, k) -> new ArrayList<Object>(m.values());
            case "get" -> (a, k) -> m.containsKey(a.get(0)) ? m.get(a.get(0)) : a.size() > 1 ? a.get(1) : null;
            default -> null;
        };
    }

    private static Fn listMethod(List<?> l, String name) {
        return switch (name) {
            case "index" -> (a, k) -> {
                for (int i = 0; i < l.size(); i++) if (Python.eq(l.get(i), a.get(0))) return (long) i;
                throw new TemplateException(Python.repr(a.get(0)) + " is not in list");
            };
            case "count" -> (a, k) -> l.stream().filter(x -> Python.eq(x, a.get(0))).count();
            case "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse" -> (a, k) -> {
                throw new TemplateException("access to attribute '" + name + "' of 'list' object is unsafe");
            };
            default -> null;
        };
    }
}
