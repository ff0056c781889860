package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
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

    /** Parses a request body; any problem is an {@link IllegalArgumentException} naming the field. */
    public static CompletionRequest parseRequest(String body) {
        JsonObject o = object(body);
        JsonElement prompt = o.get("prompt");
        if (prompt == null || !prompt.isJsonPrimitive() || !prompt.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("'prompt' must be a string");
        }
        return new CompletionRequest(
                prompt.getAsString(),
                integer(o, "max_tokens", 16),
                number(o, "temperature", 1.0),
                number(o, "top_p", 1.0),
                integer(o, "top_k", 0) < 0 ? 0 : integer(o, "top_k", 0), // vLLM uses -1 for "off"
                number(o, "min_p", 0.0),
                has(o, "seed") ? seed(o) : null,
                stops(o.get("stop")),
                integer(o, "n", 1),
                has(o, "logprobs") ? integer(o, "logprobs", 0) : null,
                bool(o, "echo"));
    }

    public static JsonObject requestJson(String model, CompletionRequest r) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("prompt", r.prompt());
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
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("object", "text_completion");
        o.addProperty("created", created);
        o.addProperty("model", model);
        JsonArray choices = new JsonArray();
        for (int i = 0; i < c.choices().size(); i++) {
            Completion.Choice ch = c.choices().get(i);
            JsonObject j = new JsonObject();
            j.addProperty("index", i);
            j.addProperty("text", ch.text());
            j.add("logprobs", ch.tokens().isEmpty() ? JsonNull.INSTANCE : logprobsJson(ch));
            j.addProperty("finish_reason", ch.finishReason());
            choices.add(j);
        }
        o.add("choices", choices);
        JsonObject usage = new JsonObject();
        usage.addProperty("prompt_tokens", c.promptTokens());
        usage.addProperty("completion_tokens", c.completionTokens());
        usage.addProperty("total_tokens", c.promptTokens() + c.completionTokens());
        o.add("usage", usage);
        return o;
    }

    /** Reads a completions response; a body without choices is an {@link IllegalArgumentException}. */
    public static Completion parseResponse(String body) {
        JsonObject o = object(body);
        if (!o.has("choices") || !o.get("choices").isJsonArray()) {
            throw new IllegalArgumentException("response has no 'choices': " + abbreviate(body));
        }
        List<Completion.Choice> choices = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("choices")) {
            JsonObject ch = e.getAsJsonObject();
            List<String> tokens = new ArrayList<>();
            List<Double> lps = new ArrayList<>();
            List<Map<String, Double>> tops = new ArrayList<>();
            JsonElement lp = ch.get("logprobs");
            if (lp != null && lp.isJsonObject()) {
                JsonObject l = lp.getAsJsonObject();
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
            JsonElement finish = ch.get("finish_reason");
            choices.add(new Completion.Choice(ch.get("text").getAsString(), tokens, lps, tops,
                    finish == null || finish.isJsonNull() ? null : finish.getAsString()));
        }
        JsonObject usage = o.has("usage") && o.get("usage").isJsonObject() ? o.getAsJsonObject("usage") : new JsonObject();
        return new Completion(choices, integer(usage, "prompt_tokens", 0), integer(usage, "completion_tokens", 0));
    }

    /** The API's error body: {@code {"error": {"message", "type", "code"}}}. */
    public static JsonObject errorJson(int status, String message) {
        JsonObject e = new JsonObject();
        e.addProperty("message", message);
        e.addProperty("type", status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error");
        e.addProperty("code", status);
        JsonObject o = new JsonObject();
        o.add("error", e);
        return o;
    }

    /** The message of an error body, or the body itself shortened when it is not one. */
    public static String errorMessage(String body) {
        try {
            JsonObject e = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            return e.get("message").getAsString();
        } catch (RuntimeException notAnErrorBody) {
            return abbreviate(body);
        }
    }

    private static JsonObject logprobsJson(Completion.Choice ch) {
        JsonObject l = new JsonObject();
        JsonArray tokens = new JsonArray();
        JsonArray lps = new JsonArray();
        JsonArray tops = new JsonArray();
        JsonArray offsets = new JsonArray();
        int offset = 0;
        for (int i = 0; i < ch.tokens().size(); i++) {
            tokens.add(ch.tokens().get(i));
            Double lp = ch.tokenLogprobs().get(i);
            lps.add(lp == null ? JsonNull.INSTANCE : new JsonPrimitive(lp));
            Map<String, Double> top = ch.topLogprobs().isEmpty() ? null : ch.topLogprobs().get(i);
            if (top == null) {
                tops.add(JsonNull.INSTANCE);
            } else {
                JsonObject t = new JsonObject();
                top.forEach(t::addProperty);
                tops.add(t);
            }
            offsets.add(offset);
            offset += ch.tokens().get(i).length();
        }
        l.add("tokens", tokens);
        l.add("token_logprobs", lps);
        l.add("top_logprobs", tops);
        l.add("text_offset", offsets);
        return l;
    }

    static JsonObject object(String body) {
        try {
            JsonElement e = JsonParser.parseString(body);
            if (!e.isJsonObject()) throw new IllegalArgumentException("body must be a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException ex) {
            throw new IllegalArgumentException("body is not valid JSON: " + ex.getMessage());
        }
    }

    private static boolean has(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull();
    }

    private static int integer(JsonObject o, String k, int dflt) {
        if (!has(o, k)) return dflt;
        double v = number(o, k, dflt);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException("'" + k + "' must be an integer");
        return (int) v;
    }

    /** Seeds are 64-bit: read exactly, not through a double. */
    private static long seed(JsonObject o) {
        number(o, "seed", 0);
        try {
            return o.get("seed").getAsBigDecimal().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'seed' must be a 64-bit integer");
        }
    }

    private static double number(JsonObject o, String k, double dflt) {
        if (!has(o, k)) return dflt;
        JsonElement v = o.get(k);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) throw new IllegalArgumentException("'" + k + "' must be a number");
        return v.getAsDouble();
    }

    private static boolean bool(JsonObject o, String k) {
        if (!has(o, k)) return false;
        JsonElement v = o.get(k);
        if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) throw new IllegalArgumentException("'" + k + "' must be true or false");
        return v.getAsBoolean();
    }

    private static List<String> stops(JsonElement s) {
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
