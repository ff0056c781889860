package inferlab.study;

import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiClient;
import inferlab.serve.OpenAiServer;
import inferlab.task.Harness;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The serving path under the shared task's load: for each batching mode, a {@link BatchingEngine} behind an
 * {@link OpenAiServer} on a loopback ephemeral port, driven over HTTP by {@link Harness} at each arrival rate
 * (Poisson batches, {@link inferlab.task.PoissonSchedule}). Latency runs from a request's scheduled arrival to
 * its answer, so it includes queueing.
 */
public final class ServingSweep {
    private ServingSweep() {}

    /** One (mode, rate) run: the harness's full result, and the numbers plotted. */
    public record Row(BatchingEngine.Mode mode, double rate, SharedTaskResult run) {
        public double throughput() {
            return run.summary().throughput();
        }

        public double tokensPerSecond() {
            var s = run.summary();
            return s.seconds() > 0 ? s.completionTokens() / s.seconds() : 0;
        }

        public double p50() {
            return run.summary().p50Latency();
        }

        public double p99() {
            return run.summary().p99Latency();
        }

        public int served() {
            return run.summary().served();
        }
    }

    /**
     * Runs {@code task}'s stream once per (mode, rate); {@code load} gives everything but the rate. The engine
     * runs at most {@code maxBatch} sequences; the server admits {@code load.concurrency()} requests at a time.
     */
    public static List<Row> run(LanguageModel model, SharedTask task, List<BatchingEngine.Mode> modes, double[] rates,
                                int maxBatch, SharedTaskResult.Load load) {
        if (rates.length == 0) throw new IllegalArgumentException("give at least one arrival rate");
        List<Row> rows = new ArrayList<>();
        for (BatchingEngine.Mode mode : modes) {
            String name = mode.name().toLowerCase();
            try (BatchingEngine engine = new BatchingEngine(model, name, mode, maxBatch, Integer.MAX_VALUE);
                 OpenAiServer server = new OpenAiServer(engine, name, ChatTemplate.PLAIN, "127.0.0.1", 0,
                         OpenAiServer.Limits.defaults().withMaxTokens(load.maxTokens())).start()) {
                OpenAiClient client = new OpenAiClient(server.url(), name, null, Duration.ofSeconds(120), 0);
                client.complete(CompletionRequest.greedy(task.items().get(0).prompt(), 2)); // warm-up
                for (double rate : rates) {
                    var l = new SharedTaskResult.Load(rate, load.maxBatch(), load.concurrency(), load.windowSeconds(),
                            load.maxTokens(), load.seed());
                    rows.add(new Row(mode, rate, Harness.run(name, client, task, l, null)));
                }
            }
        }
        return rows;
    }
}
