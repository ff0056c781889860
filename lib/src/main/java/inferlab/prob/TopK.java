package inferlab.prob;

/**
 * Indices of the largest entries: argmax for greedy decoding, top-k for truncated sampling and for the bar
 * charts of next-token distributions. Ties go to the lower index, so results are deterministic.
 */
public final class TopK {
    private TopK() {}

    /** Index of the largest value, the first one on ties (as {@code torch.argmax}). */
    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    public static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** The k indices with the largest values, largest first; O(V k) worst case, O(V) typical for small k. */
    public static int[] indices(float[] x, int k) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return indices(d, k);
    }

    public static int[] indices(double[] x, int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        k = Math.min(k, x.length);
        int[] top = new int[k];
        if (k == 0) return top;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            // insertion into the sorted buffer; most entries fail the first comparison once it is full
            if (n == k && !before(x, i, top[k - 1])) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && before(x, i, top[j - 1])) {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = i;
        }
        return top;
    }

    /** True if entry i ranks before entry j: larger value, or equal value and lower index. NaN ranks last. */
    private static boolean before(double[] x, int i, int j) {
        if (Double.isNaN(x[j])) return !Double.isNaN(x[i]);
        return x[i] > x[j] || (x[i] == x[j] && i < j);
    }
}
