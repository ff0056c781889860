package inferlab.study;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.serve.OpenAiClient;
import inferlab.task.Harness;
import inferlab.task.PoissonSchedule;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared task's load against a running server over loopback: the task's requests on its
 * {@link PoissonSchedule} (replayed by {@link Harness}, up to {@link Harness#MAX_CONCURRENCY} in flight), with a
 * share of {@link Adversary adversarial} clients mixed in at random moments of the same span. A run passes when
 * every honest request is served; latency is from a request's scheduled arrival to its answer, so it includes
 * queueing. The heap is measured after a full GC before and after, to show that no per-request state outlives
 * its request.
 */
public final class ServeLoad {
    private ServeLoad() {}

    /** What one run did. {@code adversaries} maps each misbehaviour and the server's reaction to a count. */
    public record Report(int requests, int served, int failed, int peakInFlight, double seconds, double p50, double p99,
                         double tokensPerSecond, Map<String, Integer> adversaries, double heapStartMb, double heapEndMb,
                         List<String> errors) {
        public boolean lostNothing() {
            return served == requests && failed == 0;
        }
    }

    /**
     * Replays {@code task} against {@code url}, serving model {@code model}, at {@code load}; {@code adversarialShare}
     * of the honest request count is added as adversaries (kinds in turn).
     */
    public static Report run(String url, String model, SharedTask task, SharedTaskResult.Load load, double adversarialShare) {
        new OpenAiClient(url, model, null, Duration.ofSeconds(60), 0).complete(CompletionRequest.greedy("warm up", 4));
        double heapStart = heapMb();
        Report r = replay(url, model, task, load, adversarialShare);
        // measured once the run's HTTP client (and its pool of idle connections) is unreachable: the server's heap
        return new Report(r.requests(), r.served(), r.failed(), r.peakInFlight(), r.seconds(), r.p50(), r.p99(),
                r.tokensPerSecond(), r.adversaries(), heapStart, heapMb(), r.errors());
    }

    private static Report replay(String url, String model, SharedTask task, SharedTaskResult.Load load, double adversarialShare) {
        OpenAiClient client = new OpenAiClient(url, model, null, Duration.ofSeconds((long) load.windowSeconds() + 1), 0);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CompletionModel counted = new CompletionModel() {
            @Override
            public Completion complete(CompletionRequest r) {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    return client.complete(r);
                } finally {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public String name() {
                return client.name();
            }
        };
        int n = task.items().size();
        double span = PoissonSchedule.of(load.rate(), load.maxBatch(), n, new Random(load.seed())).span();
        int attackers = (int) Math.round(adversarialShare * n);
        ExecutorService attacks = Executors.newFixedThreadPool(Math.max(1, attackers), r -> {
            Thread t = new Thread(r, "adversary");
            t.setDaemon(true);
            return t;
        });
        List<Future<String>> outcomes = new ArrayList<>();
        Random rng = new Random(load.seed() + 1);
        long start = System.nanoTime();
        for (int i = 0; i < attackers; i++) {
            Adversary kind = Adversary.values()[i % Adversary.values().length];
            long at = start + (long) (rng.nextDouble() * span * 1e9);
            outcomes.add(attacks.submit(() -> {
                long wait = at - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                return kind.name().toLowerCase().replace('_', ' ') + " -> " + kind.attack(url, model);
            }));
        }
        SharedTaskResult r = Harness.run(model, counted, task, load, null);
        Map<String, Integer> adversaries = new TreeMap<>();
        for (Future<String> f : outcomes) {
            String outcome;
            try {
                outcome = f.get(Math.max(1, (long) load.windowSeconds()), TimeUnit.SECONDS);
            } catch (Exception e) {
                outcome = "adversary did not finish: " + e;
            }
            adversaries.merge(outcome, 1, Integer::sum);
        }
        attacks.shutdownNow();
        var s = r.summary();
        List<String> errors = r.requests().stream().filter(q -> !q.served()).map(q -> q.id() + ": " + q.error()).limit(5).toList();
        return new Report(s.requests(), s.served(), s.requests() - s.served(), peak.get(), s.seconds(), s.p50Latency(),
                s.p99Latency(), s.seconds() > 0 ? s.completionTokens() / s.seconds() : 0, adversaries, Double.NaN, Double.NaN, errors);
    }

    /** Heap in use after a full collection, in MB. */
    static double heapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }
}
