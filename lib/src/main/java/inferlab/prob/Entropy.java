package inferlab.prob;

/**
 * Entropy, cross-entropy and perplexity, in nats, on probability vectors or on logits.
 *
 * <ul>
 *   <li>H(p) = -sum_i p_i log p_i, with 0 log 0 = 0;</li>
 *   <li>H(p, q) = -sum_i p_i log q_i = H(p) + KL(p || q); infinite when some p_i &gt; 0 has q_i = 0;</li>
 *   <li>perplexity = exp(H): the size of a uniform distribution that is as uncertain.</li>
 * </ul>
 *
 * <p>From logits x with log-partition Z = logsumexp(x): H = Z - sum_i p_i x_i, summed only where p_i &gt; 0,
 * so -inf logits (masked tokens) contribute nothing and large logits cannot overflow.
 */
public final class Entropy {
    private Entropy() {}

    public static double of(double[] p) {
        double h = 0;
        for (double pi : p) if (pi > 0) h -= pi * Math.log(pi);
        return h;
    }

    public static double of(float[] p) {
        double h = 0;
        for (float pi : p) if (pi > 0) h -= pi * Math.log(pi);
        return h;
    }

    /** Entropy of softmax(logits). */
    public static double ofLogits(float[] logits) {
        double z = Softmax.logSumExp(logits);
        double expected = 0;
        for (float x : logits) {
            if (x == Float.NEGATIVE_INFINITY) continue;
            double p = Math.exp(x - z);
            if (p > 0) expected += p * x;
        }
        return Math.max(0, z - expected);
    }

    /** Cross-entropy H(p, q) = -sum_i p_i log q_i. */
    public static double cross(double[] p, double[] q) {
        check(p.length, q.length);
        double h = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            if (q[i] == 0) return Double.POSITIVE_INFINITY;
            h -= p[i] * Math.log(q[i]);
        }
        return h;
    }

    public static double cross(float[] p, float[] q) {
        return cross(toDouble(p), toDouble(q));
    }

    /** H(softmax(a), softmax(b)) computed from logits: sum_i p_i (log Z_b - b_i). */
    public static double crossOfLogits(float[] a, float[] b) {
        check(a.length, b.length);
        double za = Softmax.logSumExp(a), zb = Softmax.logSumExp(b);
        double h = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == Float.NEGATIVE_INFINITY) continue;
            double p = Math.exp(a[i] - za);
            if (p == 0) continue;
            if (b[i] == Float.NEGATIVE_INFINITY) return Double.POSITIVE_INFINITY;
            h += p * (zb - b[i]);
        }
        return h;
    }

    /** Perplexity exp(H) of a cross-entropy or entropy given in nats. */
    public static double perplexity(double nats) {
        return Math.exp(nats);
    }

    /** Perplexity of a sequence from its per-token log-probabilities: exp(-mean log p). */
    public static double perplexity(float[] logProbs) {
        return Math.exp(-mean(logProbs));
    }

    /** Mean of per-token log-probabilities (the negative of the per-token cross-entropy). */
    public static double mean(float[] logProbs) {
        if (logProbs.length == 0) throw new IllegalArgumentException("no tokens");
        double s = 0;
        for (float lp : logProbs) s += lp;
        return s / logProbs.length;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static void check(int a, int b) {
        if (a != b) throw new IllegalArgumentException("length mismatch: " + a + " vs " + b);
    }
}
