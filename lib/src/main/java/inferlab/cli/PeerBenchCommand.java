package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.PeerBench;
import inferlab.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code bench peer}: {@link PeerBench} on one model, or on the three standard shapes with {@code --shapes}. */
public final class PeerBenchCommand implements Command {
    @Override
    public String usage() {
        return "peer [--model DIR | --shapes] [--threads N (1)] [--prompt-tokens N (32)] [--tokens N (128)] [--seconds S (3)]"
                + " [--runs R (3)]   decode tokens/s vs transformers on PyTorch (run environment/setup-peer.sh first)";
    }

    @Override
    public void run(Options o, PrintStream out) throws IOException {
        boolean json = o.flag("json");
        boolean shapes = o.flag("shapes");
        String dir = o.string("model", null);
        int threads = o.integer("threads", 1);
        int prompt = o.integer("prompt-tokens", 32);
        int tokens = o.integer("tokens", Project.size(128, 32));
        double seconds = o.number("seconds", Project.size(3, 1));
        int runs = o.integer("runs", Project.size(3, 1));
        o.requireAllRead();
        if (shapes && dir != null) throw new IllegalArgumentException("--shapes and --model exclude each other");
        if (prompt < 1 || tokens < 1 || runs < 1 || threads < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("--prompt-tokens, --tokens, --runs and --threads must be at least 1,"
                    + " --seconds positive");
        }
        Path python = Project.home().resolve("build/peer-venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalArgumentException("no peer environment at " + python + ": run environment/setup-peer.sh");
        }
        List<PeerBench.Shape> todo = shapes ? PeerBench.standardShapes(Project.home())
                : List.of(new PeerBench.Shape("model", Models.resolve(dir == null
                        ? Project.data().resolve("models/target").toString() : dir, Models.hubCache()), null, threads));
        List<PeerBench.Result> results = new ArrayList<>();
        for (PeerBench.Shape s : todo) {
            results.add(PeerBench.run(s, python, Project.home().resolve("bench/peer_decode.py"), prompt, tokens, seconds, runs));
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(Map.of("peer", results)));
            return;
        }
        out.print(Bench.table(PeerBench.HEADER, PeerBench.table(results)));
        out.printf("median [min-max] of %d rounds of >= %.1f s each, engines and peer taking turns; ratios per round;"
                + " prompt %d, %d new tokens%n", runs, seconds, prompt, tokens);
        for (PeerBench.Result r : results) {
            out.printf("%s: bandwidth limit %.1f tok/s = %.3g B/s / %.3g B/token (%d threads)%n", r.shape().name(),
                    r.limit(), r.bandwidth(), r.bytesPerToken(), r.shape().threads());
        }
    }
}
