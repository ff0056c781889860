package inferlab.study;

import inferlab.decode.Generation;
import inferlab.decode.Mirostat;
import inferlab.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Mirostat over a grid of targets τ, prompts and models, with the perplexity of what it writes.
 *
 * <p>For each generated token, its perplexity under the model is PPL_t = 1 / p(x_t | x_&lt;t) = exp(−log p),
 * from the model's own, untruncated distribution; a run reports the mean, median and (population) standard
 * deviation of PPL_t over its tokens and the sequence perplexity exp(−(1/N) Σ_t log p), the geometric mean of
 * the PPL_t, which is never above their arithmetic mean. The per-step {@link Mirostat#trace()} (k, ŝ, μ, S_t)
 * is kept for plots of the controller.
 */
public final class MirostatSweep {
    private MirostatSweep() {}

    /** Summary of per-token perplexities: mean, median, standard deviation, and the sequence perplexity. */
    public record Perplexity(double mean, double median, double std, double sequence) {}

    /** One Mirostat run: which model, prompt (index) and τ, its perplexities, its trace and the tokens it wrote. */
    public record Run(String model, int prompt, double tau, Perplexity perplexity, List<Mirostat.Step> trace,
                      int[] generated) {

        /** Mean surprise error (1/N) Σ_t (S_t − τ) in bits, S_t under the truncated distribution (what drives μ). */
        public double meanSurpriseError() {
            return trace.stream().mapToDouble(s -> s.surprise() - tau).average().orElse(Double.NaN);
        }

        /** The same with −log₂ p(x_t) under the model's untruncated distribution, as the paper's code measures it. */
        public double meanModelSurpriseError() {
            return trace.stream().mapToDouble(s -> s.modelSurprise() - tau).average().orElse(Double.NaN);
        }
    }

    /** The statistics of PPL_t = exp(−logProbs[t]) (natural log-probabilities). */
    public static Perplexity perplexity(float[] logProbs) {
        if (logProbs.length == 0) throw new IllegalArgumentException("no tokens to measure");
        double[] ppl = new double[logProbs.length];
        double sum = 0, nll = 0;
        for (int t = 0; t < ppl.length; t++) {
            ppl[t] = Math.exp(-logProbs[t]);
            sum += ppl[t];
            nll -= logProbs[t];
        }
        double mean = sum / ppl.length;
        double var = 0;
        for (double x : ppl) var += (x - mean) * (x - mean);
        double[] sorted = ppl.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Perplexity(mean, median, Math.sqrt(var / n), Math.exp(nll / n));
    }

    /**
     * The model's untruncated next-token distribution at generation step {@code step} (1-based), sorted from the
     * most probable token down: p(· | prompt, x_1 … x_{step−1}), the distribution Mirostat truncated to its k.
     */
    public static double[] sortedProbabilities(LanguageModel model, int[] prompt, int[] generated, int step) {
        if (step < 1 || step > generated.length) {
            throw new IllegalArgumentException("step must be in 1.." + generated.length + ", got " + step);
        }
        int[] context = Arrays.copyOf(prompt, prompt.length + step - 1);
        System.arraycopy(generated, 0, context, prompt.length, step - 1);
        float[] logits;
        try (var session = model.newSession()) {
            logits = session.appendLast(context);
        }
        float[] logProbs = inferlab.prob.Softmax.logSoftmax(logits);
        double[] p = new double[logProbs.length];
        for (int i = 0; i < p.length; i++) p[i] = -Math.exp(logProbs[i]);
        Arrays.sort(p);
        for (int i = 0; i < p.length; i++) p[i] = -p[i];
        return p;
    }

    /**
     * Mirostat {@code version} with learning rate η for every model × prompt × τ (in that nesting order),
     * {@code newTokens} tokens each (no EOS), each run seeded with {@code seed}.
     */
    public static List<Run> sweep(Map<String, ? extends LanguageModel> models, List<int[]> prompts, double[] taus,
            int version, double eta, int newTokens, long seed) {
        List<Run> out = new ArrayList<>();
        Generation generation = Generation.of(newTokens);
        for (var model : models.entrySet()) {
            for (int p = 0; p < prompts.size(); p++) {
                for (double tau : taus) {
                    Mirostat m = new Mirostat(version, tau, eta, new Random(seed));
                    Generation.Result r = generation.run(model.getValue(), prompts.get(p), m);
                    out.add(new Run(model.getKey(), p, tau, perplexity(r.logProbs()), m.trace(), r.ids()));
                }
            }
        }
        return out;
    }
}
