package inferlab.system;

/**
 * pass@k, the probability that at least one of k samples is correct: the oracle ceiling of any
 * rerank-or-vote system over k samples. Unbiased estimator from n >= k samples of which c are correct
 * (Chen et al., 2021): {@code pass@k = 1 - C(n-c, k) / C(n, k)}, computed as a stable product
 * {@code prod_{i=n-c+1}^{n} (1 - k/i)}.
 */
public final class PassAtK {
    private PassAtK() {}

    public static double estimate(int n, int c, int k) {
        if (k < 1 || k > n || c < 0 || c > n) {
            throw new IllegalArgumentException("need 1 <= k <= n and 0 <= c <= n, got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) return 1.0;
        double miss = 1.0;
        for (int i = n - c + 1; i <= n; i++) miss *= 1.0 - (double) k / i;
        return 1.0 - miss;
    }
}
