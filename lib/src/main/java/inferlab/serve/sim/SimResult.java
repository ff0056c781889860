package inferlab.serve.sim;

import inferlab.task.SharedTaskResult;
import java.util.List;

/**
 * What a simulated run produced: every request's timeline and the queue lengths after every event.
 *
 * <p>Throughput is {@code n / T} with {@code T} the time of the last answer. Little's law, {@code L = λ W}, ties
 * the three together: the time-average number of requests in the system, computed from the trace, equals the
 * throughput times the mean latency; likewise for the waiting room alone, {@code L_q = λ W_q}.
 */
public record SimResult(List<Timeline> requests, List<Sample> trace) {

    /**
     * One request's life.
     *
     * @param started    when it left the first queue (its prefill began)
     * @param firstToken when its first output token was ready
     * @param finished   when its last output token was ready
     */
    public record Timeline(SimRequest request, double started, double firstToken, double finished) {
        public double latency() {
            return finished - request.arrival();
        }

        /** Time to first token, queueing included. */
        public double ttft() {
            return firstToken - request.arrival();
        }

        /** Time per output token after the first: {@code (finished − firstToken) / (o − 1)}; NaN when o = 1. */
        public double tpot() {
            return request.outputTokens() == 1 ? Double.NaN : (finished - firstToken) / (request.outputTokens() - 1);
        }

        public double waiting() {
            return started - request.arrival();
        }
    }

    /**
     * The system's state from {@code time} until the next sample.
     *
     * @param prefillQueue requests that arrived and wait for their prefill (colocated: for admission)
     * @param decodeQueue  prefilled requests that wait for room in a decode server (disaggregated only)
     * @param inService    requests being prefilled, moved or decoded
     */
    public record Sample(double time, int prefillQueue, int decodeQueue, int inService) {
        public int inSystem() {
            return prefillQueue + decodeQueue + inService;
        }
    }

    public SimResult {
        requests = List.copyOf(requests);
        trace = List.copyOf(trace);
    }

    /** Seconds from the start to the last answer. */
    public double seconds() {
        return requests.stream().mapToDouble(Timeline::finished).max().orElse(0);
    }

    /** Answered requests per second. */
    public double throughput() {
        return seconds() > 0 ? requests.size() / seconds() : 0;
    }

    /** Generated tokens per second. */
    public double tokensPerSecond() {
        return seconds() > 0 ? requests.stream().mapToInt(t -> t.request().outputTokens()).sum() / seconds() : 0;
    }

    public double latencyQuantile(double q) {
        return SharedTaskResult.quantile(requests.stream().mapToDouble(Timeline::latency).sorted().toArray(), q);
    }

    public double ttftQuantile(double q) {
        return SharedTaskResult.quantile(requests.stream().mapToDouble(Timeline::ttft).sorted().toArray(), q);
    }

    /** Quantile of the time per output token over requests of more than one token. */
    public double tpotQuantile(double q) {
        return SharedTaskResult.quantile(requests.stream().mapToDouble(Timeline::tpot).filter(v -> !Double.isNaN(v)).sorted().toArray(), q);
    }

    public double meanLatency() {
        return requests.stream().mapToDouble(Timeline::latency).average().orElse(Double.NaN);
    }

    public double meanWaiting() {
        return requests.stream().mapToDouble(Timeline::waiting).average().orElse(Double.NaN);
    }

    /** L: the time average of requests in the system over [0, T], from the trace. */
    public double meanInSystem() {
        return timeAverage(true);
    }

    /** L_q: the time average of the first queue over [0, T], from the trace. */
    public double meanQueued() {
        return timeAverage(false);
    }

    /** The state at {@code points} evenly spaced times over [0, T] (for plotting a long trace). */
    public List<Sample> resample(int points) {
        if (points < 2) throw new IllegalArgumentException("resample needs at least 2 points, got " + points);
        List<Sample> out = new java.util.ArrayList<>();
        Sample state = new Sample(0, 0, 0, 0);
        for (int k = 0, i = 0; k < points; k++) {
            double t = seconds() * k / (points - 1);
            while (i < trace.size() && trace.get(i).time() <= t) state = trace.get(i++);
            out.add(new Sample(t, state.prefillQueue(), state.decodeQueue(), state.inService()));
        }
        return out;
    }

    private double timeAverage(boolean all) {
        double end = seconds();
        if (end <= 0) return 0;
        double area = 0;
        for (int i = 0; i < trace.size(); i++) {
            Sample s = trace.get(i);
            double until = i + 1 < trace.size() ? trace.get(i + 1).time() : end;
            area += (all ? s.inSystem() : s.prefillQueue()) * (Math.min(until, end) - Math.min(s.time(), end));
        }
        return area / end;
    }
}
