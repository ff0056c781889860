package inferlab.decode;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
 * {@code required} one present, the others optional; an object without {@code properties} takes any keys, whose
 * values follow {@code additionalProperties}, and none when that is false), {@code items}, {@code enum}, and
 * annotations ({@code description}, {@code title}, {@code default}, ...). The
 * root is an object or an array. Texts are compact: no whitespace between tokens, as a grammar that admits
 * unbounded whitespace lets a small model fill its budget with blanks.
 */
public final class JsonGrammar {
    public enum Status { INVALID, PREFIX, COMPLETE }

    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "items", "enum",
            "description", "title", "default", "examples", "additionalProperties", "$schema", "strict");
    private static final int MAX_DEPTH = 32;
    /**
     * OpenAI's documented bounds on a structured-output schema: object properties and enum values in all, the
     * characters of all property names and enum values, and those of one string enum of more than 250 values. The
     * grammar matches each candidate token against the schema at every step, so its size is the server's cost.
     */
    private static final int MAX_PROPERTIES = 5_000, MAX_ENUM_VALUES = 1_000, MAX_CHARS = 120_000,
            LARGE_ENUM = 250, MAX_LARGE_ENUM_CHARS = 15_000;

    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean", "null");

    /**
     * A schema read once, so that a check, run for each candidate token at each step, walks no JSON.
     *
     * @param types      the allowed types; empty for any value
     * @param enumWords  the allowed values as compact JSON texts, or null
     * @param keys       an object's properties in order, or null for any keys
     * @param keyTexts   each key as a JSON string, as the text must write it
     * @param properties each key's schema
     * @param values     the schema of each value under any keys
     * @param items      an array's items
     */
    private record Shape(List<String> types, List<String> enumWords, List<String> keys, List<String> keyTexts,
                         Set<String> required, Map<String, Shape> properties, Shape values, Shape items) {}

    private static final Shape ANY = new Shape(List.of(), null, null, null, Set.of(), Map.of(), null, null);

    private final Shape root;

    private JsonGrammar(Shape root) {
        this.root = root;
    }

    /** The grammar of {@code schema}; a keyword outside the subset is an {@link IllegalArgumentException} naming it. */
    public static JsonGrammar of(JsonObject schema) {
        Shape root = shape(schema, "the schema", 0);
        checkSize(root);
        if (root.types().isEmpty() || !root.types().stream().allMatch(t -> t.equals("object") || t.equals("array"))) {
            throw new IllegalArgumentException("the schema's root must be an object or an array");
        }
        return new JsonGrammar(root);
    }

    /** Refuses a schema beyond {@link #MAX_PROPERTIES}, {@link #MAX_ENUM_VALUES} or the character bounds. */
    private static void checkSize(Shape root) {
        long properties = 0, enumValues = 0, chars = 0;
        Deque<Shape> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Shape s = todo.pop();
            if (s.keys() != null) {
                properties += s.keys().size();
                for (String k : s.keys()) chars += k.length();
            }
            if (s.enumWords() != null) {
                enumValues += s.enumWords().size();
                long enumChars = 0; // a string's own characters, without its quotes
                boolean strings = true;
                for (String w : s.enumWords()) {
                    boolean string = w.startsWith("\"");
                    strings &= string;
                    enumChars += string ? w.length() - 2 : w.length();
                }
                chars += enumChars;
                if (strings && s.enumWords().size() > LARGE_ENUM && enumChars > MAX_LARGE_ENUM_CHARS) {
                    throw new IllegalArgumentException("a string 'enum' of more than " + LARGE_ENUM + " values may have at most "
                            + MAX_LARGE_ENUM_CHARS + " characters in all, as in OpenAI's API; this one has " + enumChars);
                }
            }
            todo.addAll(s.properties().values());
            if (s.values() != null) todo.push(s.values());
            if (s.items() != null) todo.push(s.items());
        }
        if (properties > MAX_PROPERTIES) throw new IllegalArgumentException("the schema has " + properties
                + " object properties; OpenAI's API allows at most " + MAX_PROPERTIES);
        if (enumValues > MAX_ENUM_VALUES) throw new IllegalArgumentException("the schema has " + enumValues
                + " enum values; OpenAI's API allows at most " + MAX_ENUM_VALUES);
        if (chars > MAX_CHARS) throw new IllegalArgumentException("the schema's property names and enum values have " + chars
                + " characters; OpenAI's API allows at most " + MAX_CHARS);
    }

    private static Shape shape(JsonObject s, String where, int depth) {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("the schema is nested more than " + MAX_DEPTH + " deep");
        for (String k : s.keySet()) {
            if (!KEYWORDS.contains(k)) throw new IllegalArgumentException(where + " uses '" + k + "', which this server does not support");
        }
        List<String> types = types(s);
        for (String t : types) {
            if (!TYPES.contains(t)) throw new IllegalArgumentException(where + " has an unknown type '" + t + "'");
        }
        List<String> enumWords = null;
        if (s.has("enum")) { // a value the text could never be would leave the decoder no way to finish
            if (!s.get("enum").isJsonArray() || s.getAsJsonArray("enum").isEmpty()) {
                throw new IllegalArgumentException(where + ": 'enum' must be a non-empty list");
            }
            for (JsonElement e : s.getAsJsonArray("enum")) {
                if (!admits(types, e)) throw new IllegalArgumentException(where + ": the 'enum' value " + e + " is not of its 'type'");
            }
            enumWords = s.getAsJsonArray("enum").asList().stream().map(JsonElement::toString).toList();
        }
        List<String> keys = null;
        List<String> keyTexts = null;
        Map<String, Shape> properties = new HashMap<>();
        if (s.has("properties")) {
            if (!s.get("properties").isJsonObject()) throw new IllegalArgumentException(where + ": 'properties' must be an object");
            keys = new ArrayList<>();
            keyTexts = new ArrayList<>();
            for (Map.Entry<String, JsonElement> p : s.getAsJsonObject("properties").entrySet()) {
                if (!p.getValue().isJsonObject()) throw new IllegalArgumentException(where + ": property '" + p.getKey() + "' must be a schema");
                keys.add(p.getKey());
                keyTexts.add(new JsonPrimitive(p.getKey()).toString());
                properties.put(p.getKey(), shape(p.getValue().getAsJsonObject(), "property '" + p.getKey() + "'", depth + 1));
            }
        }
        Set<String> required = new HashSet<>();
        if (s.has("required")) {
            if (!(s.get("required").isJsonArray() && s.getAsJsonArray("required").asList().stream()
                    .allMatch(r -> r.isJsonPrimitive() && r.getAsJsonPrimitive().isString()))) {
                throw new IllegalArgumentException(where + ": 'required' must be a list of property names");
            }
            for (JsonElement r : s.getAsJsonArray("required")) required.add(r.getAsString());
        }
        for (String r : required) { // the text writes only the properties listed
            if (keys == null || !keys.contains(r)) throw new IllegalArgumentException(where + ": 'required' names '" + r + "', which 'properties' does not define");
        }
        // with properties the text writes only those, which any additionalProperties allows; without, it decides
        Shape values = ANY;
        JsonElement extra = s.get("additionalProperties");
        if (extra != null && extra.isJsonObject()) {
            values = shape(extra.getAsJsonObject(), "the additionalProperties of " + where, depth + 1);
        } else if (extra != null && !(extra.isJsonPrimitive() && extra.getAsJsonPrimitive().isBoolean())) {
            throw new IllegalArgumentException(where + ": 'additionalProperties' must be true, false or a schema");
        } else if (extra != null && !extra.getAsBoolean() && keys == null) {
            keys = List.of();
            keyTexts = List.of();
        }
        Shape items = ANY;
        if (s.has("items")) {
            if (!s.get("items").isJsonObject()) throw new IllegalArgumentException(where + ": 'items' must be a schema");
            items = shape(s.getAsJsonObject("items"), "the items of " + where, depth + 1);
        }
        return new Shape(types, enumWords, keys, keyTexts, required, properties, values, items);
    }

    /** The schema's types; none means any value. */
    private static List<String> types(JsonObject s) {
        JsonElement t = s.get("type");
        if (t == null) return List.of();
        List<JsonElement> names = t.isJsonArray() ? t.getAsJsonArray().asList() : List.of(t);
        List<String> out = new ArrayList<>();
        for (JsonElement e : names) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("'type' must be a name or a list of names");
            out.add(e.getAsString());
        }
        return out;
    }

    /** Whether a value of {@code types} (none: any) may be {@code e}; an integer is a number without a fraction. */
    private static boolean admits(List<String> types, JsonElement e) {
        String type = e.isJsonObject() ? "object" : e.isJsonArray() ? "array" : e.isJsonNull() ? "null"
                : e.getAsJsonPrimitive().isString() ? "string" : e.getAsJsonPrimitive().isBoolean() ? "boolean" : "number";
        return types.isEmpty() || types.contains(type)
                || type.equals("number") && types.contains("integer") && e.getAsBigDecimal().stripTrailingZeros().scale() <= 0;
    }

    /** Whether {@code text} is an admitted value, the start of one, or neither. */
    public Status check(String text) {
        Reader r = new Reader(text);
        try {
            r.value(root, 0);
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
    private static final List<String> BOOLEANS = List.of("true", "false");
    private static final List<String> NULL = List.of("null");
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

        /**
         * One of {@code words} in full, the longest that fits; the text ending inside one of them is a prefix. Of an
         * enum's 1 and 10 (or 2 and 2.5), "10" is not 1 then a stray 0, and "2." may still become 2.5.
         */
        void oneOf(List<String> words) {
            int rest = text.length() - pos;
            for (String w : words) if (rest < w.length() && w.regionMatches(0, text, pos, rest)) throw INCOMPLETE;
            String match = null;
            for (String w : words) if (text.startsWith(w, pos) && (match == null || w.length() > match.length())) match = w;
            if (match == null) throw INVALID;
            pos += match.length();
        }

        void value(Shape s, int depth) {
            if (depth > MAX_DEPTH) throw INVALID;
            if (s.enumWords() != null) {
                oneOf(s.enumWords());
                return;
            }
            List<String> types = s.types();
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
                case "boolean" -> oneOf(BOOLEANS);
                case "null" -> oneOf(NULL);
                default -> number(type.equals("integer"));
            }
        }

        void object(Shape s, int depth) {
            expect('{');
            if (s.keys() == null) { // any keys, their values of additionalProperties
                if (peek() == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    string();
                    expect(':');
                    value(s.values() == null ? ANY : s.values(), depth + 1);
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    expect(',');
                }
            }
            List<String> keys = s.keys();
            int next = 0; // properties before this one are written or passed over
            boolean first = true;
            while (true) {
                boolean mayClose = keys.subList(next, keys.size()).stream().noneMatch(s.required()::contains);
                if (mayClose && peek() == '}') {
                    pos++;
                    return;
                }
                if (next == keys.size()) throw INVALID;
                if (!first) expect(',');
                // the key: the next property, or a later one when every one between is optional
                int last = next;
                while (last < keys.size() - 1 && !s.required().contains(keys.get(last))) last++;
                List<String> allowed = s.keyTexts().subList(next, last + 1);
                int start = pos;
                oneOf(allowed);
                next += allowed.indexOf(text.substring(start, pos)) + 1;
                expect(':');
                value(s.properties().get(keys.get(next - 1)), depth + 1);
                first = false;
            }
        }

        void array(Shape s, int depth) {
            expect('[');
            if (peek() == ']') {
                pos++;
                return;
            }
            while (true) {
                value(s.items() == null ? ANY : s.items(), depth + 1);
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
