package inferlab.serve.sim;

import inferlab.serve.BatchingEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Simulates {@code replicas} copies of one model server, each doing prefill and decode on the same hardware,
 * as {@link BatchingEngine} does. An arriving request joins the replica with the fewest requests.
 *
 * <p>One iteration of a replica: admit waiting requests (FIFO; continuous batching admits whenever there is
 * room, static batching only when the batch has drained), prefill the newcomers one after another, emit one
 * token for every running sequence (the newcomers' first), retire the finished, then one decode step over the
 * rest. A newcomer's prefill stalls every running sequence for that long: the prefill/decode interference
 * that disaggregation removes. Admission needs {@code batch < maxBatch} and room in the KV budget for
 * {@code p + m} tokens; the head of the queue blocks the rest.
 *
 * <p>Alone, a request of p prompt and o output tokens takes {@code prefill(p) + (o − 1)·step(1)}.
 */
public record ColocatedSimulator(CostModel cost, BatchingEngine.Mode mode, int replicas, int maxBatch, int kvTokens) {

    public ColocatedSimulator {
        if (cost == null || mode == null) throw new IllegalArgumentException("cost model and batching mode are required");
        if (replicas < 1) throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (kvTokens < 2) throw new IllegalArgumentException("KV capacity must be >= 2 tokens, got " + kvTokens);
    }

    /**
     * The highest arrival rate continuous batching sustains when every request has p prompt tokens, o output
     * tokens and {@code max_tokens} m. Each replica keeps {@code N = min(B, ⌊K / (p + m)⌋)} sequences running;
     * per request it spends one prefill and its share of o − 1 steps at batch N, so
     *
     * <pre>  λ_max = R / (prefill(p) + (o − 1) · step(N) / N).</pre>
     */
    public static double maxRate(CostModel cost, int replicas, int maxBatch, int kvTokens, int prompt, int output, int maxTokens) {
        if (replicas < 1) throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
        int n = KvBudget.concurrency(maxBatch, kvTokens, prompt, output, maxTokens);
        return replicas / (cost.prefill(prompt) + (output - 1) * cost.step(n) / n);
    }

    public SimResult run(List<SimRequest> requests) {
        for (SimRequest r : requests) {
            if (r.reservedTokens() > kvTokens) {
                throw new IllegalArgumentException("a request needs " + r.reservedTokens() + " KV tokens; a replica holds " + kvTokens);
            }
        }
        return new Run().simulate(requests);
    }

    private final class Replica {
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        final List<Job> running = new ArrayList<>();
        final KvBudget kv = new KvBudget(kvTokens);
        boolean busy;

        int load() {
            return queue.size() + running.size();
        }
    }

    private final class Run {
        final EventQueue clock = new EventQueue();
        final List<Replica> pool = new ArrayList<>();
        final List<SimResult.Timeline> done = new ArrayList<>();
        final List<SimResult.Sample> trace = new ArrayList<>();
        int arrived, queued;

        SimResult simulate(List<SimRequest> requests) {
            for (int i = 0; i < replicas; i++) pool.add(new Replica());
            for (SimRequest r : requests) clock.at(r.arrival(), () -> arrive(r));
            clock.run(() -> trace.add(new SimResult.Sample(clock.now(), queued, 0, arrived - done.size() - queued)));
            done.sort(Comparator.comparingDouble(t -> t.request().arrival()));
            return new SimResult(done, trace);
        }

        void arrive(SimRequest r) {
            arrived++;
            queued++;
            Replica rep = pool.stream().min(Comparator.comparingInt(Replica::load)).orElseThrow();
            rep.queue.add(new Job(r));
            if (!rep.busy) {
                rep.busy = true;
                clock.at(clock.now(), () -> iterate(rep)); // after every arrival of this instant
            }
        }

        void iterate(Replica rep) {
            double t = clock.now();
            List<Job> newcomers = new ArrayList<>();
            if (mode == BatchingEngine.Mode.CONTINUOUS || rep.running.isEmpty()) {
                while (!rep.queue.isEmpty() && rep.running.size() < maxBatch && rep.kv.fits(rep.queue.peek().request)) {
                    Job j = rep.queue.poll();
                    queued--;
                    rep.kv.reserve(j.request);
                    j.started = t;
                    rep.running.add(j);
                    newcomers.add(j);
                }
            }
            rep.busy = !rep.running.isEmpty();
            if (!rep.busy) return;
            double prefills = newcomers.stream().mapToDouble(j -> cost.prefill(j.request.promptTokens())).sum();
            clock.at(t + prefills, () -> emit(rep));
        }

        void emit(Replica rep) {
            double t = clock.now();
            for (Job j : rep.running) {
                if (j.emitted++ == 0) j.firstToken = t;
                if (j.finished()) {
                    rep.kv.release(j.request);
                    done.add(j.timeline(t));
                }
            }
            rep.running.removeIf(Job::finished);
            if (rep.running.isEmpty()) iterate(rep);
            else clock.at(t + cost.step(rep.running.size()), () -> iterate(rep));
        }
    }
}
