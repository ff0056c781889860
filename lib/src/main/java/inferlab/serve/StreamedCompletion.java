package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import inferlab.model.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A completion put together from the chunks of a completions stream, client side. Chunks differ by server: vLLM
 * leaves {@code usage} out of all but the last chunk, which has no choices; llama.cpp's server puts usage on the
 * chunk that carries the finish reason; a chunk's choices say which completion they continue by {@code index}.
 */
final class StreamedCompletion {
    /** New text of one choice, to pass on as it arrives. */
    record Piece(int choice, String text) {}

    private final List<StringBuilder> texts = new ArrayList<>();
    private final List<List<String>> tokens = new ArrayList<>();
    private final List<List<Double>> tokenLogprobs = new ArrayList<>();
    private final List<List<Map<String, Double>>> topLogprobs = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private int promptTokens;
    private int completionTokens;

    /** Adds one chunk; returns its new text. A malformed chunk is an {@link IllegalArgumentException} or the like. */
    List<Piece> add(JsonObject chunk) {
        JsonElement usage = chunk.get("usage");
        if (usage != null && usage.isJsonObject()) {
            promptTokens = OpenAiJson.integer(usage.getAsJsonObject(), "prompt_tokens", 0);
            completionTokens = OpenAiJson.integer(usage.getAsJsonObject(), "completion_tokens", 0);
        }
        if (!OpenAiJson.has(chunk, "choices")) return List.of(); // a usage-only or progress chunk
        // each chunk's choices read as a little completion, so the two wire forms share one parser
        Completion part = OpenAiJson.parseResponse(chunk);
        JsonArray wire = chunk.getAsJsonArray("choices");
        List<Piece> pieces = new ArrayList<>();
        for (int k = 0; k < part.choices().size(); k++) {
            JsonElement index = wire.get(k).getAsJsonObject().get("index");
            int i = index == null || index.isJsonNull() ? k : index.getAsInt();
            grow(i);
            Completion.Choice c = part.choices().get(k);
            if (!c.text().isEmpty()) {
                texts.get(i).append(c.text());
                pieces.add(new Piece(i, c.text()));
            }
            tokens.get(i).addAll(c.tokens());
            tokenLogprobs.get(i).addAll(c.tokenLogprobs());
            topLogprobs.get(i).addAll(c.topLogprobs());
            if (c.finishReason() != null) reasons.set(i, c.finishReason());
        }
        return pieces;
    }

    /** The choices the stream carried, in index order. */
    Completion completion() {
        List<Completion.Choice> choices = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            choices.add(new Completion.Choice(texts.get(i).toString(), tokens.get(i), tokenLogprobs.get(i),
                    topLogprobs.get(i), reasons.get(i)));
        }
        return new Completion(choices, promptTokens, completionTokens);
    }

    private void grow(int i) {
        if (i < 0 || i > 1024) throw new IllegalArgumentException("choice index " + i + " is out of range");
        while (texts.size() <= i) {
            texts.add(new StringBuilder());
            tokens.add(new ArrayList<>());
            tokenLogprobs.add(new ArrayList<>());
            topLogprobs.add(new ArrayList<>());
            reasons.add(null);
        }
    }
}
