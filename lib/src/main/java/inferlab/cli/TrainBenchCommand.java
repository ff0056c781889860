package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.TrainBench;
import inferlab.model.Transformer;
import inferlab.train.TrainConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code bench train}: {@link TrainBench} on a training config's model and batch shape. */
@picocli.CommandLine.Command(name = "train", description = "Training tokens/s vs PyTorch with transformers' model"
        + " (run environment/setup-peer.sh first; threads from INFERLAB_THREADS).")
public final class TrainBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--config", paramLabel = "FILE", description = "training config, default environment/train-target.json")
    String config;
    @Option(names = "--seconds", paramLabel = "S", description = "seconds per figure and round, default ${DEFAULT-VALUE}")
    double seconds = Project.size(20, 3);
    @Option(names = "--runs", paramLabel = "N", description = "rounds, default ${DEFAULT-VALUE}")
    int runs = Project.size(3, 1);

    @Override
    public void run(PrintStream out) throws IOException {
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        if (!(seconds > 0 && seconds <= 3600)) throw new IllegalArgumentException("--seconds must be in (0, 3600]");
        Path python = Bench.peerPython();
        Path file = config == null ? Project.home().resolve("environment/train-target.json") : Path.of(config);
        int threads = Transformer.djlThreads();
        TrainBench.Result r = TrainBench.run(TrainConfig.read(file), file, python,
                Project.home().resolve("bench/peer_train.py"), threads, seconds, runs);
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("train", r)));
            return;
        }
        out.print(Bench.table(new String[] {"model", "params", "threads", "batch x context", "inferlab tok/s",
            "pytorch tok/s", "inferlab/pytorch"}, new Object[][] {{file.getFileName(), String.format("%.2fM",
            r.parameters() / 1e6), threads, r.config().batchSize() + " x " + r.config().context(), r.inferlab().format(0),
            r.pytorch().format(0), r.ratio().format(2)}}));
        out.printf("median [min-max] of %d rounds of >= %.0f s each, taking turns; ratios per round; peer %s%n", runs,
                seconds, r.peer());
    }
}
