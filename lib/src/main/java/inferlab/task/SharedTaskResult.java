package inferlab.task;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import inferlab.prob.Interval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One run of a system on the shared task: how it was loaded, every request's outcome, and the summary the
 * leaderboard reads. Stored as JSON ({@link #write}, {@link #read}).
 *
 * <p>A request that was not answered within the window (or failed) is not served and scores 0, so accuracy
 * is over all requests of the run; {@code servedAccuracy} is the same mean over served requests only.
 * Throughput is served requests per second of the run, {@code served / min(window, last answer time)}.
 * Latency runs from the request's scheduled arrival (queueing included) to its answer.
 */
public record SharedTaskResult(String system, String split, boolean courseRule, Load load, Summary summary,
                               List<Request> requests) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /**
     * The load a run was driven with.
     *
     * @param rate          mean arrival rate, requests per second
     * @param maxBatch      arrivals come in batches of 1..maxBatch requests
     * @param concurrency   requests in flight at most
     * @param windowSeconds the time window; answers after it do not count
     * @param maxTokens     max_tokens sent with each request
     * @param seed          seeds the stream order, the schedule and each request's sampling seed
     */
    public record Load(double rate, int maxBatch, int concurrency, double windowSeconds, int maxTokens, long seed) {
        public Load {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate must be a finite number > 0 requests/s, got " + rate);
            }
            if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
            if (concurrency < 1 || concurrency > Harness.MAX_CONCURRENCY) {
                throw new IllegalArgumentException("concurrency must be in 1.." + Harness.MAX_CONCURRENCY + ", got " + concurrency);
            }
            if (!(windowSeconds > 0) || Double.isInfinite(windowSeconds)) {
                throw new IllegalArgumentException("--minutes must be a finite number > 0, got " + windowSeconds / 60);
            }
            if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be >= 1, got " + maxTokens);
        }
    }

    /**
     * One request's outcome.
     *
     * @param arrival seconds after the start when the request was due
     * @param latency seconds from arrival to answer; NaN when not served
     * @param error   why it was not served, null when it was
     */
    public record Request(String id, String task, double arrival, boolean served, String answer, double score,
                          double latency, int promptTokens, int completionTokens, String error) {}

    /** The numbers a leaderboard row shows. */
    public record Summary(int requests, int served, int errors, double seconds, double throughput, double accuracy,
                          double servedAccuracy, Map<String, Double> accuracyPerTask, double p50Latency,
                          double p99Latency, long promptTokens, long completionTokens) {}

    /** The summary of a run's request outcomes; {@code seconds} is how long the run took (at most the window). */
    public static Summary summarize(List<Request> requests, double seconds) {
        List<Request> served = requests.stream().filter(Request::served).toList();
        Map<String, Double> perTask = SharedTask.perTask(requests.stream().map(Request::task).toList(),
                requests.stream().map(r -> r.served() ? r.score() : 0.0).toList());
        Map<String, Double> perTaskServed = SharedTask.perTask(served.stream().map(Request::task).toList(),
                served.stream().map(Request::score).toList());
        double[] lat = served.stream().mapToDouble(Request::latency).sorted().toArray();
        int errors = (int) requests.stream().filter(r -> !r.served() && !Harness.LATE.equals(r.error())
                && !Harness.NOT_SENT.equals(r.error())).count();
        return new Summary(requests.size(), served.size(), errors, seconds,
                seconds > 0 ? served.size() / seconds : 0, SharedTask.accuracy(perTask),
                SharedTask.accuracy(perTaskServed), perTask, quantile(lat, 0.5), quantile(lat, 0.99),
                served.stream().mapToLong(Request::promptTokens).sum(),
                served.stream().mapToLong(Request::completionTokens).sum());
    }

    /** Each task's request scores in request order, an unserved request scoring 0; tasks in order of first request. */
    public Map<String, double[]> scoresByTask() {
        Map<String, List<Double>> byTask = new LinkedHashMap<>();
        for (Request r : requests) byTask.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(r.served() ? r.score() : 0.0);
        Map<String, double[]> out = new LinkedHashMap<>();
        byTask.forEach((task, scores) -> out.put(task, scores.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /**
     * A 95% interval of the accuracy: the percentile bootstrap, stratified by task (each task's scores resampled
     * within the task, with unserved requests scoring 0), since the accuracy is the mean of the per-task means.
     * Seeded, so the same run gives the same interval.
     */
    public Interval accuracyInterval() {
        Map<String, double[]> byTask = scoresByTask();
        if (byTask.isEmpty()) throw new IllegalArgumentException("a run without requests has no accuracy");
        List<double[]> tasks = List.copyOf(byTask.values());
        SplittableRandom rng = new SplittableRandom(0);
        int resamples = 2000;
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (double[] t : tasks) {
                double s = 0;
                for (int i = 0; i < t.length; i++) s += t[rng.nextInt(t.length)];
                sum += s / t.length;
            }
            means[b] = sum / tasks.size();
        }
        return Interval.percentile(
                tasks.stream().mapToDouble(t -> Arrays.stream(t).average().orElseThrow()).average().orElseThrow(), means);
    }

    /**
     * A 95% interval of the throughput by batch means: the run's {@code seconds} are cut into {@value #SLICES} equal
     * slices, the answers completed in each give a rate per slice, and Student's t with 9 degrees of freedom
     * bounds their mean, {@code r̄ ± t·s/√k}. Under a saturating load the server is busy throughout, the slices
     * are alike, and the interval is tight; under a light load the rate follows the arrivals and the interval
     * says how uneven they were.
     */
    public Interval throughputInterval() {
        double seconds = summary.seconds();
        if (!(seconds > 0)) return new Interval(0, 0, 0);
        double width = seconds / SLICES;
        double[] rates = new double[SLICES];
        for (Request r : requests) {
            if (!r.served()) continue;
            int slice = (int) Math.min(SLICES - 1, Math.max(0, (r.arrival() + r.latency()) / width));
            rates[slice] += 1 / width;
        }
        double mean = Arrays.stream(rates).average().orElseThrow();
        double var = Arrays.stream(rates).map(x -> (x - mean) * (x - mean)).sum() / (SLICES - 1);
        double half = T975_9 * Math.sqrt(var / SLICES);
        return new Interval(mean, Math.max(0, mean - half), mean + half);
    }

    private static final int SLICES = 10;
    /** Student's t quantile 0.975 with 9 degrees of freedom. */
    private static final double T975_9 = 2.2621571628;

    /** The q-quantile of sorted values, nearest rank ({@code ⌈q n⌉}-th smallest); NaN when empty. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * Writes the result as JSON, creating parent directories: into a new file beside {@code file}, renamed over it,
     * so a run cut off while writing leaves an earlier result whole.
     */
    public Path write(Path file) {
        try {
            AtomicFile.write(file, GSON.toJson(this) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static SharedTaskResult read(Path file) {
        try {
            return GSON.fromJson(Files.readString(file), SharedTaskResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a shared-task result: " + file + " (" + e.getMessage() + ")");
        }
    }

    /** Every result file in {@code dir} (*.json), by file name. */
    public static List<SharedTaskResult> readAll(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(SharedTaskResult::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** A file name for a system and split: unsafe characters replaced. */
    public static String fileName(String system, String split) {
        return (system + "-" + split).replaceAll("[^A-Za-z0-9._-]+", "_") + ".json";
    }
}
