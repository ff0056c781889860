package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.jinja.Template;
import inferlab.jinja.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns chat messages into one prompt string. A real checkpoint carries a Jinja template ({@code chat_template.jinja},
 * or the {@code chat_template} of {@code tokenizer_config.json}); it is rendered as transformers'
 * {@code apply_chat_template(messages, add_generation_prompt=True)} renders it ({@link Template}), with the
 * checkpoint's special tokens ({@code bos_token}, {@code eos_token}, ...) beside the messages. A model without
 * one, such as the project's own, gets plain "role: content" lines, the format it was trained on ({@link #PLAIN}).
 */
public final class ChatTemplate {
    /** "role: content" lines, ending with {@code "assistant:"}. */
    public static final ChatTemplate PLAIN = new ChatTemplate(null, Map.of(), "\nuser:");

    private static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    /**
     * One chat message. {@code fields} is the message as the template sees it: role, content (text parts joined),
     * and an assistant's {@code tool_calls} (arguments as objects, as vLLM hands them to templates) or a tool
     * result's {@code tool_call_id} and {@code name}; null for a plain role and content.
     */
    public record Message(String role, String content, JsonObject fields) {
        public Message(String role, String content) {
            this(role, content, null);
        }
    }

    private final Template template;
    private final Map<String, Object> specialTokens;
    private final String endOfTurn;

    private ChatTemplate(Template template, Map<String, Object> specialTokens, String endOfTurn) {
        this.template = template;
        this.specialTokens = specialTokens;
        this.endOfTurn = endOfTurn;
    }

    /** The Jinja {@code source} with the tokenizer's special tokens, as a template; its syntax is checked here. */
    public static ChatTemplate jinja(String source, Map<String, Object> specialTokens) {
        Template template = Template.parse(source);
        Map<String, Object> tokens = Map.copyOf(specialTokens);
        return new ChatTemplate(template, tokens, endOfTurn(template, tokens));
    }

