package inferlab.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import inferlab.model.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A completion put together from the chunks of a completions stream, client side. */
final class StreamedCompletion {
    private final List<StringBuilder> texts = new ArrayList<>();
    private final List<List<String>> tokens = new ArrayList<>();
    private final List<List<Double>> tokenLogprobs = new ArrayList<>();
    private final List<List<Map<String, Double>>> topLogprobs = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private int promptTokens;
    private int completionTokens;

    StreamedCompletion(int choices) {
        for (int i = 0; i < choices; i++) grow(i);
    }

    /** Adds one chunk (a {@code data:} payload), passing its new text on. */
    void add(String data, BiConsumer<Integer, String> onText) {
        JsonObject o = OpenAiJson.object(data);
        JsonElement usage = o.get("usage");
        if (usage != null && usage.isJsonObject()) {
            promptTokens = OpenAiJson.integer(usage.getAsJsonObject(), "prompt_tokens", 0);
            completionTokens = OpenAiJson.integer(usage.getAsJsonObject(), "completion_tokens", 0);
        }
        // each chunk's choices read as a little completion, so the two wire forms share one parser
        JsonObject asResponse = new JsonObject();
        asResponse.add("choices", o.get("choices"));
        Completion part = OpenAiJson.parseResponse(asResponse.toString());
        for (int k = 0; k < part.choices().size(); k++) {
            int i = o.getAsJsonArray("choices").get(k).getAsJsonObject().get("index").getAsInt();
            grow(i);
            Completion.Choice c = part.choices().get(k);
            if (!c.text().isEmpty()) {
                texts.get(i).append(c.text());
                onText.accept(i, c.text());
            }
            tokens.get(i).addAll(c.tokens());
            tokenLogprobs.get(i).addAll(c.tokenLogprobs());
            topLogprobs.get(i).addAll(c.topLogprobs());
            if (c.finishReason() != null) reasons.set(i, c.finishReason());
        }
    }

    Completion completion() {
        List<Completion.Choice> choices = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            choices.add(new Completion.Choice(texts.get(i).toString(), tokens.get(i), tokenLogprobs.get(i),
                    topLogprobs.get(i), reasons.get(i)));
        }
        return new Completion(choices, promptTokens, completionTokens);
    }

    private void grow(int i) {
        while (texts.size() <= i) {
            texts.add(new StringBuilder());
            tokens.add(new ArrayList<>());
            tokenLogprobs.add(new ArrayList<>());
            topLogprobs.add(new ArrayList<>());
            reasons.add(null);
        }
    }
}
