package inferlab.decode;

import inferlab.prob.Categorical;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Mirostat (Basu et al., 2021): a feedback controller that keeps the surprise −log₂ p(x_t) of the sampled
 * tokens near a target τ, with llama.cpp's semantics ({@code llama_sampler_mirostat}, {@code _v2}).
 *
 * <p>State: μ, initialised to 2τ. Each step sorts the probabilities p_(1) ≥ p_(2) ≥ … and truncates:
 * <ul>
 * <li><b>v1</b> assumes Zipf's law p_(i) ∝ i^(−s) over the top m = 100 tokens and estimates
 * ŝ = Σ t_i b_i / Σ t_i² with t_i = ln((i+1)/i), b_i = ln(p_(i)/p_(i+1)), i = 1..m−1; with ε̂ = ŝ − 1 it keeps
 * the top k = ⌊(ε̂ · 2^μ / (1 − V^(−ε̂)))^(1/ŝ)⌋ tokens (at least 1);</li>
 * <li><b>v2</b> keeps the tokens with surprise −log₂ p_(i) ≤ μ (at least the most probable one).</li>
 * </ul>
 * It samples x from the renormalised kept tokens, observes the surprise S = −log₂ p'(x) under that
 * renormalised distribution, and updates μ ← μ − η (S − τ).
 *
 * <p>Where the paper's reference code differs from llama.cpp: it rounds k to the nearest integer instead of
 * truncating, and it measures the observed surprise under the original, untruncated distribution
 * (−log₂ p(x)), so its controller drives the model's own surprise to τ, while llama.cpp's, followed here,
 * drives the surprise under the truncated distribution, which is never larger. The trace records both:
 * {@link Step#surprise} (truncated, what the controller uses) and {@link Step#modelSurprise} (untruncated,
 * the paper's).
 *
 * <p>Stateful: use one instance per generated sequence. {@link #trace()} records every step.
 */
public final class Mirostat implements Decoder {
    /** Number of top probabilities v1 fits the Zipf exponent to. */
    public static final int M = 100;

    /**
     * One step: the number of kept tokens k, v1's exponent estimate (NaN for v2), μ before the update, the
     * surprise −log₂ p'(x) under the truncated distribution (llama.cpp's, which drives μ here) and −log₂ p(x)
     * under the model's untruncated one (the paper's code drives μ with it).
     */
    public record Step(int k, double sHat, double mu, double surprise, double modelSurprise) {}

    private final int version;
    private final double tau;
    private final double eta;
    private final RandomGenerator rng;
    private final LogitsProcessor before;
    private double mu;
    private final List<Step> trace = new ArrayList<>();

    /** Mirostat on the raw logits. */
    public Mirostat(int version, double tau, double eta, RandomGenerator rng) {
        this(version, tau, eta, rng, new LogitsProcessorList(List.of()));
    }

    /**
     * Mirostat after {@code before} (llama.cpp runs penalties and temperature first, then Mirostat in
     * place of the truncation samplers).
     */
    public Mirostat(int version, double tau, double eta, RandomGenerator rng, LogitsProcessor before) {
        if (version != 1 && version != 2) throw new IllegalArgumentException("mirostat version must be 1 or 2, got " + version);
        if (!(tau > 0) || Double.isInfinite(tau)) throw new IllegalArgumentException("mirostat tau must be > 0, got " + tau);
        if (!(eta > 0) || Double.isInfinite(eta)) throw new IllegalArgumentException("mirostat eta must be > 0, got " + eta);
        this.version = version;
        this.tau = tau;
        this.eta = eta;
        this.rng = rng;
        this.before = before;
        this.mu = 2 * tau;
    }

    @Override
    public int next(int[] history, float[] logits) {
        float[] z = before.apply(history, logits);
        int[] order = Ranking.descending(z);
        float[] p = Ranking.softmax(z);
        double sHat = Double.NaN;
        int k;
        if (version == 1) {
            sHat = zipfExponent(p, order);
            k = topK(sHat, mu, z.length);
        } else {
            k = 0;
            while (k < order.length && -log2(p[order[k]]) <= mu) k++;
            k = Math.max(k, 1);
        }
        float[] kept = new float[k];
        for (int j = 0; j < k; j++) kept[j] = z[order[j]];
        float[] q = Ranking.softmax(kept);
        int j = Categorical.sample(q, rng);
        double surprise = -log2(q[j]);
        trace.add(new Step(k, sHat, mu, surprise, -log2(p[order[j]])));
        mu -= eta * (surprise - tau);
        return order[j];
    }

    /** ŝ: least-squares slope of ln(p_(i)/p_(i+1)) on ln((i+1)/i) over the top m probabilities. */
    static double zipfExponent(float[] p, int[] order) {
        double tb = 0, tt = 0;
        for (int i = 0; i < M - 1 && i < order.length - 1; i++) {
            double t = Math.log((i + 2.0) / (i + 1.0));
            double b = Math.log((double) p[order[i]] / p[order[i + 1]]);
            tb += t * b;
            tt += t * t;
        }
        return tb / tt;
    }

    /** k = ⌊(ε̂ · 2^μ / (1 − V^(−ε̂)))^(1/ŝ)⌋ clamped to [1, V]. */
    static int topK(double sHat, double mu, int vocab) {
        double epsHat = sHat - 1;
        double k = Math.pow(epsHat * Math.pow(2, mu) / (1 - Math.pow(vocab, -epsHat)), 1 / sHat);
        if (Double.isNaN(k)) return vocab; // flat top (ŝ ≈ 0): no Zipf fit, keep everything
        return (int) Math.max(1, Math.min(vocab, k));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    public double mu() {
        return mu;
    }

    public List<Step> trace() {
        return List.copyOf(trace);
    }

    /** Mean observed surprise over the trace, in bits. */
    public double meanSurprise() {
        return trace.stream().mapToDouble(Step::surprise).average().orElse(Double.NaN);
    }

    /** The observed surprise per step (under the truncated distribution), for plotting against τ. */
    public double[] surprises() {
        return trace.stream().mapToDouble(Step::surprise).toArray();
    }

    /** The surprise per step under the model's untruncated distribution, as the paper's code measures it. */
    public double[] modelSurprises() {
        return trace.stream().mapToDouble(Step::modelSurprise).toArray();
    }
}
