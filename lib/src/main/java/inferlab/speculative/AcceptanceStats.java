package inferlab.speculative;

/**
 * Counts of one speculative run and the theory they are compared with (Leviathan et al. 2023, section 3).
 *
 * <p>If each draft token is accepted independently with probability alpha, a round with lookahead gamma yields
 * E[tokens] = (1 - alpha^(gamma+1)) / (1 - alpha) tokens per target forward pass (the accepted prefix plus one
 * token from the target). If a draft step costs c plain decoding steps of the target and the target's
 * verification of gamma drafts costs v of them, the expected wall-clock speedup over plain decoding
 * is (1 - alpha^(gamma+1)) / ((1 - alpha)(gamma c + v)). The paper takes v = 1: on hardware with idle parallel
 * units (a GPU at batch 1) scoring gamma + 1 positions costs what scoring one does. Where a step is compute-bound
 * (a CPU; a GPU serving a large batch) v grows with gamma, and the measured v says how far. Every cost is of the
 * whole step: a plain step is a forward pass and the choice of its token (the argmax, or a softmax and a draw when
 * sampling), a draft step the same on the draft, and verification the target's pass over the drafts with the
 * acceptance test on its rows (when sampling, a softmax for each row examined).
 *
 * @param gamma          the lookahead
 * @param targetSteps    target forward passes (verification rounds)
 * @param accepted       draft tokens accepted
 * @param rejected       draft tokens rejected (at most one per round: later drafts are never examined)
 * @param drafted        draft tokens proposed, examined or not
 * @param produced       tokens emitted
 * @param targetNanos    time spent verifying: the target's forward passes and the acceptance tests on their rows
 * @param decodeNanos    wall-clock of the decode phase: every round, after the target and the drafter have read the
 *                       prompt. The formulas above price this phase only; reading the prompt (prefill) is the same
 *                       work for plain decoding, plus the draft's own.
 */
public record AcceptanceStats(int gamma, long targetSteps, long accepted, long rejected, long drafted, long produced,
                              long targetNanos, long decodeNanos) {

    /**
     * Acceptance rate alpha = accepted / examined: the maximum-likelihood estimate under independent acceptance
     * (drafts after a rejection are not examined and do not count).
     */
    public double alpha() {
        long examined = accepted + rejected;
        return examined == 0 ? 0 : (double) accepted / examined;
    }

    /**
     * accepted / drafted: the share of proposed tokens kept, what the course's scaffold reports as its acceptance
     * rate. Drafts after a rejection count as not kept, so it falls with gamma even when alpha does not.
     */
    public double keptFraction() {
        return drafted == 0 ? 0 : (double) accepted / drafted;
    }

    /** Measured tokens per target forward pass. */
    public double tokensPerStep() {
        return (double) produced / targetSteps;
    }

    /** (1 - alpha^(gamma+1)) / (1 - alpha), the expected tokens per target step; gamma + 1 at alpha = 1. */
    public static double expectedTokensPerStep(double alpha, int gamma) {
        if (alpha >= 1) return gamma + 1;
        return (1 - Math.pow(alpha, gamma + 1)) / (1 - alpha);
    }

    /** (1 - alpha^(gamma+1)) / ((1 - alpha)(gamma c + 1)): the paper's expected speedup at cost ratio c. */
    public static double expectedSpeedup(double alpha, int gamma, double c) {
        return expectedSpeedup(alpha, gamma, c, 1);
    }

    /** (1 - alpha^(gamma+1)) / ((1 - alpha)(gamma c + v)): the expected speedup when verification costs v steps. */
    public static double expectedSpeedup(double alpha, int gamma, double c, double v) {
        return expectedTokensPerStep(alpha, gamma) / (gamma * c + v);
    }

    /** Mean time of one verification (the target's pass over up to gamma + 1 positions and the acceptance test), in nanoseconds. */
    public double verifyNanos() {
        return targetSteps == 0 ? 0 : (double) targetNanos / targetSteps;
    }

    /** v: a verification pass over one plain decoding step of the target, {@code stepNanos} (timed apart). */
    public double verifyCost(double stepNanos) {
        return verifyNanos() / stepNanos;
    }

    /** The counts of two runs with the same lookahead together. */
    public AcceptanceStats plus(AcceptanceStats o) {
        if (o.gamma != gamma) throw new IllegalArgumentException("lookahead " + o.gamma + " differs from " + gamma);
        return new AcceptanceStats(gamma, targetSteps + o.targetSteps, accepted + o.accepted, rejected + o.rejected,
                drafted + o.drafted, produced + o.produced, targetNanos + o.targetNanos, decodeNanos + o.decodeNanos);
    }

    public double predictedTokensPerStep() {
        return expectedTokensPerStep(alpha(), gamma);
    }

    /** The paper's prediction from the measured alpha at cost ratio c, verification priced as one step (v = 1). */
    public double predictedSpeedup(double c) {
        return expectedSpeedup(alpha(), gamma, c);
    }

    /** The prediction from the measured alpha at cost ratio c when verification costs v steps. */
    public double predictedSpeedup(double c, double v) {
        return expectedSpeedup(alpha(), gamma, c, v);
    }
}
