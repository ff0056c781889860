package inferlab.rerank;

/**
 * How well reranker scores s_1..s_N agree with oracle scores o_1..o_N of the same candidates.
 * <ul>
 *   <li>top-1: o of the reranker's pick, o_{argmax_i s_i} (the first maximum on ties).</li>
 *   <li>rank of the best: the rank under s (1 = top) of the oracle's best candidate; ties in s share their
 *       average rank, and when several candidates share the best oracle score the best-ranked of them counts.</li>
 *   <li>Spearman's ρ: Pearson's correlation of the average ranks,
 *       ρ = cov(R(s), R(o)) / (σ_{R(s)} σ_{R(o)}); without ties it equals 1 − 6 Σ d_i² / (N (N² − 1)).
 *       Undefined (NaN) when either side is constant.</li>
 * </ul>
 */
public final class RankMetrics {
    private RankMetrics() {}

    public static int argmax(double[] s) {
        if (s.length == 0) throw new IllegalArgumentException("no scores");
        int best = 0;
        for (int i = 1; i < s.length; i++) if (s[i] > s[best]) best = i;
        return best;
    }

    /** Ascending average ranks, 1..N: tied values share the mean of the ranks they occupy. */
    public static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) throw new IllegalArgumentException("NaN at index " + i);
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[x.length];
        for (int lo = 0; lo < x.length; ) {
            int hi = lo;
            while (hi + 1 < x.length && x[order[hi + 1]] == x[order[lo]]) hi++;
            for (int k = lo; k <= hi; k++) r[order[k]] = (lo + hi) / 2.0 + 1;
            lo = hi + 1;
        }
        return r;
    }

    public static double spearman(double[] a, double[] b) {
        check(a, b);
        if (a.length < 2) throw new IllegalArgumentException("Spearman needs at least two pairs");
        return pearson(ranks(a), ranks(b));
    }

    public static double top1(double[] scores, double[] oracle) {
        check(scores, oracle);
        return oracle[argmax(scores)];
    }

    public static double rankOfBest(double[] scores, double[] oracle) {
        check(scores, oracle);
        double[] descending = ranks(java.util.Arrays.stream(scores).map(v -> -v).toArray());
        double best = java.util.Arrays.stream(oracle).max().orElseThrow();
        double rank = Double.POSITIVE_INFINITY;
        for (int i = 0; i < oracle.length; i++) if (oracle[i] == best) rank = Math.min(rank, descending[i]);
        return rank;
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length; // ranks are half-integers: these sums are exact, so a constant vector has zero spread
        my /= y.length;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        if (a.length == 0) throw new IllegalArgumentException("no scores");
    }
}
