package inferlab.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Processors applied in sequence, each to the previous one's output (Hugging Face's
 * {@code LogitsProcessorList}).
 *
 * <p>{@link #sampling} builds the chain in the order of Hugging Face's {@code _get_logits_processor}: first the
 * processors that rewrite logits from the history (repetition penalty, then no-repeat n-gram), then the
 * sampling warpers: temperature, top-k, top-p, min-p, typical, epsilon, eta. The order matters: temperature
 * before top-p changes which tokens form the nucleus; a penalty before top-k can push a token out of it.
 */
public final class LogitsProcessorList implements LogitsProcessor {
    private final List<LogitsProcessor> processors;

    public LogitsProcessorList(List<? extends LogitsProcessor> processors) {
        this.processors = List.copyOf(processors);
    }

    /** The chain for {@code params}; disabled settings add no processor. */
    public static LogitsProcessorList sampling(SamplingParams params) {
        List<LogitsProcessor> chain = new ArrayList<>();
        if (params.repetitionPenalty() != 1) chain.add(new RepetitionPenaltyProcessor(params.repetitionPenalty()));
        if (params.noRepeatNgramSize() > 0) chain.add(new NoRepeatNGramProcessor(params.noRepeatNgramSize()));
        if (params.temperature() != 1 && params.temperature() > 0) {
            chain.add(new TemperatureProcessor(params.temperature()));
        }
        if (params.topK() > 0) chain.add(new TopKProcessor(params.topK()));
        if (params.topP() < 1) chain.add(new TopPProcessor(params.topP()));
        if (params.minP() > 0) chain.add(new MinPProcessor(params.minP()));
        if (params.typicalP() < 1) chain.add(new TypicalProcessor(params.typicalP()));
        if (params.epsilon() > 0) chain.add(new EpsilonProcessor(params.epsilon()));
        if (params.eta() > 0) chain.add(new EtaProcessor(params.eta()));
        return new LogitsProcessorList(chain);
    }

    public List<LogitsProcessor> processors() {
        return processors;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] out = logits;
        for (LogitsProcessor p : processors) out = p.apply(history, out);
        return out;
    }
}
