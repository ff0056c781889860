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
 *
 * <p>When u is symmetric, u(a, b) = u(b, a) (BERTScore's F1, {@link BertScore}; not sentence BLEU, whose
 * brevity penalty and clipping depend on which side is the reference), each unordered pair is computed once
 * and credited to both candidates: N(N−1)/2 calls for the same scores, up to the order of the sums.
 *
 * @param symmetric promise that u is symmetric, so each pair is evaluated once
 */
public record MbrReranker(String name, Utility utility, boolean symmetric) implements Reranker {

    /** MBR with a utility that may be asymmetric: every ordered pair is evaluated. */
    public MbrReranker(String name, Utility utility) {
        this(name, utility, false);
    }

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
            for (int j = symmetric ? i + 1 : 0; j < n; j++) {
                if (j == i) continue;
                double u = utility.utility(candidates.get(i), candidates.get(j)) / (n - 1);
                s[i] += u;
                if (symmetric) s[j] += u;
            }
        }
        return s;
    }
}
