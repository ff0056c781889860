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

/**
 * {@code bench decode}: batch-1 decode tokens/s with the KV cache on the three fixture models and on a randomly
 * initialised GPT-2-small-shaped model (124M parameters).
 */
public final class DecodeBenchCommand implements Command {
    @Override
    public String usage() {
        return "decode [--tokens N (64)] [--runs R (5)]   batch-1 decode tokens/s with the KV cache";
    }

    @Override
    public void run(Options o, PrintStream out) {
        boolean json = o.flag("json");
        int tokens = o.integer("tokens", Project.size(64, 16));
        int runs = o.integer("runs", Project.size(5, 2));
        o.requireAllRead();
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
