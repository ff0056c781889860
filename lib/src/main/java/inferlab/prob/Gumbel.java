package inferlab.prob;

import java.util.random.RandomGenerator;

/**
 * The Gumbel-max trick: with g_i = -log(-log u_i), u_i ~ U(0, 1) independent,
 * argmax_i (x_i + g_i) is distributed as softmax(x). Sampling becomes "add noise, take argmax", which needs no
 * normalisation and parallelises.
 *
 * <p>Gumbel-top-k: the k largest perturbed logits, in order, are k draws from softmax(x) without replacement
 * (Kool, van Hoof and Welling 2019), e.g. P(first = i, second = j) = p_i · p_j / (1 - p_i).
 */
public final class Gumbel {
    private Gumbel() {}

    /** One standard Gumbel draw -log(-log u); u is kept off 0 so the result is finite. */
    public static double noise(RandomGenerator rng) {
        double u = rng.nextDouble();
        while (u == 0) u = rng.nextDouble();
        return -Math.log(-Math.log(u));
    }

    /** logits + independent Gumbel noise; -inf entries stay -inf (never chosen). */
    public static double[] perturb(float[] logits, RandomGenerator rng) {
        double[] g = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            g[i] = logits[i] == Float.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : logits[i] + noise(rng);
        }
        return g;
    }

    /** One sample from softmax(logits) via argmax(logits + g). */
    public static int sample(float[] logits, RandomGenerator rng) {
        return TopK.argmax(perturb(logits, rng));
    }

    /** k distinct indices: an ordered sample without replacement from softmax(logits). */
    public static int[] topK(float[] logits, int k, RandomGenerator rng) {
        int finite = 0;
        for (float x : logits) if (x != Float.NEGATIVE_INFINITY) finite++;
        if (k > finite) throw new IllegalArgumentException("k=" + k + " but only " + finite + " tokens have mass");
        return TopK.indices(perturb(logits, rng), k);
    }
}
