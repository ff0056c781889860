package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.DecodeBench;
import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Option;

/**
 * {@code bench decode}: batch-1 decode tokens/s with the KV cache on the three fixture models and on a randomly
 * initialised GPT-2-small-shaped model (124M parameters).
 */
@picocli.CommandLine.Command(name = "decode", description = "Batch-1 decode tokens/s with the KV cache.")
public final class DecodeBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int tokens = Project.size(64, 16);
    @Option(names = "--runs", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int runs = Project.size(5, 2);

    @Override
    public void run(PrintStream out) {
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        List<DecodeBench.Row> rows = new ArrayList<>();
        Path fixtures = Project.home().resolve("lib/src/test/resources/hf-reference/models");
        for (String name : new String[] {"gpt2-tiny", "llama-tiny", "qwen2-tiny"}) {
            try (Transformer m = Transformer.load(fixtures.resolve(name))) {
                rows.add(DecodeBench.run(name, m, m.parameterCount(), 16, tokens, 2, runs));
            }
        }
        HfConfig small = HfConfig.gpt2(50257, 768, 12, 12, 1024);
        try (Transformer m = Transformer.random(small, new Random(0))) {
            rows.add(DecodeBench.run("gpt2-small-random", m, m.parameterCount(), 16, tokens, 1, runs));
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("decode", rows)));
            return;
        }
        Object[][] table = rows.stream().map(r -> new Object[] {r.model(), String.format("%.1fM", r.parameters() / 1e6),
                r.promptLength(), r.tokens(), String.format("%.1f", r.tokensPerSecond()),
                String.format("%.2f", r.msPerToken())}).toArray(Object[][]::new);
        out.print(Bench.table(new String[] {"model", "params", "prompt", "tokens", "tokens/s", "ms/token"}, table));
    }
}
