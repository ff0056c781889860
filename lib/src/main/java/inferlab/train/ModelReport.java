package inferlab.train;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.task.Calculator;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured numbers of a model card: held-out perplexity, draft/target greedy agreement, task accuracy.
 *
 * <p>Held-out text is cut into consecutive chunks of {@code context} tokens, each scored from a fresh session,
 * so no position sees more context than the model was trained with and every model sees the same chunks.
 */
public final class ModelReport {
    private ModelReport() {}

    /**
     * Perplexity per token, exp(-(1/N) sum log p(x_t | x_{<t})), over the chunks of the first {@code maxTokens}
     * tokens of {@code tokens}; the first token of each chunk is context only.
     */
    public static double perplexity(LanguageModel model, int[] tokens, int context, int maxTokens) {
        double sum = 0;
        long n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start + 1 < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            if (chunk.length < 2) break;
            for (float lp : model.score(chunk)) sum += lp;
            n += chunk.length - 1;
        }
        return Math.exp(-sum / n);
    }

    /**
     * Greedy next-token agreement: the fraction of positions where argmax of the draft's next-token
     * distribution equals the target's, with both conditioned on the same held-out prefix. Under greedy
     * speculative decoding this is the per-token acceptance rate alpha.
     */
    public static double agreement(LanguageModel draft, LanguageModel target, int[] tokens, int context, int maxTokens) {
        long same = 0, n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            try (Session d = draft.newSession(); Session t = target.newSession()) {
                float[][] dl = d.append(chunk);
                float[][] tl = t.append(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    if (argmax(dl[i]) == argmax(tl[i])) same++;
                    n++;
                }
            }
        }
        return same / (double) n;
    }

    /**
     * Greedy continuation of {@code prompt} until end-of-text or {@code maxNew} tokens. With {@code calculator},
     * whenever the generated text ends inside an open annotation {@code <<EXPR=}, the tool's result and
     * {@code >>} are appended in place of whatever the model would have written (the model then continues from
     * the true value, as in GSM8K's calculator-annotated training data). Returns the generated text.
     */
    public static String greedy(LanguageModel model, Tokenizer tokenizer, String prompt, int maxNew, boolean calculator) {
        List<Integer> out = new ArrayList<>();
        try (Session s = model.newSession()) {
            float[][] rows = s.append(tokenizer.encode(prompt));
            float[] next = rows[rows.length - 1];
            while (out.size() < maxNew) {
                int id = argmax(next);
                if (id == model.eosTokenId()) break;
                out.add(id);
                next = s.append(id)[0];
                if (calculator) {
                    String injected = complete(tokenizer.decode(toArray(out)));
                    if (injected != null) {
                        int[] ids = tokenizer.encode(injected);
                        for (int x : ids) out.add(x);
                        rows = s.append(ids);
                        next = rows[rows.length - 1];
                    }
                }
            }
        }
        return tokenizer.decode(toArray(out));
    }

    /** The calculator's completion of an open annotation, or null (also when the expression is malformed). */
    private static String complete(String text) {
        try {
            return Calculator.complete(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
        }
    }

    private static int[] toArray(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).toArray();
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
