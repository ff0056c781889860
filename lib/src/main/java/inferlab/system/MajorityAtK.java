package inferlab.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * maj@k, the accuracy of a majority vote over k samples (Lewkowycz et al., 2022), estimated from n >= k samples
 * of one item: the vote's expected grade over all {@code C(n, k)} ways of choosing k of them, the k-sample
 * analogue of {@link PassAtK}. Ties between the most frequent answers are split evenly, samples without an answer
 * do not vote, and the winner earns the share of its samples graded right.
 *
 * <p>Exactly, with {@code c_a} samples answering a and r_a of them right:
 * {@code maj@k = sum_a (r_a / c_a) sum_{j>=1} C(c_a, j) W_a(j) / C(n, k)}, where {@code W_a(j)} counts the
 * ways to draw the other k − j samples so that no other answer gets more than j votes, each way weighted
 * {@code 1 / (1 + t)} when t other answers tie at j. W is a small dynamic program over the other answers,
 * so the cost is polynomial in n, not the {@code C(n, k)} of enumerating subsets.
 */
public final class MajorityAtK {
    private MajorityAtK() {}

    /**
     * @param answers each sample's parsed answer, "" when it has none
     * @param correct whether each sample is graded right
     */
    public static double estimate(List<String> answers, List<Boolean> correct, int k) {
        int n = answers.size();
        if (correct.size() != n) throw new IllegalArgumentException("need one grade per answer");
        if (k < 1 || k > n) throw new IllegalArgumentException("need 1 <= k <= n, got n=" + n + " k=" + k);
        Map<String, int[]> byAnswer = new LinkedHashMap<>(); // answer -> {samples, right}
        int silent = 0;
        for (int i = 0; i < n; i++) {
            if (answers.get(i).isEmpty()) {
                silent++;
                continue;
            }
            int[] cr = byAnswer.computeIfAbsent(answers.get(i), a -> new int[2]);
            cr[0]++;
            if (correct.get(i)) cr[1]++;
        }
        List<int[]> groups = new ArrayList<>(byAnswer.values());
        double total = 0;
        for (int a = 0; a < groups.size(); a++) {
            int[] g = groups.get(a);
            if (g[1] == 0) continue;
            double wins = 0;
            for (int j = 1; j <= Math.min(g[0], k); j++) wins += binomial(g[0], j) * othersAtMost(groups, a, silent, j, k - j);
            total += wins * g[1] / g[0];
        }
        return total / binomial(n, k);
    }

    /**
     * Ways to draw {@code rest} samples from everything but group {@code a} with no other answer above {@code j}
     * votes, each weighted 1 / (1 + answers tied at j).
     */
    private static double othersAtMost(List<int[]> groups, int a, int silent, int j, int rest) {
        int others = groups.size() - 1;
        double[][] ways = new double[rest + 1][others + 1]; // [samples drawn][answers tied at j]
        ways[0][0] = 1;
        for (int b = 0; b < groups.size(); b++) {
            if (b == a) continue;
            int c = groups.get(b)[0];
            double[][] next = new double[rest + 1][others + 1];
            for (int s = 0; s <= rest; s++) {
                for (int t = 0; t < others; t++) { // before the last answer at most others − 1 tie
                    if (ways[s][t] == 0) continue;
                    for (int x = 0; x <= Math.min(c, Math.min(j, rest - s)); x++) {
                        next[s + x][x == j ? t + 1 : t] += ways[s][t] * binomial(c, x);
                    }
                }
            }
            ways = next;
        }
        double sum = 0;
        for (int t = 0; t <= others; t++) sum += weighted(ways, silent, rest, t);
        return sum;
    }

    /** The draws with t answers tied at j, the silent samples filling the rest, weighted 1 / (1 + t). */
    private static double weighted(double[][] ways, int silent, int rest, int t) {
        double sum = 0;
        for (int x = 0; x <= Math.min(silent, rest); x++) sum += ways[rest - x][t] * binomial(silent, x);
        return sum / (1 + t);
    }

    /** C(n, r) as a double: exact while the running products stay below 2^53, else to double precision. */
    private static double binomial(int n, int r) {
        if (r < 0 || r > n) return 0;
        double c = 1;
        for (int i = 1; i <= Math.min(r, n - r); i++) c = c * (n - Math.min(r, n - r) + i) / i;
        return c;
    }
}
