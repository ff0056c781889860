package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI completions wire format, both directions, so the server and the client cannot drift apart.
 * Defaults follow the API: max_tokens 16, temperature 1, top_p 1, n 1.
 */
public final class OpenAiJson {
    private OpenAiJson() {}

    /** A completions request; {@code promptIds}, when not null, is sent as the prompt instead of the text. */
    public static JsonObject requestJson(String model, CompletionRequest r, int[] promptIds, boolean stream) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        if (promptIds == null) {
            o.addProperty("prompt", r.prompt());
        } else {
            JsonArray ids = new JsonArray();
            for (int id : promptIds) ids.add(id);
            o.add("prompt", ids);
        }
        if (stream) {
            o.addProperty("stream", true);
            JsonObject options = new JsonObject();
            options.addProperty("include_usage", true);
            o.add("stream_options", options);
        }
        o.addProperty("max_tokens", r.maxTokens());
        o.addProperty("temperature", r.temperature());
        o.addProperty("top_p", r.topP());
        if (r.topK() > 0) o.addProperty("top_k", r.topK());
        if (r.minP() > 0) o.addProperty("min_p", r.minP());
        if (r.seed() != null) o.addProperty("seed", r.seed());
        if (!r.stop().isEmpty()) {
            JsonArray s = new JsonArray();
            r.stop().forEach(s::add);
            o.add("stop", s);
        }
        o.addProperty("n", r.n());
        if (r.logprobs() != null) o.addProperty("logprobs", r.logprobs());
        if (r.echo()) o.addProperty("echo", true);
        return o;
    }

    public static JsonObject responseJson(String id, String model, long created, Completion c) {
        JsonObject o = envelope(id, "text_completion", model, created);
        JsonArray choices = new JsonArray();
        for (int i = 0; i < c.choices().size(); i++) {
            Completion.Choice ch = c.choices().get(i);
            choices.add(choiceJson(i, ch.text(), tokens(ch), ch.finishReason()));
        }
        o.add("choices", choices);
        o.add("usage", usageJson(c.promptTokens(), c.completionTokens()));
        return o;
    }

    /**
     * One server-sent event of a streamed completion: choice {@code index}'s new text, or its finish reason; with
     * {@code include_usage} every chunk carries {@code "usage": null} but the last.
     */
    public static JsonObject chunkJson(String id, String model, long created, int index, TokenStream.Delta d,
                                       String finishReason, boolean includeUsage) {
        JsonObject o = envelope(id, "text_completion", model, created);
        JsonArray choices = new JsonArray();
        choices.add(choiceJson(index, d.text(), d.tokens(), finishReason));
        o.add("choices", choices);
        if (includeUsage) o.add("usage", JsonNull.INSTANCE);
        return o;
    }

    /** The last chunk of a stream with {@code include_usage}: no choices, the token counts. */
    public static JsonObject usageChunkJson(String id, String object, String model, long created, int promptTokens,
                                            int completionTokens) {
        JsonObject o = envelope(id, object, model, created);
        o.add("choices", new JsonArray());
        o.add("usage", usageJson(promptTokens, completionTokens));
        return o;
    }

    static JsonObject envelope(String id, String object, String model, long created) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("object", object);
        o.addProperty("created", created);
        o.addProperty("model", model);
        return o;
    }

    static JsonObject usageJson(int promptTokens, int completionTokens) {
        JsonObject usage = new JsonObject();
        usage.addProperty("prompt_tokens", promptTokens);
        usage.addProperty("completion_tokens", completionTokens);
        usage.addProperty("total_tokens", promptTokens + completionTokens);
        return usage;
    }

    /** A choice's tokens with their log-probabilities, as the stream delivered them. */
    static List<TokenStream.Token> tokens(Completion.Choice ch) {
        List<TokenStream.Token> out = new ArrayList<>();
        for (int i = 0; i < ch.tokens().size(); i++) {
            out.add(new TokenStream.Token(ch.tokens().get(i), ch.tokenLogprobs().get(i),
                    ch.topLogprobs().isEmpty() ? null : ch.topLogprobs().get(i)));
        }
        return out;
    }

    private static JsonObject choiceJson(int index, String text, List<TokenStream.Token> tokens, String finishReason) {
        JsonObject j = new JsonObject();
        j.addProperty("index", index);
        j.addProperty("text", text);
        j.add("logprobs", tokens.isEmpty() ? JsonNull.INSTANCE : logprobsJson(tokens));
        j.add("finish_reason", finishReason == null ? JsonNull.INSTANCE : new JsonPrimitive(finishReason));
        return j;
    }

    /** Reads a completions response; a body without choices is an {@link IllegalArgumentException}. */
    public static Completion parseResponse(String body) {
        return parseResponse(object(body));
    }

    /** Reads a completions response (or a stream's chunk, whose choices have the same fields). */
    static Completion parseResponse(JsonObject o) {
        if (!o.has("choices") || !o.get("choices").isJsonArray()) {
            throw new IllegalArgumentException("response has no 'choices': " + abbreviate(o.toString()));
        }
        List<Completion.Choice> choices = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("choices")) {
            JsonObject ch = e.getAsJsonObject();
            List<String> tokens = new ArrayList<>();
            List<Double> lps = new ArrayList<>();
            List<Map<String, Double>> tops = new ArrayList<>();
            JsonElement lp = ch.get("logprobs");
            if (lp != null && lp.isJsonObject()) readLogprobs(lp.getAsJsonObject(), tokens, lps, tops);
            JsonElement finish = ch.get("finish_reason");
            choices.add(new Completion.Choice(has(ch, "text") ? ch.get("text").getAsString() : "", tokens, lps, tops,
                    finish == null || finish.isJsonNull() ? null : finish.getAsString()));
        }
        JsonObject usage = o.has("usage") && o.get("usage").isJsonObject() ? o.getAsJsonObject("usage") : new JsonObject();
        return new Completion(choices, integer(usage, "prompt_tokens", 0), integer(usage, "completion_tokens", 0));
    }

    /**
     * A choice's log-probabilities in either shape servers send on the completions endpoint: the completions API's
     * parallel lists {@code {tokens, token_logprobs, top_logprobs, text_offset}} (OpenAI, vLLM, SGLang, ours), or
     * the chat API's {@code {content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}}, which
     * llama.cpp's server uses for completions too (tools/server/server-task.cpp, {@code probs_vector_to_json}).
     */
    private static void readLogprobs(JsonObject l, List<String> tokens, List<Double> lps, List<Map<String, Double>> tops) {
        if (l.has("content") && l.get("content").isJsonArray()) {
            for (JsonElement t : l.getAsJsonArray("content")) {
                JsonObject tok = t.getAsJsonObject();
                tokens.add(tok.get("token").getAsString());
                lps.add(has(tok, "logprob") ? tok.get("logprob").getAsDouble() : null);
                Map<String, Double> m = new LinkedHashMap<>();
                if (tok.has("top_logprobs") && tok.get("top_logprobs").isJsonArray()) {
                    for (JsonElement alt : tok.getAsJsonArray("top_logprobs")) {
                        JsonObject a = alt.getAsJsonObject();
                        m.put(a.get("token").getAsString(), a.get("logprob").getAsDouble());
                    }
                }
                tops.add(m);
            }
            return;
        }
        l.getAsJsonArray("tokens").forEach(t -> tokens.add(t.getAsString()));
        l.getAsJsonArray("token_logprobs").forEach(t -> lps.add(t.isJsonNull() ? null : t.getAsDouble()));
        JsonElement top = l.get("top_logprobs");
        if (top != null && top.isJsonArray()) {
            for (JsonElement t : top.getAsJsonArray()) {
                Map<String, Double> m = new LinkedHashMap<>();
                if (t.isJsonObject()) t.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), x.getValue().getAsDouble()));
                tops.add(m);
            }
        }
    }

    /** The API's error body: {@code {"error": {"message", "type", "code"}}}. */
    public static JsonObject errorJson(int status, String message) {
        JsonObject e = new JsonObject();
        e.addProperty("message", message);
        e.addProperty("type", switch (status) {
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        });
        e.add("param", JsonNull.INSTANCE);
        e.addProperty("code", status);
        JsonObject o = new JsonObject();
        o.add("error", e);
        return o;
    }

    private static JsonObject logprobsJson(List<TokenStream.Token> tokens) {
        JsonObject l = new JsonObject();
        JsonArray texts = new JsonArray();
        JsonArray lps = new JsonArray();
        JsonArray tops = new JsonArray();
        JsonArray offsets = new JsonArray();
        int offset = 0;
        for (TokenStream.Token t : tokens) {
            texts.add(t.text());
            lps.add(t.logprob() == null ? JsonNull.INSTANCE : new JsonPrimitive(t.logprob()));
            if (t.top() == null) {
                tops.add(JsonNull.INSTANCE);
            } else {
                JsonObject top = new JsonObject();
                t.top().forEach(top::addProperty);
                tops.add(top);
            }
            offsets.add(offset);
            offset += t.text().length();
        }
        l.add("tokens", texts);
        l.add("token_logprobs", lps);
        l.add("top_logprobs", tops);
        l.add("text_offset", offsets);
        return l;
    }

    /** A JSON object as Gson reads it by default: leniently, which suits what other servers send. */
    static JsonObject object(String body) {
        try {
            return asObject(JsonParser.parseString(body));
        } catch (JsonParseException | IllegalStateException ex) {
            throw new IllegalArgumentException("body is not valid JSON: " + inferlab.Errors.reason(ex));
        }
    }

    /**
     * A request body: strict JSON (RFC 8259), as vLLM's and llama.cpp's parsers read it. Gson's default lenient
     * reading took unquoted names, single quotes and ';' between members for a valid request.
     */
    static JsonObject strictObject(String body) {
        JsonReader reader = new JsonReader(new StringReader(body));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement e = JsonParser.parseReader(reader);
            reader.peek(); // anything after the value is malformed
            requireUnicode(e);
            return asObject(e);
        } catch (JsonParseException | IllegalStateException | IOException ex) {
            throw new IllegalArgumentException("body is not valid JSON: " + inferlab.Errors.reason(ex));
        }
    }

    /**
     * Refuses a string or key holding half of a surrogate pair, which JSON's escapes can write and UTF-8 cannot:
     * sent as bytes it is refused (not UTF-8), sent escaped it became '?' in the prompt. Walked without recursion,
     * as the body may nest deeply.
     */
    private static void requireUnicode(JsonElement root) {
        ArrayDeque<JsonElement> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonElement e = todo.pop();
            if (e.isJsonArray()) {
                e.getAsJsonArray().forEach(todo::push);
            } else if (e.isJsonObject()) {
                for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                    requireUnicode(m.getKey());
                    todo.push(m.getValue());
                }
            } else if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                requireUnicode(e.getAsString());
            }
        }
    }

    private static void requireUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(String.format("the body holds an unpaired surrogate \\u%04x: text must be"
                        + " valid Unicode", (int) c));
            }
        }
    }

    private static JsonObject asObject(JsonElement e) {
        if (!e.isJsonObject()) throw new IllegalArgumentException("body must be a JSON object");
        return e.getAsJsonObject();
    }

    static boolean has(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull();
    }

    static int integer(JsonObject o, String k, int dflt) {
        if (!has(o, k)) return dflt;
        double v = number(o, k, dflt);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException("'" + k + "' must be an integer");
        return (int) v;
    }

    /** Seeds are 64-bit: read exactly, not through a double. */
    static long seed(JsonObject o) {
        number(o, "seed", 0);
        try {
            return o.get("seed").getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) { // Gson refuses exponents like 1e99999 itself
            throw new IllegalArgumentException("'seed' must be a 64-bit integer");
        }
    }

    static double number(JsonObject o, String k, double dflt) {
        if (!has(o, k)) return dflt;
        JsonElement v = o.get(k);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("'" + k + "' must be a number");
        return v.getAsDouble();
    }

    /**
     * A string field, or null when absent. Gson's {@code getAsString} would take a number or a one-element list
     * as a string and, for anything else, throw exceptions whose messages are its class names.
     */
    static String string(JsonObject o, String k) {
        if (!has(o, k)) return null;
        JsonElement v = o.get(k);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("'" + k + "' must be a string");
        return v.getAsString();
    }

    static boolean bool(JsonObject o, String k) {
        if (!has(o, k)) return false;
        JsonElement v = o.get(k);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) throw new IllegalArgumentException("'" + k + "' must be true or false");
        return v.getAsBoolean();
    }

    static List<String> stops(JsonElement s) {
        if (s == null || s.isJsonNull()) return List.of();
        if (s.isJsonPrimitive() && s.getAsJsonPrimitive().isString()) return List.of(s.getAsString());
        if (s.isJsonArray()) {
            List<String> out = new ArrayList<>();
            for (JsonElement e : s.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new IllegalArgumentException("'stop' must hold strings");
                out.add(e.getAsString());
            }
            if (out.size() > 4) throw new IllegalArgumentException("'stop' takes at most 4 strings");
            return out;
        }
        throw new IllegalArgumentException("'stop' must be a string or a list of strings");
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
