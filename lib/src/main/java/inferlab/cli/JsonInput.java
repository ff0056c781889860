package inferlab.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * A JSON document read from a stream within {@link Limits#MAX_JSON_CHARS} and {@link Limits#MAX_JSON_DEPTH}.
 * Gson's tree parser recurses once per nesting level, so 20,000 {@code [} would overflow the stack: the depth is
 * checked first by walking the tokens with a counter (no recursion), and only a shallow document is then parsed.
 */
final class JsonInput {
    private JsonInput() {}

    static JsonElement read(Reader in, String what) {
        String text = readBounded(in, what);
        try (JsonReader tokens = new JsonReader(new StringReader(text))) {
            tokens.setStrictness(Strictness.LENIENT); // as JsonParser, which reads NaN and Infinity
            int depth = 0;
            do {
                JsonToken t = tokens.peek();
                switch (t) {
                    case BEGIN_ARRAY -> tokens.beginArray();
                    case BEGIN_OBJECT -> tokens.beginObject();
                    case END_ARRAY -> tokens.endArray();
                    case END_OBJECT -> tokens.endObject();
                    case NAME -> tokens.nextName();
                    case END_DOCUMENT -> throw new IllegalArgumentException(what + " is empty: expected JSON");
                    default -> tokens.skipValue(); // a scalar
                }
                if (t == JsonToken.BEGIN_ARRAY || t == JsonToken.BEGIN_OBJECT) depth++;
                if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) depth--;
                if (depth > Limits.MAX_JSON_DEPTH) {
                    throw new IllegalArgumentException(what + " nests JSON deeper than " + Limits.MAX_JSON_DEPTH + " levels");
                }
            } while (depth > 0);
            if (tokens.peek() != JsonToken.END_DOCUMENT) throw new IllegalArgumentException(what + " has more than one JSON value");
        } catch (IOException e) { // malformed JSON (MalformedJsonException, EOFException)
            throw new IllegalArgumentException(what + " is not JSON: " + inferlab.Errors.reason(e));
        }
        return JsonParser.parseString(text);
    }

    private static String readBounded(Reader in, String what) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[1 << 16];
        try {
            for (int n; (n = in.read(buf)) != -1; ) {
                sb.append(buf, 0, n);
                if (sb.length() > Limits.MAX_JSON_CHARS) {
                    throw new IllegalArgumentException(what + " holds more than " + (Limits.MAX_JSON_CHARS >> 20) + " MiB of JSON");
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
