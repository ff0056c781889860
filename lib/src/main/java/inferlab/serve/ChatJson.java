package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import inferlab.model.Completion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The chat-completions wire format, server side: the answer as one {@code chat.completion} or as
 * {@code chat.completion.chunk} events. A message's log-probabilities are a list of
 * {@code {token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}}, unlike the completions API's columns.
 */
final class ChatJson {
    private ChatJson() {}

    /** The answer; with {@code tool}, each choice's text is the arguments of a call to that function. */
    static JsonObject responseJson(String id, String model, long created, Completion c, String tool) {
        JsonObject o = OpenAiJson.envelope(id, "chat.completion", model, created);
        JsonArray choices = new JsonArray();
        for (int i = 0; i < c.choices().size(); i++) {
            Completion.Choice ch = c.choices().get(i);
            JsonObject message = new JsonObject();
            message.addProperty("role", "assistant");
            if (tool == null) {
                message.addProperty("content", ch.text());
            } else {
                message.add("content", JsonNull.INSTANCE);
                message.add("tool_calls", toolCall(id, i, tool, ch.text(), false));
            }
            JsonObject j = new JsonObject();
            j.addProperty("index", i);
            j.add("message", message);
            List<TokenStream.Token> tokens = OpenAiJson.tokens(ch);
            j.add("logprobs", tokens.isEmpty() ? JsonNull.INSTANCE : logprobsJson(tokens));
            j.addProperty("finish_reason", ch.finishReason());
            choices.add(j);
        }
        o.add("choices", choices);
        o.add("usage", OpenAiJson.usageJson(c.promptTokens(), c.completionTokens()));
        return o;
    }

    /**
     * One event of a streamed chat answer. The first of each choice carries {@code role}; the last, with
     * {@code finishReason}, an empty delta.
     */
    static JsonObject chunkJson(String id, String model, long created, int index, boolean first, TokenStream.Delta d,
                                String finishReason, boolean includeUsage, String tool) {
        JsonObject delta = new JsonObject();
        if (first) delta.addProperty("role", "assistant");
        if (tool != null) { // the call's id, type and name come first, its arguments in pieces after
            JsonArray call = toolCall(id, index, first ? tool : null, d.text(), true);
            if (first || !d.text().isEmpty()) delta.add("tool_calls", call);
        } else if (first || !d.text().isEmpty() || finishReason == null) {
            delta.addProperty("content", d.text());
        }
        JsonObject j = new JsonObject();
        j.addProperty("index", index);
        j.add("delta", delta);
        j.add("logprobs", d.tokens().isEmpty() ? JsonNull.INSTANCE : logprobsJson(d.tokens()));
        j.add("finish_reason", finishReason == null ? JsonNull.INSTANCE : new JsonPrimitive(finishReason));
        JsonArray choices = new JsonArray();
        choices.add(j);
        JsonObject o = OpenAiJson.envelope(id, "chat.completion.chunk", model, created);
        o.add("choices", choices);
        if (includeUsage) o.add("usage", JsonNull.INSTANCE);
        return o;
    }

    /**
     * A call to {@code tool} with {@code arguments} as the one entry of {@code tool_calls}; its id follows from the
     * answer's and the choice's. A streamed piece carries the call's index, and after the first only arguments.
     */
    private static JsonArray toolCall(String answerId, int choice, String tool, String arguments, boolean streamed) {
        JsonObject function = new JsonObject();
        if (tool != null) function.addProperty("name", tool);
        function.addProperty("arguments", arguments);
        JsonObject call = new JsonObject();
        if (streamed) call.addProperty("index", 0);
        if (tool != null) {
            call.addProperty("id", "call_" + answerId.substring(answerId.indexOf('-') + 1).replace("-", "") + "_" + choice);
            call.addProperty("type", "function");
        }
        call.add("function", function);
        JsonArray calls = new JsonArray();
        calls.add(call);
        return calls;
    }

    private static JsonObject logprobsJson(List<TokenStream.Token> tokens) {
        JsonArray content = new JsonArray();
        for (TokenStream.Token t : tokens) {
            JsonObject e = entry(t.text(), t.logprob() == null ? 0 : t.logprob());
            JsonArray top = new JsonArray();
            if (t.top() != null) for (Map.Entry<String, Double> a : t.top().entrySet()) top.add(entry(a.getKey(), a.getValue()));
            e.add("top_logprobs", top);
            content.add(e);
        }
        JsonObject l = new JsonObject();
        l.add("content", content);
        return l;
    }

    private static JsonObject entry(String token, double logprob) {
        JsonObject e = new JsonObject();
        e.addProperty("token", token);
        e.addProperty("logprob", logprob);
        JsonArray bytes = new JsonArray();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
        e.add("bytes", bytes);
        return e;
    }
}
