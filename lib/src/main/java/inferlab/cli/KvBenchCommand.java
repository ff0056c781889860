package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.study.CacheBenchmark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Option;

/**
 * {@code bench kv}: per-token decode latency of each KV cache variant against context length, the bytes each
 * holds, and the memory of paged forks against copies. Contexts past the checkpoint's trained positions run on
 * a random model of the same shape (the time does not depend on the weights).
 */
@picocli.CommandLine.Command(name = "kv",
        description = "KV cache variants: ms/token vs context, bytes held, paged forks.")
public final class KvBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
    String dir = Models.targetDir().toString();
    @Option(names = "--contexts", paramLabel = "N,N,...", split = ",", description = "default ${DEFAULT-VALUE}")
    int[] contexts = Project.quick() ? new int[] {32, 128} : new int[] {32, 64, 128, 256, 512};
    @Option(names = "--steps", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int steps = Project.size(16, 4);
    @Option(names = "--runs", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);

    @Override
    public void run(PrintStream out) {
        for (int c : contexts) Limits.range("--contexts", c, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--steps", steps, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
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
