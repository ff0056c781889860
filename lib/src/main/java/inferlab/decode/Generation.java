package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.Arrays;
import java.util.List;

/**
 * The token-by-token generation loop for one sequence and its stopping rules: at most {@code maxNewTokens}
 * new tokens; stop after the end-of-sequence token (kept in the output, as Hugging Face does); stop once the
 * decoded new text contains a stop string (the text is cut before it, the ids keep the token that completed
 * it). A listener sees each token as it is chosen, in order, before the next forward pass.
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

    public enum Stop { EOS, STOP_STRING, MAX_NEW_TOKENS }

    private final int maxNewTokens;
    private final int eosTokenId;
    private final Tokenizer tokenizer;
    private final List<String> stopStrings;
    private final Listener listener;

    private Generation(int maxNewTokens, int eosTokenId, Tokenizer tokenizer, List<String> stopStrings,
            Listener listener) {
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        if (!stopStrings.isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer");
        }
        if (stopStrings.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("empty stop string");
        this.maxNewTokens = maxNewTokens;
        this.eosTokenId = eosTokenId;
        this.tokenizer = tokenizer;
        this.stopStrings = List.copyOf(stopStrings);
        this.listener = listener;
    }

    /** At most {@code maxNewTokens} tokens, no EOS, no stop strings, no tokenizer. */
    public static Generation of(int maxNewTokens) {
        return new Generation(maxNewTokens, -1, null, List.of(), (s, id, lp) -> {});
    }

    /** Stops after {@code id}; -1 for none. */
    public Generation withEos(int id) {
        return new Generation(maxNewTokens, id, tokenizer, stopStrings, listener);
    }

    /** Decodes the result with {@code t}. */
    public Generation withTokenizer(Tokenizer t) {
        return new Generation(maxNewTokens, eosTokenId, t, stopStrings, listener);
    }

    public Generation withStop(Tokenizer t, String... stops) {
        return new Generation(maxNewTokens, eosTokenId, t, Arrays.asList(stops), listener);
    }

    public Generation onToken(Listener l) {
        return new Generation(maxNewTokens, eosTokenId, tokenizer, stopStrings, l);
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    public int eosTokenId() {
        return eosTokenId;
    }

    /** Generates a continuation of {@code prompt} with {@code decoder} in a new session of {@code model}. */
    public Result run(LanguageModel model, int[] prompt, Decoder decoder) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        int[] history = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        float[] logProbs = new float[maxNewTokens];
        int n = 0;
        Stop stop = Stop.MAX_NEW_TOKENS;
        int cut = -1;
        try (Session session = model.newSession()) {
            float[][] prefill = session.append(prompt);
            float[] logits = prefill[prefill.length - 1];
            while (n < maxNewTokens) {
                int id = decoder.next(Arrays.copyOf(history, prompt.length + n), logits);
                float lp = (float) (logits[id] - Softmax.logSumExp(logits));
                history[prompt.length + n] = id;
                logProbs[n++] = lp;
                listener.onToken(n - 1, id, lp);
                if (id == eosTokenId) {
                    stop = Stop.EOS;
                    break;
                }
                if (!stopStrings.isEmpty() && (cut = stopAt(newIds(history, prompt.length, n))) >= 0) {
                    stop = Stop.STOP_STRING;
                    break;
                }
                if (n < maxNewTokens) logits = session.append(id)[0];
            }
        }
        int[] ids = newIds(history, prompt.length, n);
        double score = 0;
        for (int i = 0; i < n; i++) score += logProbs[i];
        String text = tokenizer == null ? null : tokenizer.decode(ids);
        if (cut >= 0) text = text.substring(0, cut);
        return new Result(ids, Arrays.copyOf(logProbs, n), score, text, stop);
    }

    /** Where the earliest stop string starts in the decoded text of {@code ids}, or -1. */
    private int stopAt(int[] ids) {
        String text = tokenizer.decode(ids);
        int at = -1;
        for (String s : stopStrings) {
            int i = text.indexOf(s);
            if (i >= 0 && (at < 0 || i < at)) at = i;
        }
        return at;
    }

    private static int[] newIds(int[] history, int promptLength, int n) {
        return Arrays.copyOfRange(history, promptLength, promptLength + n);
    }
}
