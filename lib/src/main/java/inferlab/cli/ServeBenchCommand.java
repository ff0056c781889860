package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.PeerBench;
import inferlab.bench.ServePeerBench;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.serve.BatchingEngine;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiClient;
import inferlab.serve.OpenAiServer;
import inferlab.study.LoadTest;
import inferlab.task.Harness;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench serve}: the OpenAI server on loopback under a bounded closed-loop load, once with static and once
 * with continuous batching: requests/s, tokens/s, p50/p99 latency. Requests vary in length, which is where
 * continuous batching wins: a short request need not wait for the batch's longest. With {@code --load}, the
 * shared task's Poisson load against {@code serve}'s defaults instead ({@link ServeLoadBench}); with {@code --peer},
 * the engine's tokens/s at several batch sizes against Hugging Face {@code generate} ({@link ServePeerBench}).
 */
@picocli.CommandLine.Command(name = "serve", description = {"Static vs continuous batching over HTTP.",
    "With --load: the shared task's Poisson load (up to 300 in flight), with and without adversarial clients.",
    "With --peer: tokens/s at batch sizes 1, 8, 32, 128 against transformers' generate (environment/setup-peer.sh;"
        + " threads from INFERLAB_THREADS)."})
final class ServeBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR")
    String modelArg;
    @Option(names = "--requests", paramLabel = "N", description = "default 48, with --load 300")
    Integer n;
    @Option(names = "--concurrency", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int concurrency = 16;
    @Option(names = "--max-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxTokens = 32;
    @Option(names = "--seconds", paramLabel = "N", description = "time limit, default 120, with --load 600")
    Integer seconds;
    @Option(names = "--load", description = "the shared task's Poisson load against serve's defaults")
    boolean load;
    @Option(names = "--rate", paramLabel = "R", description = "with --load: requests/s, default ${DEFAULT-VALUE}")
    double rate = 100;
    @Option(names = "--arrival-batch", paramLabel = "B", description = "with --load: requests per arrival, 1..B, default ${DEFAULT-VALUE}")
    int arrivalBatch = 8;
    @Option(names = "--adversarial", paramLabel = "F", description = "with --load: share of adversarial clients, default ${DEFAULT-VALUE}")
    double adversarial = 0.05;

    @Option(names = "--peer", description = "continuous batching at --batch-sizes against transformers' generate")
    boolean peer;
    @Option(names = "--shapes", description = "with --peer: the three shapes of bench peer --shapes instead of one model")
    boolean shapes;
    @Option(names = "--batch-sizes", paramLabel = "B,B,...", split = ",", description = "with --peer, default 1,8,32,128")
    int[] batchSizes = {1, 8, 32, 128};
    @Option(names = "--runs", paramLabel = "N", description = "with --peer: rounds, default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);
    @Option(names = "--round-seconds", paramLabel = "S", description = "with --peer: seconds per figure and round,"
            + " default ${DEFAULT-VALUE}")
    double roundSeconds = Project.size(5, 1);

    @Spec
    CommandSpec spec;

    /** Options that apply in one mode only: given in another, they would be silently ignored. */
    private static final Map<String, List<String>> MODE_OPTIONS = Map.of(
            "--load", List.of("--rate", "--arrival-batch", "--adversarial"),
            "--peer", List.of("--shapes", "--batch-sizes", "--runs", "--round-seconds"),
            "the closed-loop default", List.of("--concurrency"));

    @Override
    public void run(PrintStream out) throws Exception {
        if (load && peer) throw new IllegalArgumentException("--load and --peer exclude each other");
        String run = load ? "--load" : peer ? "--peer" : "the closed-loop default";
        MODE_OPTIONS.forEach((owner, options) -> {
            for (String o : options) {
                if (!owner.equals(run) && spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new IllegalArgumentException(o + " goes with " + owner + " (this run is " + run + ")");
                }
            }
        });
        if (peer) {
            runPeer(out);
            return;
        }
        if (load) {
            ServeLoadBench.run(modelArg, n == null ? Harness.MAX_CONCURRENCY : n, rate, arrivalBatch, maxTokens,
                    seconds == null ? 600 : seconds, adversarial, json, out);
            return;
        }
        int n = this.n == null ? 48 : this.n;
        Limits.range("--requests", n, 1, 10_000);
        Limits.range("--concurrency", concurrency, 1, 1024);
        Limits.range("--max-tokens", maxTokens, 1, Limits.MAX_BENCH_TOKENS);
        Duration limit = Duration.ofSeconds(Limits.range("--seconds", seconds == null ? 120 : seconds, 1, 86_400));
        List<CompletionRequest> requests = new ArrayList<>();
        String[] prompts = {"The nation", "We must", "In the coming year, our", "Taxes", "The Congress has"};
        for (int i = 0; i < n; i++) {
            // lengths from maxTokens/8 to maxTokens, so batches mix short and long requests
            int len = Math.max(1, maxTokens * (1 + i % 8) / 8);
            requests.add(CompletionRequest.greedy(prompts[i % prompts.length], len));
        }
        List<Object[]> rows = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        try (LanguageModel model = modelArg == null ? Models.defaultModel() : Models.load(modelArg)) {
            for (BatchingEngine.Mode mode : BatchingEngine.Mode.values()) {
                try (BatchingEngine engine = new BatchingEngine(model, "bench", mode, concurrency, 4096);
                     OpenAiServer server = new OpenAiServer(engine, "bench", ChatTemplate.PLAIN, "127.0.0.1", 0,
                             OpenAiServer.Limits.defaults().withMaxTokens(maxTokens)).start()) {
                    OpenAiClient client = new OpenAiClient(server.url(), "bench");
                    // a warm-up long enough for the JIT to finish with the serving path: a short one left the first
                    // mode measured partly interpreted, and gave the second a lead that was only the order
                    LoadTest.run(client, requests.subList(0, Math.min(64, n)), concurrency, limit);
                    LoadTest.Result r = LoadTest.run(client, requests, concurrency, limit);
                    String m = mode.name().toLowerCase();
                    rows.add(new Object[] {m, r.served(), String.format("%.2f", r.requestsPerSecond()),
                            String.format("%.1f", r.tokensPerSecond()), String.format("%.3f", r.p50()), String.format("%.3f", r.p99())});
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("batching", m);
                    j.put("served", r.served());
                    j.put("failed", r.failed());
                    j.put("requests_per_second", r.requestsPerSecond());
                    j.put("tokens_per_second", r.tokensPerSecond());
                    j.put("p50_seconds", r.p50());
                    j.put("p99_seconds", r.p99());
                    results.add(j);
                }
            }
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(results));
        } else {
            out.print(Bench.table(new String[] {"batching", "served", "req/s", "tok/s", "p50 s", "p99 s"}, rows.toArray(Object[][]::new)));
        }
    }

    private void runPeer(PrintStream out) throws IOException {
        for (int b : batchSizes) Limits.range("--batch-sizes", b, 1, 1024);
        Limits.range("--max-tokens", maxTokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        if (!(roundSeconds > 0 && roundSeconds <= 3600)) throw new IllegalArgumentException("--round-seconds must be in (0, 3600]");
        if (shapes && modelArg != null) throw new IllegalArgumentException("--shapes and --model exclude each other");
        List<PeerBench.Shape> todo = shapes ? PeerBench.standardShapes(Project.home())
                : List.of(new PeerBench.Shape("model", modelArg == null ? Models.targetDir()
                        : Models.resolve(modelArg, Models.hubCache()), null, 0));
        int threads = Transformer.djlThreads();
        List<String> prompts = ServePeerBench.prompts(
                Files.readAllLines(Project.data().resolve("corpus/validation.txt")), Arrays.stream(batchSizes).max().getAsInt());
        Map<String, List<ServePeerBench.Result>> results = new LinkedHashMap<>();
        for (PeerBench.Shape s : todo) {
            PeerBench.ensureCheckpoint(s);
            results.put(s.name(), ServePeerBench.run(s.dir(), prompts, batchSizes, maxTokens, threads, Bench.peerPython(),
                    Project.home().resolve("bench/peer_generate.py"), roundSeconds, runs, Project.home().resolve("build/bench")));
        }
        if (json) {
            Object batches = shapes ? results : results.values().iterator().next();
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("threads", threads, "batches", batches)));
            return;
        }
        results.forEach((name, r) -> {
            if (shapes) out.println(name + ":");
            out.print(Bench.table(ServePeerBench.HEADER, ServePeerBench.table(r)));
        });
        out.printf("median [min-max] of %d rounds of >= %.1f s each, taking turns; useful tokens (up to EOS) per second;"
                + " greedy, up to %d new tokens, prompts of 4 to 53 words; %d threads%n", runs, roundSeconds, maxTokens, threads);
    }
}
