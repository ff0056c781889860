package inferlab.decode;

import java.util.Arrays;

/** Orderings of a logit or probability row, shared by the truncating processors and beam search. */
final class Ranking {
    private Ranking() {}

    /** Indices of {@code x} from largest to smallest value; equal values keep index order. */
    static int[] descending(float[] x) {
        return sortedBy(x, true);
    }

    /** Indices of {@code x} from smallest to largest value; equal values keep index order. */
    static int[] ascending(float[] x) {
        return sortedBy(x, false);
    }

    /** The k-th largest value of {@code x} (k = 1 is the maximum). */
    static float kthLargest(float[] x, int k) {
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    /** Softmax in float arithmetic, summed in index order, as PyTorch does on fp32 rows. */
    static float[] softmax(float[] x) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : x) m = Math.max(m, v);
        float[] p = new float[x.length];
        float sum = 0;
        for (int i = 0; i < x.length; i++) {
            p[i] = x[i] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(x[i] - m);
            sum += p[i];
        }
        for (int i = 0; i < x.length; i++) p[i] /= sum;
        return p;
    }

    static float[] removeWhere(float[] logits, boolean[] remove) {
        float[] out = logits.clone();
        for (int i = 0; i < out.length; i++) if (remove[i]) out[i] = Float.NEGATIVE_INFINITY;
        return out;
    }

    /**
     * Sorts (value, index) packed into one long: the float's bits mapped to an int that orders like the float
     * (negative floats have their magnitude bits flipped), negated for descending, then the index.
     */
    private static int[] sortedBy(float[] x, boolean descending) {
        long[] keys = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            int bits = Float.floatToIntBits(x[i]);
            bits ^= (bits >> 31) & 0x7fffffff;
            if (descending) bits = ~bits;
            keys[i] = ((long) bits << 32) | i;
        }
        Arrays.sort(keys);
        int[] out = new int[x.length];
        for (int i = 0; i < out.length; i++) out[i] = (int) keys[i];
        return out;
    }
}
