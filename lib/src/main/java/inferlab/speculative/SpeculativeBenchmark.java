package inferlab.speculative;

import inferlab.bench.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Speculative greedy decoding against plain greedy decoding of the target on the same prompts: wall-clock
 * speedup next to the acceptance statistics and the speedup the theory predicts from them.
 *
 * <p>Each configuration decodes every prompt once as a warm-up and then {@code repeats} times; the time is the
 * median over repeats ({@link Measure}) of the total over prompts. Every speculative output is checked against the plain greedy
 * output: a mismatch is a bug and throws.
 */
public final class SpeculativeBenchmark {
    private SpeculativeBenchmark() {}

    /**
     * One drafter configuration: measured seconds and speedup over plain greedy, with the statistics of all
     * prompts together.
     */
    public record Row(String drafter, int gamma, double seconds, double speedup, AcceptanceStats stats) {}

    /** The baseline and the speculative configurations. */
    public record Report(double plainSeconds, int newTokens, List<Row> rows) {}

    /** Plain greedy decoding: one target forward pass per token. */
    public static int[] plainGreedy(LanguageModel target, int[] prompt, int newTokens) {
        try (Session s = target.newSession()) {
            int[] out = new int[newTokens];
            float[][] rows = s.append(prompt);
            float[] logits = rows[rows.length - 1];
            int n = 0;
            while (n < newTokens) {
                out[n] = Sampling.argmax(logits);
                if (out[n++] == target.eosTokenId() || n == newTokens) break;
                logits = s.append(out[n - 1])[0];
            }
            return Arrays.copyOf(out, n);
        }
    }

    /**
     * Plain greedy, then speculative greedy with the draft model at each lookahead in {@code gammas}, then
     * prompt lookup (n-grams 3 down to 1) at each lookahead.
     */
    public static Report run(LanguageModel target, LanguageModel draft, List<int[]> prompts, int newTokens,
                             int[] gammas, int repeats) {
        int[][] expected = new int[prompts.size()][];
        double plain = median(repeats, () -> {
            for (int i = 0; i < prompts.size(); i++) expected[i] = plainGreedy(target, prompts.get(i), newTokens);
        });
        List<Row> rows = new ArrayList<>();
        for (int gamma : gammas) {
            try (DraftModelDrafter drafter = new DraftModelDrafter(draft)) {
                rows.add(speculative("draft model", target, drafter, gamma, prompts, expected, newTokens, repeats, plain));
            }
        }
        for (int gamma : gammas) {
            rows.add(speculative("prompt lookup", target, new PromptLookupDrafter(3, 1), gamma, prompts, expected,
                    newTokens, repeats, plain));
        }
        return new Report(plain, newTokens, rows);
    }

    private static Row speculative(String name, LanguageModel target, Drafter drafter, int gamma, List<int[]> prompts,
                                   int[][] expected, int newTokens, int repeats, double plainSeconds) {
        SpeculativeDecoder decoder = new SpeculativeDecoder(target, drafter, gamma);
        AcceptanceStats[] last = new AcceptanceStats[prompts.size()];
        double seconds = median(repeats, () -> {
            for (int i = 0; i < prompts.size(); i++) {
                var r = decoder.generate(prompts.get(i), newTokens, 0, new Random(0));
                if (!Arrays.equals(expected[i], r.tokens())) {
                    throw new IllegalStateException(name + " gamma " + gamma + " changed the greedy output of prompt "
                            + i + ": " + Arrays.toString(r.tokens()) + " vs " + Arrays.toString(expected[i]));
                }
                last[i] = r.stats();
            }
        });
        AcceptanceStats total = last[0];
        for (int i = 1; i < last.length; i++) total = total.plus(last[i]);
        return new Row(name, gamma, seconds, plainSeconds / seconds, total);
    }

    private static double median(int repeats, Runnable work) {
        return Measure.time(1, repeats, work).median();
    }

    /**
     * {@code count} prompts of {@code length} tokens from evenly spaced places in {@code text}: real text gives
     * the draft model something to agree on and prompt lookup something to copy.
     */
    public static List<int[]> corpusPrompts(Tokenizer tokenizer, String text, int count, int length) {
        List<int[]> prompts = new ArrayList<>();
        int window = 16 * length; // characters: several per token, so the window holds enough tokens
        for (int i = 0; i < count; i++) {
            int start = (int) ((long) i * Math.max(1, text.length() - window) / count);
            int[] ids = tokenizer.encode(text.substring(start, Math.min(text.length(), start + window)));
            if (ids.length < length) throw new IllegalArgumentException("text too short for prompts of " + length + " tokens");
            prompts.add(Arrays.copyOfRange(ids, ids.length - length, ids.length));
        }
        return prompts;
    }
}
