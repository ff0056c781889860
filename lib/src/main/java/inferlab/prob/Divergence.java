package inferlab.prob;

/**
 * Kullback–Leibler and Jensen–Shannon divergence, in nats.
 *
 * <ul>
 *   <li>KL(p || q) = sum_i p_i log(p_i / q_i) &gt;= 0 (Gibbs), zero iff p = q; infinite when q_i = 0 &lt; p_i.
 *       Not symmetric: KL(p || q) penalises q for missing mass where p has it.</li>
 *   <li>JS(p, q) = KL(p || m)/2 + KL(q || m)/2 with m = (p + q)/2: symmetric, finite, at most ln 2.</li>
 *   <li>TV(p, q) = (1/2) sum_i |p_i - q_i| in [0, 1]: the largest difference in probability of any event.</li>
 * </ul>
 */
public final class Divergence {
    private Divergence() {}

    public static double kl(double[] p, double[] q) {
        Entropy.check(p.length, q.length);
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            if (q[i] == 0) return Double.POSITIVE_INFINITY;
            d += p[i] * Math.log(p[i] / q[i]);
        }
        return Math.max(0, d); // rounding can make a tiny negative sum
    }

    public static double kl(float[] p, float[] q) {
        return kl(Entropy.toDouble(p), Entropy.toDouble(q));
    }

    /** KL(softmax(a) || softmax(b)) = sum_i p_i ((a_i - Z_a) - (b_i - Z_b)), stable for any finite or -inf logits. */
    public static double klOfLogits(float[] a, float[] b) {
        Entropy.check(a.length, b.length);
        double za = Softmax.logSumExp(a), zb = Softmax.logSumExp(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == Float.NEGATIVE_INFINITY) continue;
            double logP = a[i] - za;
            double p = Math.exp(logP);
            if (p == 0) continue;
            if (b[i] == Float.NEGATIVE_INFINITY) return Double.POSITIVE_INFINITY;
            d += p * (logP - (b[i] - zb));
        }
        return Math.max(0, d);
    }

    public static double js(double[] p, double[] q) {
        Entropy.check(p.length, q.length);
        double[] m = new double[p.length];
        for (int i = 0; i < p.length; i++) m[i] = 0.5 * (p[i] + q[i]);
        return Math.min(Units.LN2, 0.5 * kl(p, m) + 0.5 * kl(q, m));
    }

    public static double js(float[] p, float[] q) {
        return js(Entropy.toDouble(p), Entropy.toDouble(q));
    }

    public static double totalVariation(double[] p, double[] q) {
        Entropy.check(p.length, q.length);
        double d = 0;
        for (int i = 0; i < p.length; i++) d += Math.abs(p[i] - q[i]);
        return 0.5 * d;
    }
}