    /**
     * The template of a model directory: its {@code chat_template.jinja} (where recent transformers save it), else
     * the {@code chat_template} of {@code tokenizer_config.json}, a string or a list of named templates (the one
     * named "default"); {@link #PLAIN} when there is none. A template that is there but cannot be parsed is an
     * {@link IllegalArgumentException} naming the file.
     */
    public static ChatTemplate of(Path modelDir) {
        if (modelDir == null) return PLAIN;
        Path jinja = modelDir.resolve("chat_template.jinja");
        Path cfg = modelDir.resolve("tokenizer_config.json");
        JsonObject config = readConfig(cfg);
        String source = null;
        Path from = jinja;
        try {
            if (Files.isRegularFile(jinja)) source = Files.readString(jinja);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jinja + ": " + e.getMessage());
        }
        if (source == null && config != null) {
            from = cfg;
            JsonElement t = config.get("chat_template");
            if (t != null && t.isJsonArray()) {
                for (JsonElement named : t.getAsJsonArray()) {
                    if (named.isJsonObject() && "default".equals(OpenAiJson.string(named.getAsJsonObject(), "name"))) {
                        source = OpenAiJson.string(named.getAsJsonObject(), "template");
                    }
                }
            } else if (t != null && t.isJsonPrimitive() && t.getAsJsonPrimitive().isString()) {
                source = t.getAsString();
            }
        }
        if (source == null || source.isBlank()) return PLAIN;
        try {
            return jinja(source, config == null ? Map.of() : specialTokens(config));
        } catch (TemplateException e) {
            throw new IllegalArgumentException("the chat template in " + from + " cannot be rendered here: " + e.getMessage());
        }
    }

    private static JsonObject readConfig(Path cfg) {
        if (!Files.isRegularFile(cfg)) return null;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(cfg));
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The special tokens transformers hands a template: each a string, written as one or as an added-token object. */
    private static Map<String, Object> specialTokens(JsonObject config) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String key : SPECIAL_TOKENS) {
            JsonElement v = config.get(key);
            if (v == null || v.isJsonNull()) continue;
            if (v.isJsonArray()) {
                List<Object> all = new ArrayList<>();
                for (JsonElement e : v.getAsJsonArray()) {
                    String t = tokenText(e);
                    if (t != null) all.add(t);
                }
                tokens.put(key, all);
            } else if (tokenText(v) != null) {
                tokens.put(key, tokenText(v));
            }
        }
        return tokens;
    }

    private static String tokenText(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return e.getAsString();
        if (e.isJsonObject()) return OpenAiJson.string(e.getAsJsonObject(), "content");
        return null;
    }

    /**
     * The text that closes an assistant turn, found by rendering a short conversation and reading what follows
     * the assistant's words (ChatML's {@code <|im_end|>}, Llama 3's {@code <|eot_id|>}, Gemma's
     * {@code <end_of_turn>}, a bare {@code eos_token}); null when the template closes it with nothing visible.
     */
    private static String endOfTurn(Template template, Map<String, Object> specialTokens) {
        String marker = "\u2063probe\u2063";
        try {
            String text = template.render(context(specialTokens, List.of(new Message("user", "hi"), new Message("assistant", marker)), false));
            int at = text.lastIndexOf(marker);
            String after = at < 0 ? "" : text.substring(at + marker.length()).strip();
            if (!after.isEmpty()) return after.split("\\s", 2)[0]; // Phi-3 writes "<|end|>\n<|endoftext|>"
        } catch (TemplateException refused) {
            // a template that wants, say, a system turn first: fall back to the end-of-sequence token
        }
        return specialTokens.get("eos_token") instanceof String eos ? eos : null;
    }

    private static Map<String, Object> context(Map<String, Object> specialTokens, List<Message> messages, boolean addGenerationPrompt) {
        Map<String, Object> context = new LinkedHashMap<>(specialTokens);
        List<Object> ms = new ArrayList<>();
        for (Message m : messages) ms.add(m.fields() != null ? m.fields() : Map.of("role", m.role(), "content", m.content()));
        context.put("messages", ms);
        context.put("tools", null);
        context.put("documents", null);
        context.put("add_generation_prompt", addGenerationPrompt);
        return context;
    }

    /** The prompt for {@code messages}, ending where the assistant's reply begins. */
    public String render(List<Message> messages) {
        return render(messages, true, Map.of());
    }

    /**
     * The prompt that continues the last message, an assistant's reply begun by the client (a prefill such as
     * "The answer is"): rendered without the generation prompt and cut right after that message's text, as
     * transformers' {@code continue_final_message=True} cuts it (after the stripped text where the template strips it).
     */
    public String continueFinal(List<Message> messages, Map<String, ?> kwargs) {
        String rendered = render(messages, false, kwargs);
        String last = messages.get(messages.size() - 1).content();
        int at = rendered.lastIndexOf(last);
        if (at < 0) {
            last = last.strip();
            at = rendered.lastIndexOf(last);
        }
        if (at < 0) throw new IllegalArgumentException("the chat template does not write the final message as given, so it cannot be continued");
        return rendered.substring(0, at + last.length());
    }

    /** The variables a request's {@code chat_template_kwargs} may not set: they have fields of their own. */
    static final List<String> RESERVED = List.of("messages", "tools", "documents", "add_generation_prompt");

    /**
     * The prompt for {@code messages}, as transformers' {@code apply_chat_template(messages, add_generation_prompt,
     * **kwargs)} renders it: {@code kwargs} are further template variables ({@code tools}, Qwen3's
     * {@code enable_thinking}) and win over the special tokens. A template that refuses the messages (roles out of
     * order, a role it does not know) is an {@link IllegalArgumentException} with its words.
     */
    public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, ?> kwargs) {
        if (template == null) {
            StringBuilder b = new StringBuilder();
            for (Message m : messages) b.append(m.role()).append(": ").append(m.content()).append('\n');
            return addGenerationPrompt ? b.append("assistant:").toString() : b.toString();
        }
        Map<String, Object> context = context(specialTokens, messages, addGenerationPrompt);
        context.putAll(kwargs);
        try {
            return template.render(context);
        } catch (TemplateException e) {
            throw new IllegalArgumentException("the model's chat template refused the messages: " + e.getMessage());
        }
    }

    /**
     * Whether a rendering holds the special tokens the model wants (a checkpoint's template writes its BOS itself, so
     * the prompt is encoded as is, as transformers' {@code apply_chat_template} does); {@link #PLAIN}'s lines are
     * plain text, framed by the tokenizer like any prompt.
     */
    public boolean writesSpecialTokens() {
        return template != null;
    }

    /** The string that ends an assistant turn, used as a stop string; null when there is none to look for. */
    public String endOfTurn() {
        return endOfTurn;
    }

    /**
     * The roles the API defines. Any other would be rendered into the prompt as is, where a role such as
     * {@code "user<|im_end|>"} or one holding a newline could forge turns.
     */
    static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");

    static List<Message> parseMessages(JsonObject body) {
        JsonElement ms = body.get("messages");
        if (ms == null || !ms.isJsonArray() || ms.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty list");
        }
        return ms.getAsJsonArray().asList().stream().map(e -> {
            if (!e.isJsonObject()) throw new IllegalArgumentException("each message must be an object");
            JsonObject o = e.getAsJsonObject();
            JsonElement role = o.get("role");
            boolean calls = o.has("tool_calls") && !o.get("tool_calls").isJsonNull();
            if (role == null || !role.isJsonPrimitive() || !(o.has("content") || calls)) {
                throw new IllegalArgumentException("a message needs a 'role' and 'content'");
            }
            if (!ROLES.contains(role.getAsString())) {
                throw new IllegalArgumentException("a message's 'role' must be one of " + String.join(", ", ROLES)
                        + ", not '" + role.getAsString() + "'");
            }
            // an assistant's call may come without text
            String content = calls && (!o.has("content") || o.get("content").isJsonNull()) ? "" : content(o.get("content"));
            JsonObject fields = new JsonObject();
            fields.addProperty("role", role.getAsString());
            fields.addProperty("content", content);
            if (calls) fields.add("tool_calls", toolCalls(o.get("tool_calls")));
            for (String k : List.of("tool_call_id", "name")) {
                if (OpenAiJson.string(o, k) != null) fields.addProperty(k, OpenAiJson.string(o, k));
            }
            return new Message(role.getAsString(), content, fields);
        }).toList();
    }

    /** An assistant's tool calls, each function's arguments read from their JSON text into an object. */
    private static JsonElement toolCalls(JsonElement calls) {
        String form = "'tool_calls' must be a list of {\"type\": \"function\", \"function\": {\"name\": ..., \"arguments\": ...}}";
        if (!calls.isJsonArray()) throw new IllegalArgumentException(form);
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (JsonElement c : calls.getAsJsonArray()) {
            if (!c.isJsonObject() || !c.getAsJsonObject().has("function") || !c.getAsJsonObject().get("function").isJsonObject()) {
                throw new IllegalArgumentException(form);
            }
            JsonObject call = c.getAsJsonObject().deepCopy();
            JsonObject function = call.getAsJsonObject("function");
            String name = OpenAiJson.string(function, "name");
            if (name == null || name.isEmpty()) throw new IllegalArgumentException(form);
            JsonElement args = function.get("arguments");
            if (args != null && args.isJsonPrimitive() && args.getAsJsonPrimitive().isString()) {
                try {
                    function.add("arguments", JsonParser.parseString(args.getAsString()));
                } catch (RuntimeException notJson) {
                    // left as the text it is
                }
            } else if (args != null && !args.isJsonNull() && !args.isJsonObject()) {
                throw new IllegalArgumentException("the arguments of a tool call must be a JSON text (or an object)");
            }
            out.add(call);
        }
        return out;
    }

    /** A message's content: a string, or a list of parts of which only text parts are understood here. */
    private static String content(JsonElement c) {
        if (c.isJsonPrimitive() && c.getAsJsonPrimitive().isString()) return c.getAsString();
        if (!c.isJsonArray()) throw new IllegalArgumentException("a message's 'content' must be a string or a list of text parts");
        StringBuilder b = new StringBuilder();
        for (JsonElement part : c.getAsJsonArray()) {
            if (!part.isJsonObject()) throw new IllegalArgumentException("a content part must be an object");
            JsonObject p = part.getAsJsonObject();
            if (!"text".equals(OpenAiJson.string(p, "type")) || !p.has("text")) {
                throw new IllegalArgumentException("only text content parts are supported");
            }
            String text = OpenAiJson.string(p, "text");
            if (text == null) throw new IllegalArgumentException("'text' must be a string");
            b.append(text);
        }
        return b.toString();
    }
}
