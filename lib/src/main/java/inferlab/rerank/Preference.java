package inferlab.rerank;

import java.util.List;

/**
 * A pairwise preference over the candidates of one prompt: the matrix P with P[i][j] = P(y_i ≻ y_j), the
 * probability that y_i is better than y_j, and P[i][j] + P[j][i] = 1.
 */
@FunctionalInterface
public interface Preference {

    double[][] matrix(String prompt, List<String> candidates);

    /**
     * Bradley–Terry (1952) preference from a scalar score taken as the log-strength:
     * P(y_i ≻ y_j) = σ(s_i − s_j) = 1 / (1 + exp(−(s_i − s_j))). Transitive, so wins under it rank the
     * candidates exactly as s does.
     */
    static Preference bradleyTerry(Reranker r) {
        return (prompt, candidates) -> {
            double[] s = r.scores(prompt, candidates);
            double[][] p = new double[s.length][s.length];
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s.length; j++) p[i][j] = 1 / (1 + Math.exp(-(s[i] - s[j])));
            }
            return p;
        };
    }

    /**
     * A panel of judges voting on each pair: P(y_i ≻ y_j) is the fraction of judges whose score of y_i is
     * higher than their score of y_j, a tie counting half a vote. A majority of transitive judges need not be
     * transitive (Condorcet's paradox), so wins under a panel are a rank aggregation, not any one judge.
     */
    static Preference panel(List<Reranker> judges) {
        if (judges.isEmpty()) throw new IllegalArgumentException("a panel needs at least one judge");
        return (prompt, candidates) -> {
            int n = candidates.size();
            double[][] p = new double[n][n];
            for (Reranker judge : judges) {
                double[] s = judge.scores(prompt, candidates);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        p[i][j] += (s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0) / judges.size();
                    }
                }
            }
            return p;
        };
    }
}
