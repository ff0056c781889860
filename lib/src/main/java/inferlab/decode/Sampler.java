package inferlab.decode;

import java.util.random.RandomGenerator;

/**
 * Ancestral sampling through a processor chain: x_t ~ softmax(f(z)) where f is the
 * {@link LogitsProcessorList} (e.g. {@link LogitsProcessorList#sampling}). The draw inverts the cumulative
 * distribution with one uniform number from the caller's seeded generator, so a seed fixes the sequence.
 * Temperature 0 is greedy decoding after the history-dependent processors (Hugging Face's
 * {@code do_sample=False}).
 */
public final class Sampler implements Decoder {
    private final LogitsProcessor processors;
    private final RandomGenerator rng;
    private final boolean greedy;

    public Sampler(SamplingParams params, RandomGenerator rng) {
        this(params.temperature() == 0
                ? LogitsProcessorList.sampling(SamplingParams.DEFAULT.withTopK(0)
                        .withRepetitionPenalty(params.repetitionPenalty())
                        .withNoRepeatNgramSize(params.noRepeatNgramSize()))
                : LogitsProcessorList.sampling(params), rng, params.temperature() == 0);
    }

    public Sampler(LogitsProcessor processors, RandomGenerator rng) {
        this(processors, rng, false);
    }

    private Sampler(LogitsProcessor processors, RandomGenerator rng, boolean greedy) {
        this.processors = processors;
        this.rng = rng;
        this.greedy = greedy;
    }

    @Override
    public int next(int[] history, float[] logits) {
        float[] z = processors.apply(history, logits);
        return greedy ? Ranking.argmax(z) : sample(Ranking.softmax(z), rng);
    }

    /** The smallest i with p_0 + ... + p_i &gt; u, u ~ U[0, 1) scaled by the total mass. */
    public static int sample(float[] p, RandomGenerator rng) {
        double total = 0;
        for (float v : p) total += v;
        double u = rng.nextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] <= 0) continue;
            cumulative += p[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // u landed on the rounding gap at the top
    }
}
