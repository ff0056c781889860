package inferlab.bench;

import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * Wall-clock timing for benchmarks: a few warm-up runs (JIT, allocator and native caches settle), then the median
 * of several timed runs, which one slow run (GC, another process) does not move.
 */
public final class Measure {
    private Measure() {}

    /** Seconds per run: the median, and every timed sample in run order. */
    public record Timing(double median, double[] samples) {
        public double min() {
            return Arrays.stream(samples).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(samples).max().orElse(Double.NaN);
        }
    }

    /** Times the whole of {@code body}. */
    public static Timing time(int warmups, int runs, Runnable body) {
        return sample(warmups, runs, () -> {
            long start = System.nanoTime();
            body.run();
            return (System.nanoTime() - start) / 1e9;
        });
    }

    /** For bodies that time only part of their work (e.g. decoding after an untimed prefill): they return it. */
    public static Timing sample(int warmups, int runs, DoubleSupplier seconds) {
        if (runs < 1) throw new IllegalArgumentException("runs must be at least 1");
        for (int i = 0; i < warmups; i++) seconds.getAsDouble();
        double[] samples = new double[runs];
        for (int i = 0; i < runs; i++) samples[i] = seconds.getAsDouble();
        return new Timing(median(samples), samples);
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
