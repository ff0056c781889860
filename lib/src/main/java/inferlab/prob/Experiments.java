package inferlab.prob;

import java.util.random.RandomGenerator;

/** The numbers behind the probability notebook's small experiments, so tests check what the figures show. */
public final class Experiments {
    private Experiments() {}

    /** Exact softmax next to empirical frequencies of Gumbel-max and inverse-CDF sampling. */
    public record SamplingCheck(double[] exact, double[] gumbel, double[] inverseCdf) {
        public double gumbelDistance() {
            return Divergence.totalVariation(exact, gumbel);
        }

        public double inverseCdfDistance() {
            return Divergence.totalVariation(exact, inverseCdf);
        }
    }

    /**
     * Draws {@code draws} samples each way. Both empirical distributions should be within about
     * sqrt(V / draws) total variation of softmax(logits).
     */
    public static SamplingCheck gumbelCheck(float[] logits, int draws, RandomGenerator rng) {
        double[] exact = Entropy.toDouble(Softmax.softmax(logits));
        double[] gumbel = new double[logits.length], cdf = new double[logits.length];
        for (int d = 0; d < draws; d++) {
            gumbel[Gumbel.sample(logits, rng)] += 1.0 / draws;
            cdf[Categorical.sampleLogits(logits, rng)] += 1.0 / draws;
        }
        return new SamplingCheck(exact, gumbel, cdf);
    }

    /**
     * Entropy (nats) of softmax(logits / T) for each T: 0 as T -&gt; 0 (greedy), ln V as T -&gt; infinity (uniform),
     * increasing in between.
     */
    public static double[] entropyAtTemperatures(float[] logits, double[] temperatures) {
        double[] h = new double[temperatures.length];
        for (int i = 0; i < temperatures.length; i++) {
            float[] scaled = new float[logits.length];
            for (int j = 0; j < logits.length; j++) scaled[j] = (float) (logits[j] / temperatures[i]);
            h[i] = Entropy.ofLogits(scaled);
        }
        return h;
    }
}
