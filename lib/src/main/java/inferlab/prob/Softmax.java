package inferlab.prob;

/**
 * Numerically stable softmax on float arrays.
 *
 * <p>softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m) with m = max_j x_j, so no exponent overflows;
 * -inf entries get probability 0.
 */
public final class Softmax {
    private Softmax() {}

    /** log sum_i exp(x_i), computed as m + log sum_i exp(x_i - m); -inf when every entry is -inf. */
    public static double logSumExp(float[] x) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : x) m = Math.max(m, v);
        if (m == Float.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        if (m == Float.POSITIVE_INFINITY) return Double.POSITIVE_INFINITY;
        double s = 0;
        for (float v : x) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    /** log softmax(x)_i = x_i - logsumexp(x). */
    public static float[] logSoftmax(float[] x) {
        double lse = logSumExp(x);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] - lse);
        return out;
    }

    /** log softmax(x)_i alone, the same float as {@code logSoftmax(x)[i]} without the array. */
    public static float logSoftmax(float[] x, int i) {
        return (float) (x[i] - logSumExp(x));
    }

    /**
     * softmax(x), with one exponential per entry: exp(x_i - m) is kept and divided by the sum (computing
     * exp(x_i - logsumexp(x)) instead calls exp twice as often and, in a sampling loop over a 4,096-token vocabulary,
     * costs several times as long).
     */
    public static float[] softmax(float[] x) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : x) m = Math.max(m, v);
        float[] out = new float[x.length];
        double sum = 0;
        for (int i = 0; i < x.length; i++) sum += out[i] = (float) Math.exp(x[i] - m);
        for (int i = 0; i < x.length; i++) out[i] = (float) (out[i] / sum);
        return out;
    }
}
