package inferlab.cli;

import com.google.gson.GsonBuilder;
import inferlab.Project;
import inferlab.bench.BeamBench;
import inferlab.model.HfConfig;
import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.model.Transformer;
import java.io.PrintStream;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Option;

/**
 * {@code bench beam}: cost per step of beam search (4 beams, one batched forward per step) relative to greedy
 * decoding, on {@code --model} or, by default, a randomly initialised model of the course target's shape.
 */
@picocli.CommandLine.Command(name = "beam", description = "Beam search vs greedy: ms/step and their ratio.")
public final class BeamBenchCommand implements Command {
    @Option(names = "--json")
    boolean json;
    @Option(names = "--model", paramLabel = "DIR", description = "default: a random model of the target's shape")
    String dir;
    @Option(names = "--beams", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int beams = 4;
    @Option(names = "--tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int tokens = Project.size(32, 8);
    @Option(names = "--runs", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int runs = Project.size(5, 2);

    @Override
    public void run(PrintStream out) {
        Limits.range("--beams", beams, 1, Limits.MAX_BEAMS);
        Limits.range("--tokens", tokens, 1, Limits.MAX_BENCH_TOKENS);
        Limits.range("--runs", runs, 1, Limits.MAX_RUNS);
        HfConfig targetShape = HfConfig.llama(4096, 192, 4, 4, 2, 512, 256, true, 0, 0);
        BeamBench.Row row;
        try (LanguageModel m = dir == null ? Transformer.random(targetShape, new Random(0)) : Models.load(dir)) {
            row = BeamBench.run(dir == null ? "random llama, target shape" : dir, m, beams, tokens, 1, runs);
        }
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(Map.of("beam", row)));
            return;
        }
        out.print(Bench.table(new String[] {"model", "beams", "tokens", "greedy ms/step", "beam ms/step", "beam/greedy"},
                new Object[][] {{row.model(), row.beams(), row.tokens(), String.format("%.2f", row.greedyMsPerStep()),
                    String.format("%.2f", row.beamMsPerStep()), String.format("%.2fx", row.ratio())}}));
    }
}
