package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.DecodeBench;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code bench decode}: {@link DecodeBench#standard}, as a table or JSON. */
@picocli.CommandLine.Command(name = "decode", description = "Batch-1 decode tokens/s and native (DJL) operations"
        + " per token with the KV cache, on the DJL and Java engines taking turns.")
public final class DecodeBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--tokens", paramLabel = "N", description = "tokens per decode run, default ${DEFAULT-VALUE}")
    int tokens = Project.size(64, 16);
    @Option(names = "--seconds", paramLabel = "S", description = "seconds of decoding per figure and round, default ${DEFAULT-VALUE}")
    double seconds = Project.size(2, 1);
    @Option(names = "--runs", paramLabel = "N", description = "rounds, default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);

    @Override
    public void run(PrintStream out) {
        Limits.range("--tokens", tokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        if (!(seconds > 0 && seconds <= 3600)) throw new IllegalArgumentException("--seconds must be in (0, 3600]");
        List<DecodeBench.Row> rows = DecodeBench.standard(Project.home(), tokens, seconds, runs);
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("decode", rows)));
            return;
        }
        Object[][] table = rows.stream().map(r -> new Object[] {r.model(), r.engine(),
                String.format("%.1fM", r.parameters() / 1e6), r.tokensPerSecond().format(1),
                String.format("%.2f", 1000 / r.tokensPerSecond().median()), String.format("%.0f", r.nativeOpsPerToken())})
                .toArray(Object[][]::new);
        out.print(Bench.table(new String[] {"model", "engine", "params", "tokens/s median [min-max]", "ms/token",
                "native ops/token"}, table));
        out.printf("%d rounds of >= %.1f s per figure, engines taking turns in alternating order%n", runs, seconds);
    }
}
