package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.Arrays;
import java.util.List;

/**
 * The token-by-token generation loop for one sequence. It stops by the library's one {@link StopRule}: after the
 * end-of-sequence token (kept in the ids, left out of the text), once the decoded new text contains a stop string
 * (the text is cut before it, the ids keep the token that completed it), after {@code maxNewTokens} tokens, or when
 * the sequence fills the model's context. A listener sees each token as it is chosen, in order, before the next
 * forward pass.
 *
 * <p>Immutable; the {@code with...} methods return a changed copy.
 */
public final class Generation {

    /** Called for each new token: its position among the new tokens, its id and log p(id | prefix). */
    @FunctionalInterface
    public interface Listener {
        void onToken(int step, int id, float logProb);
    }

    /**
     * The new tokens, their log-probabilities under the model (before any processor), the score
     * Σ log p, the decoded text (null without a tokenizer) and why generation stopped.
     */
    public record Result(int[] ids, float[] logProbs, double score, String text, Stop stop) {}

    /** Why generation stopped: the reasons of {@link StopRule}, in the order it tests them. */
    public enum Stop {
        EOS, STOP_STRING, MAX_NEW_TOKENS, CONTEXT_LENGTH;

        /** OpenAI's {@code finish_reason}: "stop" for a natural end (EOS or a stop string), "length" otherwise. */
        public String finishReason() {
            return this == EOS || this == STOP_STRING ? "stop" : "length";
        }
    }

    private final StopRule rule;
    private final Tokenizer tokenizer;
    private final Listener listener;

    private Generation(StopRule rule, Tokenizer tokenizer, Listener listener) {
        if (rule.maxNewTokens() < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + rule.maxNewTokens());
        if (!rule.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer");
        }
        this.rule = rule;
        this.tokenizer = tokenizer;
        this.listener = listener;
    }

    /** At most {@code maxNewTokens} tokens, no EOS, no stop strings, no tokenizer. */
    public static Generation of(int maxNewTokens) {
        return new Generation(new StopRule(-1, List.of(), maxNewTokens, Integer.MAX_VALUE), null, (s, id, lp) -> {});
    }

    /** Stops after any of {@code ids} (a model's {@code eosTokenIds()}, or one id); -1 is none. */
    public Generation withEos(int... ids) {
        return new Generation(new StopRule(ids, rule.stopStrings(), rule.maxNewTokens(), rule.contextLength()),
                tokenizer, listener);
    }

    /** Decodes the result with {@code t}. */
    public Generation withTokenizer(Tokenizer t) {
        return new Generation(rule, t, listener);
    }

    public Generation withStop(Tokenizer t, String... stops) {
        return new Generation(rule.withStopStrings(Arrays.asList(stops)), t, listener);
    }

    public Generation onToken(Listener l) {
        return new Generation(rule, tokenizer, l);
    }

    public int maxNewTokens() {
        return rule.maxNewTokens();
    }

    public int eosTokenId() {
        return rule.eosTokenId();
    }

    /** Generates a continuation of {@code prompt} with {@code decoder} in a new session of {@code model}. */
    public Result run(LanguageModel model, int[] prompt, Decoder decoder) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        Stepper stepper = rule.within(model.contextLength()).start(tokenizer, prompt.length);
        int[] history = Arrays.copyOf(prompt, prompt.length + rule.maxNewTokens());
        float[] logProbs = new float[rule.maxNewTokens()];
        int n = 0;
        try (Session session = model.newSession()) {
            float[] logits = session.appendLast(prompt);
            while (stepper.stop() == null) {
                int id = decoder.next(Arrays.copyOf(history, prompt.length + n), logits);
                float lp = Softmax.logSoftmax(logits, id);
                history[prompt.length + n] = id;
                logProbs[n++] = lp;
                listener.onToken(n - 1, id, lp);
                if (stepper.add(id) == null) logits = session.append(id)[0];
            }
        }
        double score = 0;
        for (int i = 0; i < n; i++) score += logProbs[i];
        return new Result(stepper.ids(), Arrays.copyOf(logProbs, n), score, stepper.text(), stepper.stop());
    }
}
