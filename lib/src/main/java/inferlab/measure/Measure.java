package inferlab.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntToDoubleFunction;

/**
 * Timing for benchmarks on a shared machine. A figure another process can slow down by 30% for a few hundred
 * milliseconds is only trustworthy when (1) each measurement runs for seconds, not a fraction of one, (2) warm-up
 * runs come first (JIT, allocator and native caches settle), (3) the contenders take turns, in alternating order
 * (A B, B A, A B, ...), so a slow minute hits both, and (4) the median of the repeats is reported with its spread.
 * A ratio is taken per round, between measurements made side by side, and its median reported.
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

    /** Work done by one run of a workload: units (tokens, requests) and the seconds they took. */
    public record Work(double units, double seconds) {}

    /** A benchmark body: one run, returning what it did and the seconds of the part that counts. */
    @FunctionalInterface
    public interface Workload {
        Work run();
    }

    /** A named workload. */
    public record Contender(String name, Workload workload) {}

    /** A rate (units per second) over the repeats: median and the range of the samples, in round order. */
    public record Figure(String name, double median, double min, double max, double[] samples) {
        static Figure of(String name, double[] samples) {
            return new Figure(name, Measure.median(samples), Arrays.stream(samples).min().orElse(Double.NaN),
                    Arrays.stream(samples).max().orElse(Double.NaN), samples);
        }

        /** {@code median [min-max]} with {@code decimals} digits. */
        public String format(int decimals) {
            String f = "%." + decimals + "f";
            return String.format(f + " [" + f + "-" + f + "]", median, min, max);
        }

        /** Every sample times {@code k}. */
        public Figure times(double k) {
            return of(name, Arrays.stream(samples).map(x -> x * k).toArray());
        }

        /** This rate over {@code other}'s, per round (the two were measured side by side), as a figure. */
        public Figure over(Figure other) {
            if (samples.length != other.samples.length) throw new IllegalArgumentException("different repeat counts");
            double[] r = new double[samples.length];
            for (int i = 0; i < r.length; i++) r[i] = samples[i] / other.samples[i];
            return of(name + " / " + other.name, r);
        }
    }

    /**
     * Rates of the contenders: each is warmed up for about {@code seconds / 2}, then each round runs every
     * contender for at least {@code seconds} (repeating its workload and pooling the work) in alternating order.
     */
    public static List<Figure> rates(List<Contender> contenders, double seconds, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1");
        if (!(seconds > 0)) throw new IllegalArgumentException("seconds must be positive");
        for (Contender c : contenders) rate(c.workload(), seconds / 2);
        double[][] samples = inTurns(contenders.size(), repeats, i -> rate(contenders.get(i).workload(), seconds));
        List<Figure> out = new ArrayList<>();
        for (int i = 0; i < contenders.size(); i++) out.add(Figure.of(contenders.get(i).name(), samples[i]));
        return out;
    }

    /**
     * {@code samples[i][r]}: what {@code measure} gives for item i in round r. Each round visits every item once,
     * in alternating order (forward, then backward), so a change of load on the machine falls on all items alike.
     */
    public static double[][] inTurns(int items, int rounds, IntToDoubleFunction measure) {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1");
        double[][] samples = new double[items][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < items; k++) {
                int i = r % 2 == 0 ? k : items - 1 - k;
                samples[i][r] = measure.applyAsDouble(i);
            }
        }
        return samples;
    }

    /** Units per second of {@code w}, run until its timed parts add up to {@code seconds}. */
    static double rate(Workload w, double seconds) {
        double units = 0;
        double spent = 0;
        do {
            Work done = w.run();
            if (!(done.seconds() > 0)) throw new IllegalStateException("a workload run took no time: nothing to measure");
            units += done.units();
            spent += done.seconds();
        } while (spent < seconds);
        return units / spent;
    }
}
