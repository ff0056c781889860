package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.DecodeBench;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code bench decode}: {@link DecodeBench#standard}, as a table or JSON. */
public final class DecodeBenchCommand implements Command {
    @Override
    public String usage() {
        return "decode [--tokens N (64)] [--seconds S (2)] [--runs R (3)]   batch-1 decode tokens/s and native ops/token,"
                + " DJL and Java engines";
    }

    @Override
    public void run(Options o, PrintStream out) {
        boolean json = o.flag("json");
        int tokens = o.integer("tokens", Project.size(64, 16));
        double seconds = o.number("seconds", Project.size(2, 1));
        int runs = o.integer("runs", Project.size(3, 1));
        o.requireAllRead();
        if (tokens < 1 || runs < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("--tokens and --runs must be at least 1 and --seconds positive");
        }
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
