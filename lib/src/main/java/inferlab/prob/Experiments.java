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

    /** P[X1 &gt; X2] for X_i ~ Gumbel(mu_i, 1): exact, and the fraction of {@code draws} pairs, with its interval. */
    public record GumbelRace(double mu1, double mu2, double exact, Interval empirical) {}

    /**
     * Races two Gumbels. Exact: P[X1 &gt; X2] = integral f1(x) F2(x) dx = e^mu1 / (e^mu1 + e^mu2), the softmax of
     * (mu1, mu2), which is why argmax of Gumbel-perturbed logits samples from the softmax.
     */
    public static GumbelRace gumbelRace(double mu1, double mu2, int draws, RandomGenerator rng) {
        long wins = 0;
        for (int d = 0; d < draws; d++) if (mu1 + Gumbel.noise(rng) > mu2 + Gumbel.noise(rng)) wins++;
        return new GumbelRace(mu1, mu2, 1 / (1 + Math.exp(mu2 - mu1)), Interval.wilson(wins, draws));
    }

    /**
     * One model q of a family fitted to data x_1..x_N: KL(p_o || q) against the empirical distribution p_o, the
     * mean negative log-likelihood -1/N sum_n log q(x_n), and H(p_o). The identity
     * KL(p_o || q) = -1/N sum_n log q(x_n) - H(p_o) makes the last two columns differ by the same constant for
     * every q, so the q of least KL is the q of greatest likelihood.
     */
    public record KlAndLikelihood(String model, double kl, double meanNll, double empiricalEntropy) {}

    /**
     * Add-k (Laplace-smoothed) unigram models of {@code data} over {@code vocab} symbols for each k: the family
     * q_k(v) = (count(v) + k) / (N + kV), whose k -&gt; 0 limit is the maximum-likelihood estimate p_o itself.
     */
    public static java.util.List<KlAndLikelihood> klAndLikelihood(int[] data, int vocab, double[] ks) {
        double[] empirical = new double[vocab];
        for (int x : data) empirical[x] += 1.0 / data.length;
        double h = Entropy.of(empirical);
        java.util.List<KlAndLikelihood> rows = new java.util.ArrayList<>();
        for (double k : ks) {
            double[] q = new double[vocab];
            for (int v = 0; v < vocab; v++) q[v] = (empirical[v] * data.length + k) / (data.length + k * vocab);
            double nll = 0;
            for (int x : data) nll -= Math.log(q[x]) / data.length;
            rows.add(new KlAndLikelihood("add-" + k, Divergence.kl(empirical, q), nll, h));
        }
        return rows;
    }
}
