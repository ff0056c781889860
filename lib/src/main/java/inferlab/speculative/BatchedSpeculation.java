package inferlab.speculative;

import inferlab.hardware.ModelShape;
import inferlab.hardware.Roofline;

/**
 * Speculative decoding for a batch of B sequences: what the batch does to the tokens a round yields, and to
 * what a round costs.
 *
 * <p>Tokens. In one round sequence i keeps A_i of its gamma drafts and emits E_i = A_i + 1 tokens; with
 * independent acceptance at rate alpha, P(E_i >= j) = alpha^(j-1) for j = 1..gamma+1, so
 * E[E_i] = Omega(gamma, alpha) = (1 - alpha^(gamma+1)) / (1 - alpha). The E_i differ across the batch. An
 * engine whose tensors must stay rectangular (every sequence at the same length) can advance all of them only
 * by min_i E_i, and P(min_i E_i >= j) = alpha^(B(j-1)): the batch behaves like one sequence with acceptance
 * alpha^B, E[min_i E_i] = Omega(gamma, alpha^B). An engine that keeps each sequence's own length (ragged
 * batches: per-sequence positions, attention over per-sequence cache lengths, rollback per sequence) keeps
 * Omega(gamma, alpha) per sequence.
 *
 * <p>Cost. A round is gamma draft steps of the batch and one verification pass appending gamma + 1 positions
 * per sequence ({@link Roofline#verifyStep}); plain decoding spends one target decode step per token. While the
 * batch is small the target's pass is memory-bound and verifying gamma + 1 positions costs about as much as
 * one; as B (gamma + 1) approaches the ridge the verification costs gamma + 1 decode steps' FLOPs and the gain
 * vanishes.
 */
public final class BatchedSpeculation {
    private BatchedSpeculation() {}

    /** Omega(gamma, alpha): expected tokens per sequence per round when each sequence keeps its own prefix. */
    public static double raggedTokensPerRound(double alpha, int gamma) {
        return AcceptanceStats.expectedTokensPerStep(alpha, gamma);
    }

    /** Omega(gamma, alpha^B): expected tokens per sequence per round when the batch advances by its shortest. */
    public static double alignedTokensPerRound(double alpha, int gamma, int batch) {
        return AcceptanceStats.expectedTokensPerStep(Math.pow(alpha, batch), gamma);
    }

    /**
     * The roofline's predicted speedup of batched speculation over plain batched decoding of the target, at
     * {@code context} tokens cached per sequence: tokensPerRound * T_decode(B) / (gamma T_draft(B) + T_verify(B)).
     */
    public static double predictedSpeedup(Roofline roof, ModelShape target, ModelShape draft, int batch, long context,
                                          int gamma, double tokensPerRound) {
        double plain = roof.decodeStep(target, batch, context).seconds();
        double round = gamma * roof.decodeStep(draft, batch, context).seconds()
                + roof.verifyStep(target, batch, context, gamma + 1).seconds();
        return tokensPerRound * plain / round;
    }
}
