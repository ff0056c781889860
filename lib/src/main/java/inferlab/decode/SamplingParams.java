package inferlab.decode;

/**
 * Sampling settings under Hugging Face's names and defaults ({@code GenerationConfig}): temperature 1,
 * top-k 50 (0 disables it), top-p 1, min-p 0, typical-p 1, epsilon 0, eta 0, repetition penalty 1,
 * no-repeat n-gram size 0. A value at its default adds no processor. A temperature below {@link #GREEDY_BELOW}
 * means greedy decoding ({@link #greedy}).
 *
 * <p>Out-of-range values throw {@link IllegalArgumentException} here, before any model runs.
 */
public record SamplingParams(double temperature, int topK, double topP, double minP, double typicalP,
        double epsilon, double eta, double repetitionPenalty, int noRepeatNgramSize) {

    public static final SamplingParams DEFAULT = new SamplingParams(1, 50, 1, 0, 1, 0, 0, 1, 0);

    /**
     * Temperatures below this decode greedily, as in vLLM (its {@code _SAMPLING_EPS}): dividing logits by a tiny
     * temperature overflows them to infinities, whose softmax is NaN, and below it sampling is greedy in all but ties.
     */
    public static final double GREEDY_BELOW = 1e-5;

    /** Whether {@code temperature} means greedy decoding: below {@link #GREEDY_BELOW}, 0 included. */
    public static boolean greedy(double temperature) {
        return temperature < GREEDY_BELOW;
    }

    public SamplingParams {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top-k must be >= 1 (or 0 to disable), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (!(minP >= 0 && minP <= 1)) throw new IllegalArgumentException("min-p must be in [0, 1], got " + minP);
        if (!(typicalP > 0 && typicalP <= 1)) {
            throw new IllegalArgumentException("typical-p must be in (0, 1) (or 1 to disable), got " + typicalP);
        }
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1) (or 0 to disable), got " + epsilon);
        }
        if (!(eta >= 0 && eta < 1)) throw new IllegalArgumentException("eta must be in (0, 1) (or 0 to disable), got " + eta);
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetition penalty must be > 0, got " + repetitionPenalty);
        }
        if (noRepeatNgramSize < 0) throw new IllegalArgumentException("no-repeat n-gram size must be >= 0");
    }

    /** Pure sampling from the model's distribution at {@code temperature}: no truncation. */
    public static SamplingParams ancestral(double temperature) {
        return DEFAULT.withTemperature(temperature).withTopK(0);
    }

    public SamplingParams withTemperature(double t) {
        return new SamplingParams(t, topK, topP, minP, typicalP, epsilon, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withTopK(int k) {
        return new SamplingParams(temperature, k, topP, minP, typicalP, epsilon, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withTopP(double p) {
        return new SamplingParams(temperature, topK, p, minP, typicalP, epsilon, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withMinP(double p) {
        return new SamplingParams(temperature, topK, topP, p, typicalP, epsilon, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withTypicalP(double p) {
        return new SamplingParams(temperature, topK, topP, minP, p, epsilon, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withEpsilon(double e) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, e, eta, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withEta(double e) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, epsilon, e, repetitionPenalty, noRepeatNgramSize);
    }

    public SamplingParams withRepetitionPenalty(double r) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, epsilon, eta, r, noRepeatNgramSize);
    }

    public SamplingParams withNoRepeatNgramSize(int n) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, epsilon, eta, repetitionPenalty, n);
    }
}
