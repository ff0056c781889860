package inferlab.model;

import java.util.List;
import java.util.Map;

/**
 * What a {@link CompletionModel} returns: one {@link Choice} per requested completion, and token counts.
 */
public record Completion(List<Choice> choices, int promptTokens, int completionTokens) {

    /**
     * One completion.
     *
     * @param text          the generated text (with the prompt in front when echo was asked)
     * @param tokens        the tokens' text pieces, where log-probabilities were asked (else empty)
     * @param tokenLogprobs log p of each token; null for the first prompt token under echo
     * @param topLogprobs   the top alternatives per token, token text to log p
     * @param finishReason  "stop" (EOS or a stop string) or "length"
     */
    public record Choice(
            String text,
            List<String> tokens,
            List<Double> tokenLogprobs,
            List<Map<String, Double>> topLogprobs,
            String finishReason) {}

    public String text() {
        return choices.get(0).text();
    }
}
