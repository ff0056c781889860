package inferlab.model;

import java.util.List;

/**
 * A text-completion request in the OpenAI completions vocabulary, shared by in-process models, the server
 * and the remote client.
 *
 * @param prompt      the text to continue
 * @param maxTokens   new tokens at most
 * @param temperature 0 means greedy
 * @param topP        nucleus mass in (0, 1]
 * @param topK        0 means off
 * @param minP        0 means off
 * @param seed        null means a fresh seed per request
 * @param stop        strings that end the completion (not included in the text)
 * @param n           completions to return
 * @param logprobs    how many top alternatives to report per token; null means no log-probabilities
 * @param echo        also return the prompt (and its log-probabilities when {@code logprobs} is set)
 */
public record CompletionRequest(
        String prompt,
        int maxTokens,
        double temperature,
        double topP,
        int topK,
        double minP,
        Long seed,
        List<String> stop,
        int n,
        Integer logprobs,
        boolean echo) {

    /** Most alternatives per position, as OpenAI's API allows. */
    public static final int MAX_LOGPROBS = 20;

    public CompletionRequest {
        if (prompt == null) throw new IllegalArgumentException("prompt is required");
        if (maxTokens < 0) throw new IllegalArgumentException("max_tokens must be >= 0, got " + maxTokens);
        if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
        if (!(minP >= 0 && minP <= 1)) throw new IllegalArgumentException("min_p must be in [0, 1], got " + minP);
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
            throw new IllegalArgumentException("logprobs must be in [0, " + MAX_LOGPROBS + "], got " + logprobs);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("stop strings must be non-empty");
    }

    /** Greedy decoding of at most {@code maxTokens} tokens. */
    public static CompletionRequest greedy(String prompt, int maxTokens) {
        return new CompletionRequest(prompt, maxTokens, 0, 1, 0, 0, null, List.of(), 1, null, false);
    }

    public CompletionRequest withSampling(double temperature, double topP, int topK, long seed) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, topK, minP, seed, stop, n, logprobs, echo);
    }

    public CompletionRequest withStop(List<String> stop) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, topK, minP, seed, stop, n, logprobs, echo);
    }

    public CompletionRequest withN(int n) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, topK, minP, seed, stop, n, logprobs, echo);
    }

    public CompletionRequest withLogprobs(Integer logprobs, boolean echo) {
        return new CompletionRequest(prompt, maxTokens, temperature, topP, topK, minP, seed, stop, n, logprobs, echo);
    }
}
