package inferlab.speculative;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Drafts without a model by copying from the context (prompt lookup decoding, Saxena 2023): find the most
 * recent earlier occurrence of the last n tokens, for n from {@code maxNgram} down to {@code minNgram}, and
 * propose the tokens that followed it. Summaries, code edits and quoting reuse long spans of their input, so
 * the copy is often right; when nothing matches it proposes nothing and the step is a plain target step.
 *
 * <p>The proposal is deterministic: q is a point mass, so verification accepts token x with probability p(x).
 */
public final class PromptLookupDrafter implements Drafter {
    private final int maxNgram, minNgram;

    public PromptLookupDrafter(int maxNgram, int minNgram) {
        if (minNgram < 1 || maxNgram < minNgram) {
            throw new IllegalArgumentException("need 1 <= minNgram <= maxNgram, got " + minNgram + ", " + maxNgram);
        }
        this.maxNgram = maxNgram;
        this.minNgram = minNgram;
    }

    @Override
    public Draft propose(int[] context, int gamma, double temperature, RandomGenerator rng) {
        int len = context.length;
        for (int n = Math.min(maxNgram, len - 1); n >= minNgram; n--) {
            for (int start = len - n - 1; start >= 0; start--) { // most recent match first
                if (Arrays.equals(context, start, start + n, context, len - n, len)) {
                    int from = start + n, to = Math.min(from + gamma, len);
                    return new Draft(Arrays.copyOfRange(context, from, to), null);
                }
            }
        }
        return new Draft(new int[0], null);
    }
}
