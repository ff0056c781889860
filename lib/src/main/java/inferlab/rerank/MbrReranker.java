package inferlab.rerank;

import java.util.List;

/**
 * Minimum Bayes risk decoding over a sample (Kumar and Byrne, 2004; Eikema and Aziz, 2020): the candidates
 * double as pseudo-references drawn from the model, and each candidate scores its expected utility against
 * them, the others excluded from its own average:
 * <pre>
 *   s_i = 1/(N−1) sum_{j != i} u(y_i, y_j),     ŷ = argmax_i s_i.
 * </pre>
 * It picks the consensus: the candidate most like what the model usually says. N(N−1) utility calls; with
 * N = 1 the score is 0.
 */
public record MbrReranker(String name, Utility utility) implements Reranker {

    /** u(hypothesis, reference): how good a hypothesis is if the reference were right; higher is better. */
    @FunctionalInterface
    public interface Utility {
        double utility(String hypothesis, String reference);
    }

    @Override
    public double[] scores(String prompt, List<String> candidates) {
        int n = candidates.size();
        double[] s = new double[n];
        if (n < 2) return s;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) s[i] += utility.utility(candidates.get(i), candidates.get(j)) / (n - 1);
            }
        }
        return s;
    }
}
