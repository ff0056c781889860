package inferlab.task;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When requests arrive in the shared task: batches on a Poisson process.
 *
 * <p>Batch sizes are uniform on 1..maxBatch (mean b = (1 + maxBatch) / 2) and batches arrive with exponential
 * gaps of mean b / rate seconds, so requests arrive at {@code rate} per second on average. The course's load
 * had the same shape: bursts, not a steady trickle, which is what makes batching pay.
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

    public int requests() {
        return arrivals.stream().mapToInt(Arrival::size).sum();
    }

    /** Time of the last arrival, in seconds. */
    public double span() {
        return arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1).seconds();
    }
}
