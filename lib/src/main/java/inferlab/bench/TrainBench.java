package inferlab.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import inferlab.measure.Measure;
import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import inferlab.train.AdamW;
import inferlab.train.TrainConfig;
import inferlab.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Training throughput against the peer: {@link Trainer#update} (the step the trainer takes: forward, cross-entropy,
 * backward, global-norm clipping, AdamW) against PyTorch's own loop with {@code transformers}' model of the same
 * configuration, {@code torch.optim.AdamW} and {@code clip_grad_norm_} ({@code bench/peer_train.py}), on random
 * batches of the configuration's shape, at the same thread count. The two take turns (see {@link Measure}); tokens
 * are batch × context per step.
 */
public final class TrainBench {
    private TrainBench() {}

    /** Tokens/s of InferLab and of the peer, the ratio per round, and the peer's versions. */
    public record Result(TrainConfig config, long parameters, String peer, Measure.Figure inferlab,
                         Measure.Figure pytorch, Measure.Figure ratio) {}

    public static Result run(TrainConfig config, Path configFile, Path python, Path script, int threads, double seconds,
                             int repeats) throws IOException {
        HfConfig shape = HfConfig.parse(config.model().toString());
        try (PeerProcess peer = new PeerProcess(List.of(python.toString(), script.toString(), "--config",
                configFile.toString(), "--threads", String.valueOf(threads)));
             Transformer model = Transformer.random(shape, new Random(config.seed()));
             NDManager manager = NDManager.newBaseManager();
             AdamW optimizer = new AdamW(model.parameters(), manager, 0.9, 0.95, 1e-8, config.weightDecay())) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            Trainer.Model trained = Trainer.model(model);
            Random rng = new Random(0);
            Measure.Workload ours = () -> {
                int[][] batch = randomBatch(config, shape.vocabSize(), rng);
                long start = System.nanoTime();
                Trainer.update(config, trained, null, optimizer, batch, config.learningRate(), manager);
                return new Measure.Work((double) config.batchSize() * config.context(), (System.nanoTime() - start) / 1e9);
            };
            Measure.Workload theirs = () -> {
                JsonObject o = peer.request("measure " + seconds);
                return new Measure.Work(o.get("tokens").getAsDouble(), o.get("seconds").getAsDouble());
            };
            List<Measure.Figure> f = Measure.rates(List.of(new Measure.Contender("inferlab", ours),
                    new Measure.Contender("pytorch", theirs)), seconds, repeats);
            return new Result(config, model.parameterCount(), peer.versions(), f.get(0), f.get(1), f.get(0).over(f.get(1)));
        }
    }

    private static int[][] randomBatch(TrainConfig config, int vocab, Random rng) {
        int[][] batch = new int[config.batchSize()][config.context() + 1];
        for (int[] row : batch) for (int i = 0; i < row.length; i++) row[i] = rng.nextInt(vocab);
        return batch;
    }
}
