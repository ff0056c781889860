package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.decode.JsonGrammar;
import inferlab.model.CompletionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A completions or chat-completions request body, read as vLLM and llama.cpp's server read it, and checked against
 * the server's limits. Any problem is an {@link IllegalArgumentException} naming the field (a 400).
 *
 * <p>The completions prompt comes in four forms: a string, a list of strings, a list of token ids, or a list of
 * token-id lists; a list is a batch, answered with {@code n} choices per prompt. In chat, {@code logprobs} is a
 * boolean and {@code top_logprobs} the number of alternatives; in completions {@code logprobs} is that number.
 * Chat also takes vLLM's {@code add_generation_prompt} (default true), {@code continue_final_message} (the reply
 * continues the last, assistant, message) and {@code chat_template_kwargs}, further variables for the model's chat
 * template (Qwen3's {@code enable_thinking}).
 * When {@code max_tokens} is absent the completion may run to the end of the context (chat, on a model whose
 * context is known) or to 16 tokens (completions, the API's default), never past the context.
 *
 * @param model        the model asked for, or null
 * @param stream       answer with server-sent events
 * @param includeUsage {@code stream_options.include_usage}: a last chunk with the token counts
 */
public record ApiRequest(boolean chat, Job job, String model, boolean stream, boolean includeUsage) {

    /** Reads {@code body} for {@code /v1/completions} or, with {@code chat}, {@code /v1/chat/completions}. */
    public static ApiRequest parse(String body, boolean chat, ChatTemplate template, int maxTokensLimit, int maxChoices) {
        JsonObject o = OpenAiJson.strictObject(body);
        // function_call names the call the answer must be, as a named tool_choice does: ignored, it got free text
        for (String unsupported : chat ? List.of("logit_bias", "functions", "function_call")
                : List.of("suffix", "logit_bias", "tools", "functions", "function_call", "response_format")) {
            if (OpenAiJson.has(o, unsupported)) throw new IllegalArgumentException("'" + unsupported + "' is not supported by this server");
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (OpenAiJson.number(o, penalty, 0) != 0) throw new IllegalArgumentException("'" + penalty + "' is not supported by this server");
        }
        boolean stream = OpenAiJson.bool(o, "stream");
        boolean includeUsage = false;
        if (OpenAiJson.has(o, "stream_options")) {
            if (!stream) throw new IllegalArgumentException("'stream_options' is only allowed with \"stream\": true");
            if (!o.get("stream_options").isJsonObject()) throw new IllegalArgumentException("'stream_options' must be an object");
            includeUsage = OpenAiJson.bool(o.getAsJsonObject("stream_options"), "include_usage");
        }
        List<Job.Prompt> prompts;
        Job.Structure structure = null;
        Integer logprobs;
        boolean echo;
        String maxTokensField = chat && OpenAiJson.has(o, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        boolean maxGiven = OpenAiJson.has(o, maxTokensField);
        // chat without max_tokens runs to the end of the context where there is one; else the API's 16
        int dflt = chat && maxTokensLimit < Integer.MAX_VALUE ? maxTokensLimit : Math.min(16, maxTokensLimit);
        int maxTokens = OpenAiJson.integer(o, maxTokensField, dflt);
        if (maxTokens < 0) throw new IllegalArgumentException("'" + maxTokensField + "' must be >= 0, got " + maxTokens);
        if (chat) {
            if (OpenAiJson.has(o, "prompt")) throw new IllegalArgumentException("chat takes 'messages', not 'prompt'");
            if (OpenAiJson.bool(o, "echo")) throw new IllegalArgumentException("'echo' is a completions option; chat has none");
            prompts = List.of(new Job.Prompt(chatPrompt(o, template), null, template.writesSpecialTokens()));
            structure = structure(o);
            boolean wanted = OpenAiJson.bool(o, "logprobs");
            if (OpenAiJson.has(o, "top_logprobs") && !wanted) {
                throw new IllegalArgumentException("'top_logprobs' needs \"logprobs\": true");
            }
            logprobs = wanted ? OpenAiJson.integer(o, "top_logprobs", 0) : null;
            echo = false;
        } else {
            if (OpenAiJson.has(o, "messages")) throw new IllegalArgumentException("completions take 'prompt'; 'messages' belong to /v1/chat/completions");
            prompts = prompts(o.get("prompt"));
            logprobs = OpenAiJson.has(o, "logprobs") ? OpenAiJson.integer(o, "logprobs", 0) : null;
            echo = OpenAiJson.bool(o, "echo");
        }
        if (logprobs != null && (logprobs < 0 || logprobs > CompletionRequest.MAX_LOGPROBS)) { // named as the endpoint names it
            throw new IllegalArgumentException("'" + (chat ? "top_logprobs" : "logprobs") + "' must be in [0, "
                    + CompletionRequest.MAX_LOGPROBS + "], got " + logprobs);
        }
        int n = OpenAiJson.integer(o, "n", 1);
        if (OpenAiJson.has(o, "best_of") && OpenAiJson.integer(o, "best_of", n) != n) {
            throw new IllegalArgumentException("'best_of' other than n is not supported by this server");
        }
        if (maxTokens > maxTokensLimit) {
            throw new IllegalArgumentException("'" + maxTokensField + "' is " + maxTokens + ", over this server's limit of " + maxTokensLimit);
        }
        if (n >= 1 && (long) n * prompts.size() > maxChoices) {
            throw new IllegalArgumentException("n = " + n + (prompts.size() > 1 ? " for " + prompts.size() + " prompts" : "")
                    + " asks for more than this server's limit of " + maxChoices + " choices per request");
        }
        int topK = OpenAiJson.integer(o, "top_k", 0);
        if (topK < -1) throw new IllegalArgumentException("'top_k' must be -1 or 0 (off) or at least 1, as vLLM takes it, got " + topK);
        List<String> stop = new ArrayList<>(OpenAiJson.stops(o.get("stop")));
        if (chat && template.endOfTurn() != null) stop.add(template.endOfTurn());
        CompletionRequest params = new CompletionRequest("",
                maxTokens,
                OpenAiJson.number(o, "temperature", 1.0),
                OpenAiJson.number(o, "top_p", 1.0),
                Math.max(0, topK), // vLLM uses -1 for "off"
                OpenAiJson.number(o, "min_p", 0.0),
                OpenAiJson.has(o, "seed") ? OpenAiJson.seed(o) : null,
                stop, n, logprobs, echo);
        String model = OpenAiJson.string(o, "model");
        OpenAiJson.string(o, "user"); // unused, but of the API's type or refused, as OpenAI and vLLM refuse it
        if (chat) OpenAiJson.bool(o, "parallel_tool_calls");
        return new ApiRequest(chat, new Job(prompts, params, !maxGiven, structure), model, stream, includeUsage);
    }

    /**
     * The JSON the answer must be, or null: a named {@code tool_choice} (the function's {@code parameters}) or a
     * {@code response_format} of {@code json_schema} or {@code json_object}. This server has no parser that finds
     * tool calls in free text, so a tool call must be named, as vLLM requires without its parser.
     */
    private static Job.Structure structure(JsonObject o) {
        Map<String, JsonObject> tools = new LinkedHashMap<>();
        if (OpenAiJson.has(o, "tools")) {
            String form = "'tools' must be a list of {\"type\": \"function\", \"function\": {\"name\": ..., \"parameters\": {...}}}";
            if (!o.get("tools").isJsonArray()) throw new IllegalArgumentException(form);
            for (JsonElement t : o.getAsJsonArray("tools")) {
                if (!t.isJsonObject() || !"function".equals(OpenAiJson.string(t.getAsJsonObject(), "type"))
                        || !t.getAsJsonObject().has("function") || !t.getAsJsonObject().get("function").isJsonObject()) {
                    throw new IllegalArgumentException(form);
                }
                JsonObject f = t.getAsJsonObject().getAsJsonObject("function");
                String name = OpenAiJson.string(f, "name");
                if (name == null || name.isEmpty()) throw new IllegalArgumentException(form);
                OpenAiJson.string(f, "description"); // the template writes it: of its type or refused
                JsonElement p = f.get("parameters");
                if (p != null && !p.isJsonNull() && !p.isJsonObject()) throw new IllegalArgumentException("the parameters of '" + name + "' must be a schema");
                tools.put(name, p == null || p.isJsonNull() ? JsonParser.parseString("{\"type\": \"object\", \"properties\": {}}").getAsJsonObject() : p.getAsJsonObject());
            }
        }
        JsonElement choice = o.get("tool_choice");
        Job.Structure structure = null;
        if (choice != null && !choice.isJsonNull()) {
            if (tools.isEmpty()) throw new IllegalArgumentException("'tool_choice' needs 'tools'");
            if (choice.isJsonObject()) {
                if (!"function".equals(OpenAiJson.string(choice.getAsJsonObject(), "type"))) {
                    throw new IllegalArgumentException("'tool_choice' must be {\"type\": \"function\", \"function\": {\"name\": ...}} or \"none\"");
                }
                JsonElement f = choice.getAsJsonObject().get("function");
                String name = f != null && f.isJsonObject() ? OpenAiJson.string(f.getAsJsonObject(), "name") : null;
                if (!tools.containsKey(name)) throw new IllegalArgumentException("'tool_choice' names no function among 'tools'");
                structure = new Job.Structure(JsonGrammar.of(tools.get(name)), name);
            } else if (!"none".equals(OpenAiJson.string(o, "tool_choice"))) {
                throw new IllegalArgumentException("this server finds no tool calls in free text: 'tool_choice' must name a function or be \"none\"");
            }
        } else if (!tools.isEmpty()) {
            throw new IllegalArgumentException("this server finds no tool calls in free text: with 'tools', 'tool_choice' must name a function or be \"none\"");
        }
        JsonElement format = o.get("response_format");
        if (format != null && !format.isJsonNull()) {
            String type = format.isJsonObject() ? OpenAiJson.string(format.getAsJsonObject(), "type") : null;
            JsonObject schema = switch (type == null ? "" : type) {
                case "text" -> null;
                case "json_object" -> JsonParser.parseString("{\"type\": \"object\"}").getAsJsonObject();
                case "json_schema" -> {
                    JsonElement js = format.getAsJsonObject().get("json_schema");
                    JsonElement s = js != null && js.isJsonObject() ? js.getAsJsonObject().get("schema") : null;
                    if (s == null || !s.isJsonObject()) throw new IllegalArgumentException("'response_format' json_schema needs {\"json_schema\": {\"schema\": {...}}}");
                    OpenAiJson.string(js.getAsJsonObject(), "name"); // unused (the grammar is always strict), but typed
                    OpenAiJson.bool(js.getAsJsonObject(), "strict");
                    yield s.getAsJsonObject();
                }
                default -> throw new IllegalArgumentException("'response_format' type must be \"text\", \"json_object\" or \"json_schema\"");
            };
            if (schema != null) {
                if (structure != null) throw new IllegalArgumentException("a named 'tool_choice' and a 'response_format' cannot both shape the answer");
                structure = new Job.Structure(JsonGrammar.of(schema), null);
            }
        }
        return structure;
    }

    /** The chat's messages rendered by {@code template} as the request's template fields ask, with its tools. */
    private static String chatPrompt(JsonObject o, ChatTemplate template) {
        boolean generationPrompt = !OpenAiJson.has(o, "add_generation_prompt") || OpenAiJson.bool(o, "add_generation_prompt");
        JsonElement kwargs = o.get("chat_template_kwargs");
        if (kwargs != null && !kwargs.isJsonNull() && !kwargs.isJsonObject()) {
            throw new IllegalArgumentException("'chat_template_kwargs' must be an object");
        }
        Map<String, JsonElement> templateKwargs = new LinkedHashMap<>(
                kwargs == null || kwargs.isJsonNull() ? Map.of() : kwargs.getAsJsonObject().asMap());
        for (String k : ChatTemplate.RESERVED) {
            if (templateKwargs.containsKey(k)) throw new IllegalArgumentException("'chat_template_kwargs' may not set '" + k + "'");
        }
        if (OpenAiJson.has(o, "tools")) templateKwargs.put("tools", o.get("tools"));
        boolean continueFinal = OpenAiJson.bool(o, "continue_final_message");
        if (continueFinal && generationPrompt) { // as vLLM, whose add_generation_prompt is true unless set
            throw new IllegalArgumentException("'continue_final_message' needs \"add_generation_prompt\": false");
        }
        List<ChatTemplate.Message> messages = ChatTemplate.parseMessages(o);
        return continueFinal ? template.continueFinal(messages, templateKwargs) : template.render(messages, generationPrompt, templateKwargs);
    }

    /** The four prompt forms as prompts. */
    static List<Job.Prompt> prompts(JsonElement p) {
        String form = "'prompt' must be a string, a list of strings, a list of token ids or a list of token-id lists";
        if (p == null || p.isJsonNull()) throw new IllegalArgumentException("'prompt' is required");
        if (isString(p)) return List.of(new Job.Prompt(p.getAsString(), null));
        if (!p.isJsonArray() || p.getAsJsonArray().isEmpty()) throw new IllegalArgumentException(form);
        JsonArray a = p.getAsJsonArray();
        List<Job.Prompt> out = new ArrayList<>();
        if (isInteger(a.get(0))) {
            out.add(new Job.Prompt(null, ids(a, form)));
        } else {
            for (JsonElement e : a) {
                if (isString(e)) out.add(new Job.Prompt(e.getAsString(), null));
                else if (e.isJsonArray() && !e.getAsJsonArray().isEmpty()) out.add(new Job.Prompt(null, ids(e.getAsJsonArray(), form)));
                else throw new IllegalArgumentException(form);
            }
        }
        return out;
    }

    private static int[] ids(JsonArray a, String form) {
        int[] ids = new int[a.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!isInteger(a.get(i))) throw new IllegalArgumentException(form);
            ids[i] = a.get(i).getAsInt();
        }
        return ids;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static boolean isInteger(JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) return false;
        double v = e.getAsDouble();
        return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE;
    }
}
