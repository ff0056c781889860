package inferlab.prob;

/** Goodness-of-fit of observed counts to expected probabilities, for sampling checks and tests. */
final class ChiSquare {
    private ChiSquare() {}

    /** Pearson's statistic sum_i (O_i - n p_i)^2 / (n p_i) over categories with p_i &gt; 0. */
    static double statistic(int[] observed, double[] p) {
        long n = 0;
        for (int o : observed) n += o;
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                if (observed[i] != 0) return Double.POSITIVE_INFINITY;
                continue;
            }
            double e = n * p[i];
            s += (observed[i] - e) * (observed[i] - e) / e;
        }
        return s;
    }

    /**
     * A loose upper quantile for df degrees of freedom: mean df plus 5 standard deviations sqrt(2 df), far
     * above the 99.99% point for the df used here, so a failure means a real mismatch, not bad luck.
     */
    static double bound(int df) {
        return df + 5 * Math.sqrt(2.0 * df) + 5;
    }
}
