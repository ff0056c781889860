package inferlab.prob;

import java.util.random.RandomGenerator;

/**
 * Sampling from a categorical distribution by inverting its CDF: draw u ~ U[0, 1) and return the first i
 * with p_1 + ... + p_i &gt; u · sum(p). Scaling u by the total makes slightly unnormalised float vectors safe.
 */
public final class Categorical {
    private Categorical() {}

    public static int sample(double[] probs, RandomGenerator rng) {
        double total = 0;
        for (double p : probs) total += p;
        if (!(total > 0)) throw new IllegalArgumentException("probabilities sum to " + total);
        double u = rng.nextDouble() * total;
        double c = 0;
        int last = -1;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] <= 0) continue;
            c += probs[i];
            last = i;
            if (u < c) return i;
        }
        return last; // u landed in the rounding gap at the top
    }

    public static int sample(float[] probs, RandomGenerator rng) {
        return sample(Entropy.toDouble(probs), rng);
    }

    /** Sample from softmax(logits). */
    public static int sampleLogits(float[] logits, RandomGenerator rng) {
        double z = Softmax.logSumExp(logits);
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) p[i] = Math.exp(logits[i] - z);
        return sample(p, rng);
    }
}
