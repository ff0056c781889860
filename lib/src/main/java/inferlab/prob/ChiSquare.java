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
     * The 1 − 10⁻⁶ quantile of chi-square with df degrees of freedom by Wilson and Hilferty's cube-root
     * approximation, {@code df (1 − 2/(9 df) + z √(2/(9 df)))³} with z = 4.753 the normal 1 − 10⁻⁶ point
     * (it errs high for small df: 30.2 against the exact 27.6 at df = 2). A correct sampler exceeds it once
     * in a million checks: a failure means a real mismatch, not bad luck.
     */
    static double bound(int df) {
        double v = 2.0 / (9 * df);
        return df * Math.pow(1 - v + 4.753 * Math.sqrt(v), 3);
    }
}
