package inferlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.bench.DecodeBench;
import inferlab.hardware.Hardware;
import inferlab.hardware.ModelShape;
import inferlab.model.Models;
import inferlab.model.Transformer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code bench peer}: batch-1 decode tokens/s with the KV cache, this library against Hugging Face transformers
 * on PyTorch (CPU, same weights, same thread count), and both against the memory-bandwidth limit: every decode
 * step reads all weights and the cache, so tokens/s &lt;= bandwidth / bytes per token. The peer runs
 * {@code bench/peer_decode.py} in the venv {@code environment/setup-peer.sh} makes.
 */
@picocli.CommandLine.Command(name = "peer", description = "Decode tokens/s vs transformers on PyTorch"
        + " (run environment/setup-peer.sh first).")
public final class PeerBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
    String dir = Project.data().resolve("models/target").toString();
    @Option(names = "--prompt-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int prompt = 32;
    @Option(names = "--tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int tokens = Project.size(128, 32);
    @Option(names = "--runs", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int runs = Project.size(5, 2);

    @Override
    public void run(PrintStream out) throws IOException, InterruptedException {
        Limits.range("--prompt-tokens", prompt, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--tokens", tokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        Path python = Project.home().resolve("build/peer-venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalArgumentException("no peer environment at " + python + ": run environment/setup-peer.sh");
        }
        Path modelDir = Models.resolve(dir, Models.hubCache());
        DecodeBench.Row ours;
        ModelShape shape;
        try (Transformer m = Transformer.load(modelDir)) {
            shape = ModelShape.of(modelDir.getFileName().toString(), m.config());
            ours = DecodeBench.run("inferlab", m, m.parameterCount(), prompt, tokens, 1, runs);
        }
        JsonObject peer = peer(python, modelDir, prompt, tokens, runs);
        double peerTps = peer.get("tokens_per_s").getAsDouble();

        Hardware here = Hardware.measureThisMachine();
        long meanContext = prompt + tokens / 2;
        double bytesPerToken = shape.weightBytes(4) + meanContext * (double) shape.kvBytesPerToken(4);
        double limit = here.bandwidth() / bytesPerToken;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", modelDir.toString());
        result.put("parameters", shape.parameters().total());
        result.put("prompt_tokens", prompt);
        result.put("new_tokens", tokens);
        result.put("threads", threads());
        result.put("inferlab_tokens_per_s", ours.tokensPerSecond());
        result.put("peer", peer.get("peer").getAsString());
        result.put("peer_tokens_per_s", peerTps);
        result.put("ratio_inferlab_over_peer", ours.tokensPerSecond() / peerTps);
        result.put("bytes_read_per_token", bytesPerToken);
        result.put("measured_bandwidth_bytes_per_s", here.bandwidth());
        result.put("bandwidth_limit_tokens_per_s", limit);
        result.put("inferlab_fraction_of_limit", ours.tokensPerSecond() / limit);
        result.put("peer_fraction_of_limit", peerTps / limit);
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
            return;
        }
        out.print(Bench.table(new String[] {"decoder", "tokens/s", "of bandwidth limit"}, new Object[][] {
                {"inferlab", String.format("%.1f", ours.tokensPerSecond()), String.format("%.1f%%", 100 * ours.tokensPerSecond() / limit)},
                {peer.get("peer").getAsString(), String.format("%.1f", peerTps), String.format("%.1f%%", 100 * peerTps / limit)},
                {"bandwidth limit", String.format("%.0f", limit), "100%"}}));
        out.printf("ratio inferlab / peer: %.2f; limit = %.3g B/s / %.3g B/token%n",
                ours.tokensPerSecond() / peerTps, here.bandwidth(), bytesPerToken);
    }

    /** The intra-op threads PyTorch uses here: OMP_NUM_THREADS when set, else every core; the peer gets as many. */
    static int threads() {
        String env = System.getenv("OMP_NUM_THREADS");
        return env != null && env.matches("\\d+") ? Integer.parseInt(env) : Runtime.getRuntime().availableProcessors();
    }

    private static JsonObject peer(Path python, Path modelDir, int prompt, int tokens, int runs)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(python.toString(), Project.home().resolve("bench/peer_decode.py").toString(),
                "--model", modelDir.toString(), "--prompt-tokens", String.valueOf(prompt),
                "--new-tokens", String.valueOf(tokens), "--repeats", String.valueOf(runs),
                "--threads", String.valueOf(threads()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("peer benchmark failed: " + String.join(" ", cmd));
        String[] lines = stdout.strip().split("\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }
}
