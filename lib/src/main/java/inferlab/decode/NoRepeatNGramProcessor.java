package inferlab.decode;

import java.util.Arrays;

/**
 * No-repeat n-gram blocking (Paulus et al., 2018): a token is removed if appending it would repeat an
 * n-gram that already occurs in the history. With h the last n − 1 tokens, every token that followed an
 * earlier occurrence of h is banned.
 */
public final class NoRepeatNGramProcessor implements LogitsProcessor {
    private final int n;

    public NoRepeatNGramProcessor(int n) {
        if (n < 1) throw new IllegalArgumentException("no-repeat n-gram size must be >= 1, got " + n);
        this.n = n;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] out = logits.clone();
        int len = history.length;
        if (len + 1 < n) return out; // no full n-gram can be completed yet
        int[] suffix = Arrays.copyOfRange(history, len - (n - 1), len);
        for (int start = 0; start + n <= len; start++) {
            if (Arrays.equals(history, start, start + n - 1, suffix, 0, n - 1)) {
                int banned = history[start + n - 1];
                if (banned >= 0 && banned < out.length) out[banned] = Float.NEGATIVE_INFINITY;
            }
        }
        return out;
    }
}
