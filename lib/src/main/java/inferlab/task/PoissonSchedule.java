package inferlab.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When requests arrive in the shared task: batches on a Poisson process.
 *
 * <p>Batch sizes are uniform on 1..maxBatch (mean b = (1 + maxBatch) / 2) and batches arrive with exponential
 * gaps of mean b / rate seconds, so requests arrive at {@code rate} per second on average. The course's load
 * had the same shape: bursts, not a steady trickle, which is what makes batching pay.
 *
 * <p>{@link #read} replays a schedule file in the schema of the course's
 * {@code final-project/example_code/request/batch_arrivals.json} (itself drawn from a Poisson process: exponential
 * gaps, Poisson batch sizes): a JSON array of batches with {@code arrival_time} (seconds) and
 * {@code batch_size}; the course's prompts in it are ignored, our items take their places in stream order.
 */
public record PoissonSchedule(List<Arrival> arrivals) {

    /** {@code size} requests that arrive together at {@code seconds} after the start. */
    public record Arrival(double seconds, int size) {}

    public static PoissonSchedule of(double ratePerSecond, int maxBatch, int requests, RandomGenerator rng) {
        if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be > 0 requests/s, got " + ratePerSecond);
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (requests < 0) throw new IllegalArgumentException("requests must be >= 0, got " + requests);
        double meanGap = (1 + maxBatch) / 2.0 / ratePerSecond;
        List<Arrival> out = new ArrayList<>();
        double t = 0;
        for (int left = requests; left > 0; ) {
            t += -meanGap * Math.log(1 - rng.nextDouble());
            int size = Math.min(left, 1 + rng.nextInt(maxBatch));
            out.add(new Arrival(t, size));
            left -= size;
        }
        return new PoissonSchedule(List.copyOf(out));
    }

    /**
     * The arrivals of a schedule file in the course's schema. Batches are sorted by time; fields other than
     * {@code arrival_time} and {@code batch_size} (batch_id, prompts, prompt_idxs, max_length) are ignored.
     *
     * @throws IllegalArgumentException naming the file and the batch when the file does not fit the schema
     */
    public static PoissonSchedule read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schedule " + file, e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("schedule " + file + " is not JSON: " + inferlab.Errors.reason(e));
        }
        if (!(root instanceof JsonArray batches) || batches.isEmpty()) {
            throw new IllegalArgumentException("schedule " + file + " must be a non-empty JSON array of batches"
                    + " {\"arrival_time\": seconds, \"batch_size\": n}");
        }
        List<Arrival> out = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            String where = "schedule " + file + ", batch " + i + ": ";
            if (!(batches.get(i) instanceof JsonObject b)) throw new IllegalArgumentException(where + "not an object");
            double t = number(b, "arrival_time", where);
            double size = number(b, "batch_size", where);
            if (!(t >= 0) || Double.isInfinite(t)) throw new IllegalArgumentException(where + "arrival_time must be a finite number >= 0, got " + t);
            if (size < 1 || size != Math.rint(size) || size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(where + "batch_size must be a whole number >= 1, got " + b.get("batch_size"));
            }
            out.add(new Arrival(t, (int) size));
        }
        out.sort(Comparator.comparingDouble(Arrival::seconds));
        return new PoissonSchedule(List.copyOf(out));
    }

    private static double number(JsonObject b, String key, String where) {
        JsonElement e = b.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + key + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    /** Requests per second over the schedule's span (all requests when they all arrive at once: infinite). */
    public double rate() {
        return requests() / span();
    }

    /** The largest batch. */
    public int maxBatch() {
        return arrivals.stream().mapToInt(Arrival::size).max().orElse(0);
    }

    public int requests() {
        return arrivals.stream().mapToInt(Arrival::size).sum();
    }

    /** Time of the last arrival, in seconds. */
    public double span() {
        return arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1).seconds();
    }
}
