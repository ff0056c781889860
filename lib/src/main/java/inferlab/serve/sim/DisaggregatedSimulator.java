package inferlab.serve.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Simulates prefill/decode disaggregation (Splitwise, DistServe): a pool of prefill servers and a pool of decode
 * servers, each pool with its own FIFO queue.
 *
 * <p>A prefill server takes one prompt at a time; when it is done the first token is out and the prompt's KV
 * cache moves to the decode pool, which takes {@code transferPerToken · p} seconds. The request then waits in
 * the decode queue until a decode server has {@code batch < maxBatch} and room in its KV budget for
 * {@code p + m} tokens (the KV admission check; the head blocks the rest). A decode server runs continuous
 * batching without prefills: one step of {@code step(n)} advances its n sequences by a token. Prefills no
 * longer stall decoding, and each pool can be sized for its own bottleneck.
 *
 * <p>Alone, a request of p prompt and o output tokens takes {@code prefill(p) + transferPerToken·p + (o − 1)·step(1)}.
 */
public record DisaggregatedSimulator(CostModel cost, int prefillServers, int decodeServers, int maxBatch, int kvTokens,
                                     double transferPerToken) {

    public DisaggregatedSimulator {
        if (cost == null) throw new IllegalArgumentException("cost model is required");
        if (prefillServers < 1 || decodeServers < 1) {
            throw new IllegalArgumentException("each pool needs >= 1 server, got " + prefillServers + " prefill and " + decodeServers + " decode");
        }
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (kvTokens < 2) throw new IllegalArgumentException("KV capacity must be >= 2 tokens, got " + kvTokens);
        if (!(transferPerToken >= 0) || Double.isInfinite(transferPerToken)) {
            throw new IllegalArgumentException("KV transfer time must be finite and >= 0 s/token, got " + transferPerToken);
        }
    }

    /**
     * The highest sustainable arrival rate for identical requests (p, o, m): the slower of the two pools,
     *
     * <pre>  λ_max = min( P / prefill(p),  D · N / ((o − 1) · step(N)) ),   N = min(B, ⌊K / (p + m)⌋).</pre>
     */
    public static double maxRate(CostModel cost, int prefillServers, int decodeServers, int maxBatch, int kvTokens,
                                 int prompt, int output, int maxTokens) {
        if (prefillServers < 1 || decodeServers < 1) {
            throw new IllegalArgumentException("each pool needs >= 1 server, got " + prefillServers + " and " + decodeServers);
        }
        int n = KvBudget.concurrency(maxBatch, kvTokens, prompt, output, maxTokens);
        double prefillRate = prefillServers / cost.prefill(prompt);
        return output == 1 ? prefillRate : Math.min(prefillRate, decodeServers * n / ((output - 1) * cost.step(n)));
    }

    public SimResult run(List<SimRequest> requests) {
        for (SimRequest r : requests) {
            if (r.reservedTokens() > kvTokens) {
                throw new IllegalArgumentException("a request needs " + r.reservedTokens() + " KV tokens; a decode server holds " + kvTokens);
            }
        }
        return new Run().simulate(requests);
    }

    private final class DecodeServer {
        final List<Job> running = new ArrayList<>();
        final KvBudget kv = new KvBudget(kvTokens);
        boolean busy;
    }

    private final class Run {
        final EventQueue clock = new EventQueue();
        final ArrayDeque<Job> prefillQueue = new ArrayDeque<>();
        final ArrayDeque<Job> decodeQueue = new ArrayDeque<>();
        final List<DecodeServer> decoders = new ArrayList<>();
        final List<SimResult.Timeline> done = new ArrayList<>();
        final List<SimResult.Sample> trace = new ArrayList<>();
        int arrived, idlePrefill = prefillServers;

        SimResult simulate(List<SimRequest> requests) {
            for (int i = 0; i < decodeServers; i++) decoders.add(new DecodeServer());
            for (SimRequest r : requests) clock.at(r.arrival(), () -> arrive(r));
            clock.run(() -> trace.add(new SimResult.Sample(clock.now(), prefillQueue.size(), decodeQueue.size(),
                    arrived - done.size() - prefillQueue.size() - decodeQueue.size())));
            done.sort(Comparator.comparingDouble(t -> t.request().arrival()));
            return new SimResult(done, trace);
        }

        void arrive(SimRequest r) {
            arrived++;
            prefillQueue.add(new Job(r));
            startPrefills();
        }

        void startPrefills() {
            double t = clock.now();
            while (idlePrefill > 0 && !prefillQueue.isEmpty()) {
                Job j = prefillQueue.poll();
                idlePrefill--;
                j.started = t;
                clock.at(t + cost.prefill(j.request.promptTokens()), () -> prefilled(j));
            }
        }

        void prefilled(Job j) {
            double t = clock.now();
            idlePrefill++;
            j.emitted = 1;
            j.firstToken = t;
            if (j.finished()) {
                done.add(j.timeline(t));
            } else {
                clock.at(t + transferPerToken * j.request.promptTokens(), () -> {
                    decodeQueue.add(j);
                    decoders.stream().filter(d -> !d.busy).findFirst().ifPresent(d -> {
                        d.busy = true;
                        clock.at(clock.now(), () -> iterate(d));
                    });
                });
            }
            startPrefills();
        }

        /** Admits from the decode queue into {@code d}, then runs one step if anything runs. */
        void iterate(DecodeServer d) {
            double t = clock.now();
            while (!decodeQueue.isEmpty() && d.running.size() < maxBatch && d.kv.fits(decodeQueue.peek().request)) {
                Job j = decodeQueue.poll();
                d.kv.reserve(j.request);
                d.running.add(j);
            }
            d.busy = !d.running.isEmpty();
            if (d.busy) clock.at(t + cost.step(d.running.size()), () -> stepped(d));
        }

        void stepped(DecodeServer d) {
            double t = clock.now();
            for (Job j : d.running) {
                if (++j.emitted == j.request.outputTokens()) {
                    d.kv.release(j.request);
                    done.add(j.timeline(t));
                }
            }
            d.running.removeIf(Job::finished);
            iterate(d);
        }
    }
}
