package inferlab.reward;

import inferlab.prob.Interval;
import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties
 * count one half). Computed by the Mann-Whitney rank sum in O(n log n):
 * {@code AUC = (R_+ - n_+(n_+ + 1)/2) / (n_+ n_-)}, with R_+ the sum of the positives' (tie-averaged) ranks.
 * NaN when one class is empty.
 */
public final class Auc {
    private Auc() {}

    public static double of(double[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1; // average rank of the tie group, 1-based
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) return Double.NaN; // undefined without both classes
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * A 95% percentile-bootstrap interval of the AUC: positives and negatives resampled separately (so every
     * resample has both classes), {@code resamples} times, from {@code rng}.
     */
    public static Interval interval(double[] scores, boolean[] positive, int resamples, RandomGenerator rng) {
        double auc = of(scores, positive);
        if (Double.isNaN(auc)) throw new IllegalArgumentException("the AUC needs both correct and wrong examples");
        double[] pos = IntStream.range(0, scores.length).filter(i -> positive[i]).mapToDouble(i -> scores[i]).toArray();
        double[] neg = IntStream.range(0, scores.length).filter(i -> !positive[i]).mapToDouble(i -> scores[i]).toArray();
        double[] aucs = new double[resamples];
        double[] s = new double[scores.length];
        boolean[] p = new boolean[scores.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < pos.length; i++) {
                s[i] = pos[rng.nextInt(pos.length)];
                p[i] = true;
            }
            for (int i = 0; i < neg.length; i++) {
                s[pos.length + i] = neg[rng.nextInt(neg.length)];
                p[pos.length + i] = false;
            }
            aucs[b] = of(s, p);
        }
        return Interval.percentile(auc, aucs);
    }
}
