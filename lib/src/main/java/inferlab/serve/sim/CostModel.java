package inferlab.serve.sim;

/**
 * What one iteration of a model server costs, as two straight lines:
 *
 * <pre>
 *   prefill(p) = a + b·p        (one prompt of p tokens, processed alone)
 *   step(n)    = c + d·n        (one decode step advancing n running sequences by one token each)
 * </pre>
 *
 * <p>The intercepts are the fixed cost of a forward pass (reading the weights, launching kernels, on a CPU the
 * framework's per-operation overhead); the slopes are the marginal cost of one more token. Batched decode is
 * cheap because {@code c} is paid once per step whatever {@code n}: while {@code d·n ≪ c} a step is
 * memory-bound and batching is nearly free. {@link CostModelFit} measures the four constants on a real model.
 *
 * @param prefillFixed     a, seconds
 * @param prefillPerToken  b, seconds per prompt token
 * @param stepFixed        c, seconds
 * @param stepPerSequence  d, seconds per sequence in the batch
 */
public record CostModel(double prefillFixed, double prefillPerToken, double stepFixed, double stepPerSequence) {

    public CostModel {
        for (double v : new double[] {prefillFixed, prefillPerToken, stepFixed, stepPerSequence}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("cost constants must be finite and >= 0 seconds, got " + this);
            }
        }
        if (prefillFixed + prefillPerToken == 0 || stepFixed + stepPerSequence == 0) {
            throw new IllegalArgumentException("a prefill and a decode step must cost some time, got " + this);
        }
    }

    /** Seconds to prefill a prompt of {@code tokens} tokens. */
    public double prefill(int tokens) {
        if (tokens < 1) throw new IllegalArgumentException("a prompt has at least one token, got " + tokens);
        return prefillFixed + prefillPerToken * tokens;
    }

    /** Seconds for one decode step over {@code batch} sequences. */
    public double step(int batch) {
        if (batch < 1) throw new IllegalArgumentException("a decode step advances at least one sequence, got " + batch);
        return stepFixed + stepPerSequence * batch;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "prefill(p) = %.3g + %.3g·p s, step(n) = %.3g + %.3g·n s",
                prefillFixed, prefillPerToken, stepFixed, stepPerSequence);
    }
}
