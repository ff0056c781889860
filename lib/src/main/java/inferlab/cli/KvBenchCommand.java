package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.cache.CacheBenchmark;
import inferlab.model.Models;
import inferlab.model.Transformer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code bench kv}: per-token decode latency of each KV cache variant against context length, the bytes each
 * holds, and the memory of paged forks against copies. Contexts past the checkpoint's trained positions run on
 * a random model of the same shape (the time does not depend on the weights).
 */
public final class KvBenchCommand implements Command {
    @Override
    public String usage() {
        return "kv [--model DIR] [--contexts 32,64,128,256,512] [--steps N (16)] [--runs R (3)]"
                + "   KV cache variants: ms/token vs context, bytes held, paged forks";
    }

    @Override
    public void run(Options o, PrintStream out) {
        boolean json = o.flag("json");
        String dir = o.string("model", Project.data().resolve("models/target").toString());
        int[] contexts = o.has("contexts") ? o.integers("contexts")
                : Project.quick() ? new int[] {32, 128} : new int[] {32, 64, 128, 256, 512};
        int steps = o.integer("steps", Project.size(16, 4));
        int runs = o.integer("runs", Project.size(3, 1));
        o.requireAllRead();
        int longest = Arrays.stream(contexts).max().orElseThrow(() -> new IllegalArgumentException("no --contexts"));
        Random rng = new Random(0);
        Map<String, Object> result = new LinkedHashMap<>();
        try (Transformer trained = Models.load(dir)) {
            boolean fits = longest + steps <= trained.config().maxPositions();
            try (Transformer model = fits ? null
                    : Transformer.random(CacheBenchmark.withMaxPositions(trained.config(), longest + steps), rng)) {
                Transformer m = fits ? trained : model;
                result.put("model", dir);
                result.put("weights", fits ? "trained" : "random, same shape, max positions " + (longest + steps));
                result.put("parameters", m.parameterCount());
                List<CacheBenchmark.Latency> latency =
                        CacheBenchmark.sweep(m, CacheBenchmark.variants(), contexts, steps, runs, rng);
                result.put("latency", latency);
                List<CacheBenchmark.ForkMemory> forks = new ArrayList<>();
                int prompt = Math.min(longest, m.config().maxPositions() - 8);
                for (int f : new int[] {1, 2, 4, 8}) forks.add(CacheBenchmark.forkMemory(m, prompt, f, 8, rng));
                result.put("fork_prompt_tokens", prompt);
                result.put("forks", forks);
                if (json) {
                    out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
                    return;
                }
                out.println("model " + dir + " (" + result.get("weights") + ")");
                out.print(Bench.table(new String[] {"variant", "context", "ms/token", "bytes held"},
                        latency.stream().map(l -> new Object[] {l.variant(), l.context(),
                                String.format("%.3f", 1e3 * l.secondsPerToken()), l.bytes()}).toArray(Object[][]::new)));
                out.print(Bench.table(new String[] {"forks", "paged bytes", "dynamic bytes"},
                        forks.stream().map(f -> new Object[] {f.forks(), f.pagedBytes(), f.dynamicBytes()})
                                .toArray(Object[][]::new)));
            }
        }
    }
}
