package inferlab.speculative;

/**
 * Tokens a drafter proposes, each with the distribution q it was drawn from.
 *
 * @param tokens        the proposed continuation x_1..x_k (k may be below the lookahead, even 0)
 * @param probabilities row i is q(. | context, x_1..x_{i-1}); null when the proposal is deterministic
 *                      (q is then a point mass on x_i, as for prompt lookup or a greedy draft)
 */
public record Draft(int[] tokens, float[][] probabilities) {

    public int size() {
        return tokens.length;
    }

    /** q_i(token): the draft probability of {@code token} at position i. */
    public double q(int i, int token) {
        if (probabilities == null) return token == tokens[i] ? 1.0 : 0.0;
        return probabilities[i][token];
    }
}
