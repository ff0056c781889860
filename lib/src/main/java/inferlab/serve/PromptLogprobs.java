package inferlab.serve;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.util.List;

/**
 * A prompt's log-probabilities log q(x_t | x_{<t}) from a completions server, the numbers scoring (perplexity)
 * needs. The OpenAI completions API returns them only with {@code echo} and {@code logprobs}, and servers differ:
 * vLLM's completions endpoint accepts echo, though {@code max_tokens = 0} has been unreliable across versions;
 * llama.cpp's server has no echo; TGI and SGLang give prompt log-probabilities through their own APIs
 * ({@code decoder_input_details}, {@code return_logprob}) rather than through echo. So {@link #of} asks, checks
 * the answer, and reports what it got instead of assuming.
 *
 * @param logprobs log q of every prompt token but the first (which has no context); empty when unavailable
 * @param how      how they were obtained, or why not
 */
public record PromptLogprobs(List<Double> logprobs, String how) {

    /**
     * Asks {@code server} for {@code prompt}'s log-probabilities: echo with {@code max_tokens = 0}, else echo
     * with one generated token (dropped). An answer counts only if it echoes the prompt and carries a
     * log-probability for every prompt token after the first.
     */
    public static PromptLogprobs of(CompletionModel server, String prompt) {
        String refused = null;
        for (int generated : new int[] {0, 1}) {
            Completion.Choice c;
            try {
                c = server.complete(CompletionRequest.greedy(prompt, generated).withLogprobs(0, true)).choices().get(0);
            } catch (RemoteModelException | IllegalArgumentException e) {
                refused = e.getMessage();
                continue;
            }
            List<Double> lp = c.tokenLogprobs() == null ? List.of() : c.tokenLogprobs();
            int promptTokens = lp.size() - generated;
            boolean echoed = c.text() != null && c.text().startsWith(prompt) && promptTokens >= 2
                    && lp.subList(1, promptTokens).stream().allMatch(v -> v != null && Double.isFinite(v));
            if (echoed) {
                return new PromptLogprobs(List.copyOf(lp.subList(1, promptTokens)),
                        "echo with max_tokens = " + generated + (generated > 0 ? " (the generated token dropped)" : ""));
            }
        }
        return new PromptLogprobs(List.of(), refused != null
                ? "the server refused echo (" + refused + ")"
                : "the server does not echo the prompt with its log-probabilities");
    }

    /** Whether the server gave them. */
    public boolean available() {
        return !logprobs.isEmpty();
    }

    public double sum() {
        return logprobs.stream().mapToDouble(Double::doubleValue).sum();
    }
}
