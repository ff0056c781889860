package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points the trainer uses: random init, differentiable full-sequence logits, checkpoint writing. */
class TrainingEntryTest {
    static final HfConfig CONFIG = HfConfig.llama(64, 32, 2, 4, 2, 48, 32, false, 1, 2);
    static final int[][] BATCH = {{1, 5, 9, 13, 17, 21, 25, 29}, {1, 6, 11, 16, 21, 26, 31, 36}};

    @Test
    void sameSeedSameWeightsAndFullForwardMatchesSession() {
        try (Transformer a = Transformer.random(CONFIG, new Random(7));
             Transformer b = Transformer.random(CONFIG, new Random(7));
             NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(Checkpoint.parameterShapes(CONFIG).keySet(), a.parameters().keySet());
            NDArray w = a.parameters().get("model.layers.1.mlp.up_proj.weight");
            assertArrayEquals(w.toFloatArray(), b.parameters().get("model.layers.1.mlp.up_proj.weight").toFloatArray());
            float std = (float) Math.sqrt(w.square().mean().getFloat());
            assertEquals(0.02, std, 0.002);
            NDArray logits = a.logits(m.create(BATCH));
            assertEquals(new Shape(2, 8, 64), logits.getShape());
            for (int i = 0; i < BATCH.length; i++) {
                try (Session s = a.newSession()) {
                    float[][] rows = s.append(BATCH[i]);
                    for (int t = 0; t < rows.length; t++) {
                        assertArrayEquals(rows[t], logits.get(i, t).toFloatArray(), 1e-5f);
                    }
                }
            }
        }
    }

    @Test
    void gradientDescentThroughLogitsLowersTheLoss() {
        try (Transformer model = Transformer.random(CONFIG, new Random(3));
             NDManager m = NDManager.newBaseManager("PyTorch")) {
            model.parameters().values().forEach(p -> p.setRequiresGradient(true));
            float first = Float.NaN;
            float last = Float.NaN;
            for (int step = 0; step < 5; step++) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray ids = sm.create(BATCH);
                    float value;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.zeroGradients(); // the engine accumulates gradients across collectors
                        NDArray logits = model.logits(ids.get(":, :-1"));
                        NDArray targets = ids.get(":, 1:").toType(ai.djl.ndarray.types.DataType.INT64, false);
                        NDArray loss = logits.logSoftmax(2).gather(targets.expandDims(2), 2).mean().neg();
                        gc.backward(loss);
                        value = loss.getFloat();
                    }
                    if (step == 0) first = value;
                    last = value;

                    NDArray g = model.parameters().get("model.layers.0.self_attn.q_proj.weight").getGradient();
                    assertTrue(g.abs().sum().getFloat() > 0, "gradient reaches the first layer");
                    for (NDArray p : model.parameters().values()) p.subi(p.getGradient().mul(0.3f));
                }
            }
            assertTrue(last < first - 0.1, "loss " + first + " -> " + last);
        }
    }

    @Test
    void checkpointRoundTripGivesTheSameLogits(@TempDir Path dir) throws Exception {
        HfConfig tied = HfConfig.llama(64, 32, 2, 4, 1, 48, 32, true, 1, 2);
        for (HfConfig config : new HfConfig[] {CONFIG, tied}) {
            try (Transformer model = Transformer.random(config, new Random(11))) {
                Path out = dir.resolve(config.tieWordEmbeddings() ? "tied" : "untied");
                CheckpointWriter.write(model, out);
                try (Transformer loaded = Transformer.load(out); Session a = model.newSession();
                     Session b = loaded.newSession()) {
                    assertEquals(config, loaded.config());
                    float[][] x = a.append(BATCH[0]);
                    float[][] y = b.append(BATCH[0]);
                    for (int t = 0; t < x.length; t++) assertArrayEquals(x[t], y[t], 0f);
                }
            }
        }
    }
}
