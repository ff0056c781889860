package inferlab.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import inferlab.model.CompletionRequest;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.measure.Measure;
import inferlab.serve.BatchingEngine;
import inferlab.study.LoadTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched serving throughput against the peer: the continuous-batching engine ({@link BatchingEngine}) with
 * {@code B} sequences in flight, against Hugging Face {@code generate} on one batch of the same {@code B} prompts
 * (left-padded with an attention mask, as transformers does for decoder-only models; {@code bench/peer_generate.py}),
 * greedy, same weights and thread count. Both are timed from the prompts to the last token, prefill included.
 *
 * <p>The rate counts useful tokens: each sequence's new tokens up to and including its EOS. The prompts differ in
 * length, so the padded batch spends compute on padding; a row that stops early is padding until the batch's
 * longest is done, whereas the engine retires it at once. A step of {@code B} sequences reads each weight matrix
 * once for all of them, so while a step is bound by reading weights, tokens/s grows almost {@code B}-fold; once the
 * attention over {@code B} caches and the {@code B}-row matrix products dominate, it flattens.
 */
public final class ServePeerBench {
    private ServePeerBench() {}

    /** Tokens/s at one batch size: ours, the peer's, and their ratio per round. */
    public record Result(int batch, Measure.Figure inferlab, Measure.Figure transformers, Measure.Figure ratio) {}

    /**
     * Prompts of varied length: the first {@code 4 + 7·(i mod 8)} words of successive corpus lines, so that any
     * batch mixes short and long prompts.
     */
    public static List<String> prompts(List<String> lines, int count) {
        List<String> usable = lines.stream().filter(l -> l.split("\\s+").length >= 60).toList();
        if (usable.isEmpty()) throw new IllegalArgumentException("no corpus line has 60 words");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] words = usable.get(i % usable.size()).trim().split("\\s+");
            out.add(String.join(" ", Arrays.copyOf(words, 4 + 7 * (i % 8))));
        }
        return out;
    }

    public static List<Result> run(Path modelDir, List<String> prompts, int[] batches, int newTokens, int threads,
                                   Path python, Path script, double seconds, int repeats, Path scratch) throws IOException {
        int most = Arrays.stream(batches).max().orElseThrow();
        if (prompts.size() < most) throw new IllegalArgumentException(prompts.size() + " prompts for a batch of " + most);
        Transformer.setJavaEngineThreads(threads);
        try (Transformer model = Transformer.load(modelDir)) {
            Tokenizer tokenizer = model.tokenizer().orElseThrow(() ->
                    new IllegalArgumentException(modelDir + " has no tokenizer"));
            Path ids = scratch.resolve("serve-peer-prompts.json");
            Files.createDirectories(scratch);
            Files.writeString(ids, new Gson().toJson(prompts.stream().map(tokenizer::encode).toList()));
            List<Result> out = new ArrayList<>();
            try (PeerProcess peer = new PeerProcess(List.of(python.toString(), script.toString(), "--model",
                    modelDir.toString(), "--prompts", ids.toString(), "--new-tokens", String.valueOf(newTokens),
                    "--threads", String.valueOf(threads)))) {
                for (int b : batches) {
                    List<CompletionRequest> requests = prompts.subList(0, b).stream()
                            .map(p -> CompletionRequest.greedy(p, newTokens)).toList();
                    try (BatchingEngine engine = new BatchingEngine(model, "bench", BatchingEngine.Mode.CONTINUOUS,
                            b, 4096)) {
                        Measure.Workload ours = () -> {
                            LoadTest.Result r = LoadTest.run(engine, requests, b, Duration.ofHours(1));
                            if (r.failed() > 0) throw new IllegalStateException(r.failed() + " requests failed");
                            return new Measure.Work(r.completionTokens(), r.seconds());
                        };
                        Measure.Workload theirs = () -> {
                            JsonObject o = peer.request("measure " + b + " " + seconds);
                            return new Measure.Work(o.get("tokens").getAsDouble(), o.get("seconds").getAsDouble());
                        };
                        List<Measure.Figure> f = Measure.rates(List.of(new Measure.Contender("inferlab", ours),
                                new Measure.Contender("transformers", theirs)), seconds, repeats);
                        out.add(new Result(b, f.get(0), f.get(1), f.get(0).over(f.get(1))));
                    }
                }
            }
            return out;
        }
    }

    /** Rows: batch, both rates with their spread, the ratio, and each rate over batch 1's (when measured). */
    public static Object[][] table(List<Result> results) {
        Result one = results.stream().filter(r -> r.batch() == 1).findFirst().orElse(null);
        return results.stream().map(r -> new Object[] {r.batch(), r.inferlab().format(1), r.transformers().format(1),
                r.ratio().format(2),
                one == null ? "-" : String.format("%.1f / %.1f", r.inferlab().median() / one.inferlab().median(),
                        r.transformers().median() / one.transformers().median())}).toArray(Object[][]::new);
    }

    public static final String[] HEADER = {"batch", "inferlab tok/s", "transformers tok/s", "inferlab/hf",
            "over batch 1 (ours / hf)"};
}
