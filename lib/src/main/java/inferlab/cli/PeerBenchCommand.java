package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.PeerBench;
import inferlab.model.Models;
import inferlab.model.Transformer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code bench peer}: {@link PeerBench} on one model, or with {@code --shapes} on the three standard shapes and the
 * course's Qwen3-0.6B.
 */
@picocli.CommandLine.Command(name = "peer", description = "Decode tokens/s vs transformers on PyTorch"
        + " (run environment/setup-peer.sh first).")
public final class PeerBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR", description = "default data/models/target")
    String dir;
    @Option(names = "--shapes", description = "the three standard shapes (embedded target; Llama 6x256 GQA 8:4;"
            + " GPT-2 small at 2 threads) and, given 16 GiB of RAM, the course's Qwen3-0.6B (2 threads); random"
            + " checkpoints made under build/peer-shapes")
    boolean shapes;
    @Option(names = "--threads", paramLabel = "N", description = "threads for --model, default ${DEFAULT-VALUE}")
    int threads = 1;
    @Option(names = "--prompt-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int prompt = 32;
    @Option(names = "--tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int tokens = Project.size(128, 32);
    @Option(names = "--seconds", paramLabel = "S", description = "seconds per figure and round, default ${DEFAULT-VALUE}")
    double seconds = Project.size(3, 1);
    @Option(names = "--runs", paramLabel = "N", description = "rounds, default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);

    @Override
    public void run(PrintStream out) throws IOException {
        Limits.range("--prompt-tokens", prompt, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--tokens", tokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        Limits.range("--threads", threads, 1, 1024);
        if (!(seconds > 0 && seconds <= 3600)) throw new IllegalArgumentException("--seconds must be in (0, 3600]");
        if (shapes && dir != null) throw new IllegalArgumentException("--shapes and --model exclude each other");
        Path python = Bench.peerPython();
        // Qwen3-0.6B holds about 7 GB here and 3 GB in transformers beside us: only where that leaves room
        boolean course = shapes && PeerBench.roomForCourseShape();
        List<PeerBench.Shape> todo = shapes ? Stream.concat(PeerBench.standardShapes(Project.home()).stream(),
                        course ? Stream.of(PeerBench.courseShape(Project.home())) : Stream.empty()).toList()
                : List.of(new PeerBench.Shape("model", dir == null
                        ? Models.targetDir() : Models.resolve(dir, Models.hubCache()), null, threads));
        List<PeerBench.Result> results = new ArrayList<>();
        for (PeerBench.Shape s : todo) {
            results.add(PeerBench.run(s, python, Project.home().resolve("bench/peer_decode.py"), prompt, tokens, seconds, runs));
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("peer", results)));
            return;
        }
        out.print(Bench.table(PeerBench.HEADER, PeerBench.table(results)));
        out.printf("median [min-max] of %d rounds of >= %.1f s each, engines and peer taking turns; ratios per round;"
                + " prompt %d, %d new tokens%n", runs, seconds, prompt, tokens);
        if (shapes && !course) out.println("qwen3-0.6B: skipped, it needs " + PeerBench.COURSE_SHAPE_RAM_GIB
                + " GiB of RAM");
        for (PeerBench.Result r : results) {
            out.printf("%s: bandwidth limit %.1f tok/s = %.3g B/s (median of the rounds' reads of 1 GiB, %d torch threads)"
                    + " / %.3g B/token (%d threads)%n", r.shape().name(), r.limit(), r.bandwidth().median(),
                    Transformer.djlThreads(), r.bytesPerToken(), r.shape().threads());
        }
    }
}
