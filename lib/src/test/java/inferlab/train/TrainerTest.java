package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void aFewStepsOnABigramModelReduceTheLoss() {
        int v = 16;
        int[] stream = new int[4000];
        for (int i = 0; i < stream.length; i++) stream[i] = (i * 5) % v; // deterministic successor
        TrainingData data = new TrainingData(stream, new int[0], 0);
        TrainConfig c = TrainConfig.parse("""
                {"model": {}, "steps": 30, "batch_size": 4, "context": 8, "learning_rate": 0.05, "min_learning_rate": 0.005,
                 "warmup_steps": 3, "weight_decay": 0.01, "grad_clip": 1.0, "eval_every": 30, "eval_batches": 2,
                 "checkpoint_every": 100, "task_fraction": 0, "seed": 7}""");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray table = m.randomNormal(0, 0.02f, new Shape(v, v), DataType.FLOAT32, m.getDevice());
            Trainer.Model bigram = new Trainer.Model() {
                public Map<String, NDArray> parameters() {
                    Map<String, NDArray> p = new LinkedHashMap<>();
                    p.put("table", table);
                    return p;
                }
                public NDArray forward(NDArray ids) {
                    return table.get(new NDIndex("{}", ids.flatten())).reshape(ids.getShape().get(0), ids.getShape().get(1), v);
                }
                public void save(Path dir) {}
            };
            Trainer trainer = new Trainer(c, bigram, null, data, data, m);
            double before = trainer.validationLoss();
            trainer.run(null, null, System.out);
            List<Trainer.LogRow> log = trainer.log();
            double after = log.get(log.size() - 1).validationLoss();
            assertTrue(after < before - 1.0, "validation loss " + before + " -> " + after);
        }
    }
}
