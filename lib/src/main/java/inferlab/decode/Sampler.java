package inferlab.decode;

import inferlab.prob.Categorical;
import inferlab.prob.TopK;
import java.util.random.RandomGenerator;

/**
 * Ancestral sampling through a processor chain: x_t ~ softmax(f(z)) where f is the
 * {@link LogitsProcessorList} (e.g. {@link LogitsProcessorList#sampling}). The draw inverts the cumulative
 * distribution with one uniform number from the caller's seeded generator, so a seed fixes the sequence.
 * A temperature below {@link SamplingParams#GREEDY_BELOW} (0 included) is greedy decoding after the
 * history-dependent processors (Hugging Face's {@code do_sample=False}).
 */
public final class Sampler implements Decoder {
    private final LogitsProcessor processors;
    private final RandomGenerator rng;
    private final boolean greedy;

    public Sampler(SamplingParams params, RandomGenerator rng) {
        this(SamplingParams.greedy(params.temperature())
                ? LogitsProcessorList.sampling(SamplingParams.DEFAULT.withTopK(0)
                        .withRepetitionPenalty(params.repetitionPenalty())
                        .withNoRepeatNgramSize(params.noRepeatNgramSize()))
                : LogitsProcessorList.sampling(params), rng, SamplingParams.greedy(params.temperature()));
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
        return greedy ? TopK.argmax(z) : Categorical.sample(Ranking.softmax(z), rng);
    }
}
