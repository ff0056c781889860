package inferlab.prob;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A 95% confidence interval around an estimate, for accuracies measured on a finite sample of items.
 *
 * <p>For a proportion (k of n items right) the Wilson score interval (Wilson 1927):
 * <pre>
 *   centre = (p + z²/2n) / (1 + z²/n),   half-width = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)
 * </pre>
 * with p = k/n and z = 1.96. Unlike p ± z·sqrt(p(1 − p)/n) it stays inside [0, 1] and does not collapse to a
 * point at p = 0 or 1. For a mean of graded scores in [0, 1] (partial credit) the percentile bootstrap: resample
 * the n scores with replacement B times and take the 2.5% and 97.5% quantiles of the resampled means.
 *
 * <p>Two systems measured on the same items differ credibly when their intervals do not overlap (a
 * conservative test: a paired test is more sensitive, never less).
 */
public record Interval(double estimate, double low, double high) {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public Interval {
        if (!(low <= estimate && estimate <= high)) throw new IllegalArgumentException("need low <= estimate <= high");
    }

    /** Wilson's interval for {@code successes} of {@code n}. */
    public static Interval wilson(long successes, long n) {
        if (n <= 0 || successes < 0 || successes > n) throw new IllegalArgumentException("need 0 <= successes <= n, n > 0");
        double p = successes / (double) n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(p, Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half)));
    }

    /**
     * The interval of a mean: Wilson's when every score is 0 or 1, else the percentile bootstrap with
     * {@code 2000} resamples drawn from {@code rng}.
     */
    public static Interval ofMean(double[] scores, RandomGenerator rng) {
        if (scores.length == 0) throw new IllegalArgumentException("no scores");
        long ones = Arrays.stream(scores).filter(s -> s == 1).count();
        if (ones + Arrays.stream(scores).filter(s -> s == 0).count() == scores.length) return wilson(ones, scores.length);
        return bootstrap(scores, 2000, rng);
    }

    /** The percentile bootstrap interval of the mean of {@code scores} from {@code resamples} resamples. */
    public static Interval bootstrap(double[] scores, int resamples, RandomGenerator rng) {
        int n = scores.length;
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += scores[rng.nextInt(n)];
            means[b] = sum / n;
        }
        return percentile(Arrays.stream(scores).average().orElseThrow(), means);
    }

    /**
     * The percentile interval of a statistic: its 2.5% and 97.5% quantiles over {@code resampled} values (sorted
     * here, in place), widened to contain {@code estimate}.
     */
    public static Interval percentile(double estimate, double[] resampled) {
        Arrays.sort(resampled);
        int last = resampled.length - 1;
        return new Interval(estimate, Math.min(estimate, resampled[(int) Math.floor(0.025 * last)]),
                Math.max(estimate, resampled[(int) Math.ceil(0.975 * last)]));
    }

    /** True when the two intervals share no point: the difference is larger than sampling noise explains. */
    public boolean separatedFrom(Interval other) {
        return high < other.low || other.high < low;
    }

    /** {@code 0.537 [0.493, 0.580]}. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]", estimate, low, high);
    }
}
