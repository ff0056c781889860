package inferlab.decode;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact JSON texts a JSON Schema admits, as a grammar for constrained decoding (vLLM's structured outputs,
 * the grammar engines behind OpenAI's {@code json_schema} and named tool calls). {@link #check} says whether a text
 * is a whole admitted value, could still become one, or cannot.
 *
 * <p>The subset: {@code type} (one, or a list), {@code properties} (written in the schema's order, each
 * {@code required} one present, the others optional; an object without {@code properties} takes any keys),
 * {@code items}, {@code enum}, and annotations ({@code description}, {@code title}, {@code default}, ...). The
 * root is an object or an array. Texts are compact: no whitespace between tokens, as a grammar that admits
 * unbounded whitespace lets a small model fill its budget with blanks.
 */
public final class JsonGrammar {
    public enum Status { INVALID, PREFIX, COMPLETE }

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "items", "enum",
            "description", "title", "default", "examples", "additionalProperties", "$schema", "strict");
    private static final int MAX_DEPTH = 32;

    private final JsonObject schema;

    private JsonGrammar(JsonObject schema) {
        this.schema = schema;
    }

    /** The grammar of {@code schema}; a keyword outside the subset is an {@link IllegalArgumentException} naming it. */
    public static JsonGrammar of(JsonObject schema) {
        check(schema, "the schema", 0);
        List<String> types = types(schema);
        if (types.isEmpty() || !types.stream().allMatch(t -> t.equals("object") || t.equals("array"))) {
            throw new IllegalArgumentException("the schema's root must be an object or an array");
        }
        return new JsonGrammar(schema);
    }

    private static void check(JsonObject s, String where, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("the schema is nested more than " + MAX_DEPTH + " deep");
        for (String k : s.keySet()) {
            if (!KEYWORDS.contains(k)) throw new IllegalArgumentException(where + " uses '" + k + "', which this server does not support");
        }
        for (String t : types(s)) {
            if (!Set.of("object", "array", "string", "integer", "number", "boolean", "null").contains(t)) {
                throw new IllegalArgumentException(where + " has an unknown type '" + t + "'");
            }
        }
        if (s.has("enum") && !s.get("enum").isJsonArray()) throw new IllegalArgumentException(where + ": 'enum' must be a list");
        if (s.has("properties")) {
            if (!s.get("properties").isJsonObject()) throw new IllegalArgumentException(where + ": 'properties' must be an object");
            for (Map.Entry<String, JsonElement> p : s.getAsJsonObject("properties").entrySet()) {
                if (!p.getValue().isJsonObject()) throw new IllegalArgumentException(where + ": property '" + p.getKey() + "' must be a schema");
                check(p.getValue().getAsJsonObject(), "property '" + p.getKey() + "'", depth + 1);
            }
        }
        if (s.has("required") && !(s.get("required").isJsonArray() && s.getAsJsonArray("required").asList().stream()
                .allMatch(r -> r.isJsonPrimitive() && r.getAsJsonPrimitive().isString()))) {
            throw new IllegalArgumentException(where + ": 'required' must be a list of property names");
        }
        if (s.has("items")) {
            if (!s.get("items").isJsonObject()) throw new IllegalArgumentException(where + ": 'items' must be a schema");
            check(s.getAsJsonObject("items"), "the items of " + where, depth + 1);
        }
    }

    /** The schema's types; none means any value. */
    private static List<String> types(JsonObject s) {
        JsonElement t = s.get("type");
        if (t == null) return List.of();
        if (t.isJsonPrimitive()) return List.of(t.getAsString());
        if (!t.isJsonArray()) throw new IllegalArgumentException("'type' must be a name or a list of names");
        List<String> out = new ArrayList<>();
        for (JsonElement e : t.getAsJsonArray()) out.add(e.getAsString());
        return out;
    }

    /** Whether {@code text} is an admitted value, the start of one, or neither. */
    public Status check(String text) {
        Reader r = new Reader(text);
        try {
            r.value(schema, 0);
        } catch (Incomplete e) {
            return Status.PREFIX;
        } catch (Invalid e) {
            return Status.INVALID;
        }
        return r.pos == text.length() ? Status.COMPLETE : Status.INVALID;
    }

    /** The text ended where more was needed. */
    private static final class Incomplete extends RuntimeException {
        Incomplete() {
            super(null, null, false, false);
        }
    }

    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }

    private static final Incomplete INCOMPLETE = new Incomplete();
    private static final Invalid INVALID = new Invalid();

    /** Recursive descent over the text against a schema. */
    private static final class Reader {
        final String text;
        int pos;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            if (pos >= text.length()) throw INCOMPLETE;
            return text.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) throw INVALID;
            pos++;
        }

        /** One of {@code words} in full; the text ending inside one of them is a prefix. */
        void oneOf(List<String> words) {
            String rest = text.substring(pos);
            for (String w : words) {
                if (rest.startsWith(w)) {
                    pos += w.length();
                    return;
                }
            }
            for (String w : words) if (w.startsWith(rest)) throw INCOMPLETE;
            throw INVALID;
        }

        void value(JsonObject s, int depth) {
            if (depth > MAX_DEPTH) throw INVALID;
            if (s.has("enum")) {
                List<String> words = new ArrayList<>();
                for (JsonElement e : s.getAsJsonArray("enum")) words.add(e.toString());
                oneOf(words);
                return;
            }
            List<String> types = types(s);
            char c = peek();
            String type = switch (c) {
                case '{' -> "object";
                case '[' -> "array";
                case '"' -> "string";
                case 't', 'f' -> "boolean";
                case 'n' -> "null";
                default -> c == '-' || (c >= '0' && c <= '9') ? (types.contains("integer") && !types.contains("number") ? "integer" : "number") : null;
            };
            if (type == null || !(types.isEmpty() || types.contains(type) || (type.equals("number") && types.contains("integer")))) throw INVALID;
            switch (type) {
                case "object" -> object(s, depth);
                case "array" -> array(s, depth);
                case "string" -> string();
                case "boolean" -> oneOf(List.of("true", "false"));
                case "null" -> oneOf(List.of("null"));
                default -> number(type.equals("integer"));
            }
        }

        void object(JsonObject s, int depth) {
            expect('{');
            JsonObject props = s.has("properties") ? s.getAsJsonObject("properties") : null;
            if (props == null) { // any keys, any values
                if (peek() == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    string();
                    expect(':');
                    value(new JsonObject(), depth + 1);
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    expect(',');
                }
            }
            List<String> keys = new ArrayList<>(props.keySet());
            Set<String> required = new HashSet<>();
            if (s.has("required")) for (JsonElement r : s.getAsJsonArray("required")) required.add(r.getAsString());
            int next = 0; // properties before this one are written or passed over
            boolean first = true;
            while (true) {
                boolean mayClose = keys.subList(next, keys.size()).stream().noneMatch(required::contains);
                if (mayClose && peek() == '}') {
                    pos++;
                    return;
                }
                if (next == keys.size()) throw INVALID;
                if (!first) expect(',');
                // the key: the next property, or a later one when every one between is optional
                List<String> allowed = new ArrayList<>();
                for (int i = next; i < keys.size(); i++) {
                    allowed.add(new JsonPrimitive(keys.get(i)).toString());
                    if (required.contains(keys.get(i))) break;
                }
                int start = pos;
                oneOf(allowed);
                String key = JsonParser.parseString(text.substring(start, pos)).getAsString();
                next = keys.indexOf(key) + 1;
                expect(':');
                value(props.getAsJsonObject(key), depth + 1);
                first = false;
            }
        }

        void array(JsonObject s, int depth) {
            expect('[');
            JsonObject items = s.has("items") ? s.getAsJsonObject("items") : new JsonObject();
            if (peek() == ']') {
                pos++;
                return;
            }
            while (true) {
                value(items, depth + 1);
                if (peek() == ']') {
                    pos++;
                    return;
                }
                expect(',');
            }
        }

        void string() {
            expect('"');
            while (true) {
                char c = peek();
                pos++;
                if (c == '"') return;
                if (c < 0x20) throw INVALID;
                if (c == '\\') {
                    char e = peek();
                    pos++;
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(peek(), 16) < 0) throw INVALID;
                            pos++;
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                        throw INVALID;
                    }
                }
            }
        }

        /** A number; at the end of the text it may still grow, so the text is a prefix. */
        void number(boolean integer) {
            if (peek() == '-') pos++;
            char c = peek();
            if (c == '0') {
                pos++;
            } else if (c >= '1' && c <= '9') {
                while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
            } else {
                throw INVALID;
            }
            if (integer) {
                peek(); // a number is only complete once something follows it
                return;
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) throw INVALID;
                while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
            }
            char e = peek();
            if (e == 'e' || e == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') pos++;
                if (!isDigit(peek())) throw INVALID;
                while (pos < text.length() && isDigit(text.charAt(pos))) pos++;
                peek();
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
