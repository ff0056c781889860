package inferlab.study;

import inferlab.measure.Measure;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bounded closed-loop load test: {@code concurrency} clients send the given requests back to back, and the run
 * stops after the last request or the time limit, whichever comes first. Unfinished requests count as not served.
 */
public final class LoadTest {
    private LoadTest() {}

    /** Requests served and failed, wall-clock seconds, and latency percentiles of the served ones (seconds). */
    public record Result(int served, int failed, double seconds, double p50, double p99, int completionTokens) {
        public double requestsPerSecond() {
            return served / seconds;
        }

        public double tokensPerSecond() {
            return completionTokens / seconds;
        }
    }

    public static Result run(CompletionModel model, List<CompletionRequest> requests, int concurrency, Duration limit) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (CompletionRequest r : requests) {
                futures.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    int tokens = model.complete(r).completionTokens();
                    return new double[] {(System.nanoTime() - s) / 1e9, tokens};
                }));
            }
            List<Double> latencies = new ArrayList<>();
            int failed = 0;
            int tokens = 0;
            for (Future<double[]> f : futures) {
                try {
                    double[] lt = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    latencies.add(lt[0]);
                    tokens += (int) lt[1];
                } catch (TimeoutException late) {
                    break;
                } catch (Exception e) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Result(l.length, failed, seconds, l.length == 0 ? Double.NaN : Measure.median(l), percentile(l, 0.99), tokens);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
