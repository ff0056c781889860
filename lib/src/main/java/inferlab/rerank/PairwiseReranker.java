package inferlab.rerank;

import java.util.List;

/**
 * Pairwise wins (Copeland's rule): a candidate scores the number of others it beats under a
 * {@link Preference}, a pair it is preferred in with probability exactly 1/2 counting half,
 * <pre>
 *   s_i = sum_{j != i} ( 1[P(y_i ≻ y_j) &gt; 1/2] + 1/2 · 1[P(y_i ≻ y_j) = 1/2] ).
 * </pre>
 * Needs all N(N−1)/2 comparisons, and the whole list: a candidate's score depends on the others.
 */
public record PairwiseReranker(String name, Preference preference) implements Reranker {

    @Override
    public double[] scores(String prompt, List<String> candidates) {
        double[][] p = preference.matrix(prompt, candidates);
        double[] wins = new double[candidates.size()];
        for (int i = 0; i < wins.length; i++) {
            for (int j = 0; j < wins.length; j++) {
                if (j != i) wins[i] += p[i][j] > 0.5 ? 1 : p[i][j] == 0.5 ? 0.5 : 0;
            }
        }
        return wins;
    }
}
