package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiServer;
import inferlab.study.ServeLoad;
import inferlab.task.Harness;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench serve --load}: {@code serve} with its default settings on loopback, under the shared task's
 * Poisson load (validation items, up to 300 in flight), once with honest clients only and once with a share of
 * adversarial ones mixed in. Prints requests served and lost, the peak in flight, p50/p99 latency, tokens/s, what
 * the adversaries got, and the heap after a full GC before and after each run.
 */
final class ServeLoadBench {
    private ServeLoadBench() {}

    static void run(String modelArg, int requests, double rate, int arrivalBatch, int maxTokens, int seconds,
                    double adversarial, boolean json, PrintStream out) {
        Limits.range("--requests", requests, 3, Harness.MAX_CONCURRENCY * 10);
        Limits.range("--seconds", seconds, 1, 3600);
        if (!(rate > 0 && rate <= 10_000)) throw new IllegalArgumentException("--rate must be in (0, 10000] requests/s");
        if (!(adversarial >= 0 && adversarial <= 0.5)) throw new IllegalArgumentException("--adversarial must be in [0, 0.5]");
        SharedTask all = SharedTask.load("validation", (requests + 2) / 3, false, 1);
        SharedTask task = new SharedTask(all.split(), all.courseRule(), all.items().subList(0, requests));
        var load = new SharedTaskResult.Load(rate, arrivalBatch, Harness.MAX_CONCURRENCY, seconds, maxTokens, 1);
        List<Map<String, Object>> results = new ArrayList<>();
        try (Transformer model = modelArg == null ? Models.defaultModel() : Models.load(modelArg);
             BatchingEngine engine = new BatchingEngine(model, "target", BatchingEngine.Mode.CONTINUOUS, 16,
                     model.config().maxPositions());
             OpenAiServer server = new OpenAiServer(engine, "target", ChatTemplate.PLAIN, "127.0.0.1", 0,
                     OpenAiServer.Limits.defaults()).start()) {
            for (double share : adversarial > 0 ? new double[] {0, adversarial} : new double[] {0}) {
                ServeLoad.Report r = ServeLoad.run(server.url(), "target", task, load, share);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("adversarial_share", share);
                j.put("requests", r.requests());
                j.put("served", r.served());
                j.put("lost", r.failed());
                j.put("peak_in_flight", r.peakInFlight());
                j.put("p50_seconds", r.p50());
                j.put("p99_seconds", r.p99());
                j.put("tokens_per_second", r.tokensPerSecond());
                j.put("heap_start_mb", r.heapStartMb());
                j.put("heap_end_mb", r.heapEndMb());
                j.put("adversaries", r.adversaries());
                if (!r.errors().isEmpty()) j.put("first_errors", r.errors());
                results.add(j);
            }
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(results));
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (Map<String, Object> j : results) {
            rows.add(new Object[] {String.format("%.0f%%", 100 * (double) j.get("adversarial_share")), j.get("requests"),
                    j.get("served"), j.get("lost"), j.get("peak_in_flight"), String.format("%.2f", (double) j.get("p50_seconds")),
                    String.format("%.2f", (double) j.get("p99_seconds")), String.format("%.0f", (double) j.get("tokens_per_second")),
                    String.format("%.0f -> %.0f", (double) j.get("heap_start_mb"), (double) j.get("heap_end_mb"))});
        }
        out.print(Bench.table(new String[] {"adversarial", "requests", "served", "lost", "peak in flight", "p50 s", "p99 s",
                "tok/s", "heap MB after GC"}, rows.toArray(Object[][]::new)));
        for (Map<String, Object> j : results) {
            if (!((Map<?, ?>) j.get("adversaries")).isEmpty()) out.println("adversaries: " + j.get("adversaries"));
            if (j.containsKey("first_errors")) out.println("lost: " + j.get("first_errors"));
        }
    }
}
