package inferlab.jinja;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jinja template as Hugging Face transformers renders chat templates: Jinja2's syntax and Python value
 * semantics, in transformers' environment ({@code trim_blocks}, {@code lstrip_blocks}, the loop controls, its
 * {@code tojson}, {@code raise_exception} and {@code strftime_now}) and its immutable sandbox (templates read
 * their inputs but cannot change them).
 *
 * <p>The subset is what chat templates use: {@code if}/{@code elif}/{@code else}, {@code for} (with
 * {@code loop.*}, an {@code if} filter, {@code else}, {@code break}, {@code continue}), {@code set} (also on a
 * {@code namespace} and as a block), {@code macro}, {@code generation}; Python's operators, comparisons, slices,
 * the string, dict and list methods, and Jinja's common filters and tests. Anything outside it is a
 * {@link TemplateException} naming it, at parse time for tags and at render time for filters and tests.
 */
public final class Template {
    private final List<Node> nodes;

    private Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Parses {@code source}; a syntax error or an unsupported tag is a {@link TemplateException} with the line. */
    public static Template parse(String source) {
        return new Template(Parser.parse(source));
    }

    /**
     * Renders with {@code context}: its values are JSON-like Java values ({@code String}, numbers, {@code Boolean},
     * null, {@code List}, {@code Map}) or Gson elements. A failure, including the template's own
     * {@code raise_exception}, is a {@link TemplateException}.
     */
    public String render(Map<String, ?> context) {
        Map<String, Object> values = new LinkedHashMap<>();
        context.forEach((k, v) -> values.put(k, value(v, 0)));
        try {
            return Renderer.render(nodes, Builtins.globals(), values);
        } catch (TemplateException e) {
            throw e;
        } catch (ArithmeticException e) {
            throw new TemplateException("integer overflow");
        } catch (RuntimeException e) { // a filter, test or method given a value of a type it does not take
            throw new TemplateException("a value of the wrong type: " + e);
        }
    }

    /** Deepest nesting of lists and maps a template takes (Python's own recursion limit stops near 1000). */
    static final int MAX_DEPTH = 512;

    /** A Java or Gson value as the template's Python-like value. */
    static Object value(Object x, int depth) {
        if (depth > MAX_DEPTH) throw new TemplateException("a value nested more than " + MAX_DEPTH + " levels deep");
        if (x == null || x instanceof String || x instanceof Boolean || x instanceof Long || x instanceof Double || x instanceof Fn) return x;
        if (x instanceof Integer || x instanceof Short || x instanceof Byte) return ((Number) x).longValue();
        if (x instanceof Float f) return f.doubleValue();
        if (x instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(value(k, depth + 1), value(v, depth + 1)));
            return out;
        }
        if (x instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) out.add(value(v, depth + 1));
            return out;
        }
        if (x instanceof JsonElement e) return json(e, depth);
        throw new IllegalArgumentException("a template cannot take a " + x.getClass().getSimpleName());
    }

    private static Object json(JsonElement e, int depth) {
        if (depth > MAX_DEPTH) throw new TemplateException("a value nested more than " + MAX_DEPTH + " levels deep");
        if (e.isJsonNull()) return null;
        if (e.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonElement v : e.getAsJsonArray()) out.add(json(v, depth + 1));
            return out;
        }
        if (e.isJsonObject()) {
            Map<Object, Object> out = new LinkedHashMap<>();
            e.getAsJsonObject().entrySet().forEach(en -> out.put(en.getKey(), json(en.getValue(), depth + 1)));
            return out;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) return p.getAsBoolean();
        if (p.isString()) return p.getAsString();
        String number = p.getAsString();
        if (number.matches("-?\\d+")) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException tooLong) {
                return p.getAsDouble();
            }
        }
        return p.getAsDouble();
    }
}
