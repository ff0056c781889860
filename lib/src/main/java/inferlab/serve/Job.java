package inferlab.serve;

import inferlab.decode.JsonGrammar;
import inferlab.model.CompletionRequest;
import java.util.List;

/**
 * One API request as a model serves it: one or more prompts (the completions API takes a batch), each answered with
 * {@code params.n()} choices; choice {@code i * n + j} is prompt i's j-th. The sampling and stopping parameters are
 * {@code params}'s; its own prompt is not used.
 *
 * @param fitMaxTokens the client did not set max_tokens: each prompt gets {@code params.maxTokens()} or what the
 *                     model's context leaves after it, whichever is less (as vLLM does), instead of a refusal
 * @param structure    null, or the JSON the answer must be
 */
public record Job(List<Prompt> prompts, CompletionRequest params, boolean fitMaxTokens, Structure structure) {

    /**
     * Structured output: the answer is JSON that {@code grammar} admits, decoded under it ({@code JsonGrammarProcessor}).
     *
     * @param tool the function a named {@code tool_choice} calls, whose arguments the answer is; null for a
     *             {@code response_format}
     */
    public record Structure(JsonGrammar grammar, String tool) {}

    /**
     * A prompt as text, as token ids, or both. Token ids are what the model sees; the text is what echo returns.
     *
     * @param text      null when the client sent token ids and the server has no tokenizer to show them with
     * @param ids       null when the client sent text; the model's tokenizer encodes it
     * @param templated the text is a chat template's rendering, which holds every special token it wants: encoded
     *                  as is, where a plain text prompt gets the tokenizer's framing ({@code Tokenizer.encodePrompt})
     */
    public record Prompt(String text, int[] ids, boolean templated) {
        public Prompt {
            if (text == null && ids == null) throw new IllegalArgumentException("a prompt needs text or token ids");
        }

        public Prompt(String text, int[] ids) {
            this(text, ids, false);
        }
    }

    public Job(List<Prompt> prompts, CompletionRequest params) {
        this(prompts, params, false, null);
    }

    /** The function the answer calls, or null when it is plain text. */
    public String tool() {
        return structure == null ? null : structure.tool();
    }

    public Job {
        if (prompts.isEmpty()) throw new IllegalArgumentException("'prompt' must not be empty");
        prompts = List.copyOf(prompts);
    }

    /** Choices in the answer: n per prompt. */
    public int choices() {
        return prompts.size() * params.n();
    }
}
