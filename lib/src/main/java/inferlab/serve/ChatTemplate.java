package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns chat messages into one prompt string. Real checkpoints carry a Jinja template in
 * {@code tokenizer_config.json}; rather than embed a Jinja engine we recognise the two families almost every
 * open model uses (ChatML for Qwen and SmolLM, the Llama-3 header format) and fall back to plain
 * "role: content" lines, which is what the project's own models were trained with.
 */
public enum ChatTemplate {
    CHATML, LLAMA3, PLAIN;

    public record Message(String role, String content) {}

    /**
     * The template family of a model directory: its {@code chat_template.jinja} (where recent transformers save
     * it), else the {@code chat_template} of {@code tokenizer_config.json}, a string or a list of named templates
     * (the one named "default"); {@link #PLAIN} when there is none or it is unreadable.
     */
    public static ChatTemplate of(Path modelDir) {
        if (modelDir == null) return PLAIN;
        try {
            Path jinja = modelDir.resolve("chat_template.jinja");
            if (Files.isRegularFile(jinja)) return family(Files.readString(jinja));
            Path cfg = modelDir.resolve("tokenizer_config.json");
            if (!Files.isRegularFile(cfg)) return PLAIN;
            JsonElement t = JsonParser.parseString(Files.readString(cfg)).getAsJsonObject().get("chat_template");
            if (t != null && t.isJsonArray()) {
                for (JsonElement named : t.getAsJsonArray()) {
                    JsonObject o = named.getAsJsonObject();
                    if (o.has("name") && o.get("name").getAsString().equals("default")) {
                        return family(o.get("template").getAsString());
                    }
                }
                return PLAIN;
            }
            return family(t == null || !t.isJsonPrimitive() ? "" : t.getAsString());
        } catch (IOException | RuntimeException unreadable) {
            return PLAIN;
        }
    }

    private static ChatTemplate family(String template) {
        if (template.contains("<|im_start|>")) return CHATML;
        if (template.contains("<|start_header_id|>")) return LLAMA3;
        return PLAIN;
    }

    /** The prompt for {@code messages}, ending where the assistant's reply begins. */
    public String render(List<Message> messages) {
        StringBuilder b = new StringBuilder();
        for (Message m : messages) {
            switch (this) {
                case CHATML -> b.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
                case LLAMA3 -> b.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n")
                        .append(m.content()).append("<|eot_id|>");
                case PLAIN -> b.append(m.role()).append(": ").append(m.content()).append('\n');
            }
        }
        return b.append(switch (this) {
            case CHATML -> "<|im_start|>assistant\n";
            case LLAMA3 -> "<|start_header_id|>assistant<|end_header_id|>\n\n";
            case PLAIN -> "assistant:";
        }).toString();
    }

    /** The string that ends an assistant turn, used as a stop string. */
    public String endOfTurn() {
        return switch (this) {
            case CHATML -> "<|im_end|>";
            case LLAMA3 -> "<|eot_id|>";
            case PLAIN -> "\nuser:";
        };
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
            if (role == null || !role.isJsonPrimitive() || !o.has("content")) {
                throw new IllegalArgumentException("a message needs a 'role' and 'content'");
            }
            if (!ROLES.contains(role.getAsString())) {
                throw new IllegalArgumentException("a message's 'role' must be one of " + String.join(", ", ROLES)
                        + ", not '" + role.getAsString() + "'");
            }
            return new Message(role.getAsString(), content(o.get("content")));
        }).toList();
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
