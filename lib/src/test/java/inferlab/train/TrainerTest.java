package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import inferlab.Project;
import inferlab.model.HfConfig;
import inferlab.model.Session;
import inferlab.model.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    private static final String CONFIG = """
            {"model": {}, "steps": 30, "batch_size": 4, "context": 16, "learning_rate": 0.01, "min_learning_rate": 0.001,
             "warmup_steps": 3, "weight_decay": 0.01, "grad_clip": 1.0, "eval_every": 30, "eval_batches": 2,
             "checkpoint_every": 30, "task_fraction": 0, "seed": 7}""";

    @Test
    void aFewStepsReduceTheLossAndTheCheckpointReloadsWithIdenticalLogits(@TempDir Path tmp) {
        int v = 64;
        int[] stream = new int[4000];
        for (int i = 0; i < stream.length; i++) stream[i] = 1 + (i * 7) % (v - 1); // a deterministic cycle
        TrainingData data = new TrainingData(stream, new int[0], 0);
        TrainConfig c = TrainConfig.parse(CONFIG);
        HfConfig config = HfConfig.llama(v, 32, 1, 2, 1, 64, 32, true, 0, 0);
        Path run = tmp.resolve("run");
        Path out = run.resolve(Trainer.CHECKPOINT);
        int[] probe = {1, 8, 15, 22, 29, 36};
        float[][] trained;
        try (Transformer model = Transformer.random(config, new Random(1));
             NDManager m = NDManager.newBaseManager("PyTorch")) {
            Trainer trainer = new Trainer(c, Trainer.model(model), null, data, data, m);
            double before = trainer.validationLoss();
            trainer.run(run, Project.data().resolve("tokenizer/tokenizer.json"), System.out);
            List<Trainer.LogRow> log = trainer.log();
            double after = log.get(log.size() - 1).validationLoss();
            assertTrue(after < before - 1.0, "validation loss " + before + " -> " + after);
            try (Session s = model.newSession(Transformer.Engine.DJL)) {
                trained = s.append(probe);
            }
            // A second phase continues the first one's log.
            Trainer second = new Trainer(TrainConfig.parse(CONFIG.replace("\"steps\": 30", "\"steps\": 2")),
                    Trainer.model(model), null, data, data, m);
            second.continueLog(Trainer.LogRow.read(out.resolve("training-log.csv")));
            second.run(null, null, System.out);
            List<Trainer.LogRow> all = second.log();
            assertEquals(32, all.get(all.size() - 1).step());
            assertEquals(32L * 4 * 16, all.get(all.size() - 1).tokens());
        }
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json",
                "training-log.csv", "loss.png", Trainer.OPTIMIZER, Trainer.STATE)) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (Transformer reloaded = Transformer.load(out); Session s = reloaded.newSession(Transformer.Engine.DJL)) {
            float[][] again = s.append(probe);
            for (int i = 0; i < probe.length; i++) assertArrayEquals(trained[i], again[i], 0f);
        }
    }

    /** 4,000 tokens 1 + (i^2 + 3i) mod (v - 1): a stream with some structure to learn, the same every time. */
    static TrainingData quadraticStream(int v) {
        int[] stream = new int[4000];
        for (int i = 0; i < stream.length; i++) stream[i] = 1 + (i * i + 3 * i) % (v - 1);
        return new TrainingData(stream, new int[0], 0);
    }

    /** The model of the resume tests. */
    private static final HfConfig SMALL = HfConfig.llama(64, 32, 1, 2, 1, 64, 32, true, 0, 0);
    private static final Path TOKENIZER = Project.data().resolve("tokenizer/tokenizer.json");

    /** Trains {@link #SMALL} from the weights of seed 1 into {@code runDir}, stopped after step {@code last}. */
    static void trainFromSeed1(String trainConfig, TrainingData data, Path runDir, int last) {
        try (Transformer model = Transformer.random(SMALL, new Random(1)); NDManager m = NDManager.newBaseManager("PyTorch")) {
            new Trainer(TrainConfig.parse(trainConfig), Trainer.model(model), null, data, data, m).runUntil(runDir, TOKENIZER, System.out, last);
        }
    }

    /** The weights of the last checkpoint in {@code runDir}, as written. */
    static byte[] checkpointWeights(Path runDir) throws IOException {
        return Files.readAllBytes(runDir.resolve(Trainer.CHECKPOINT).resolve("model.safetensors"));
    }

    @Test
    void aRunStoppedAndResumedEndsWithTheWeightsOfAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        TrainingData data = quadraticStream(64);
        String twelve = CONFIG.replace("\"steps\": 30", "\"steps\": 12").replace("\"checkpoint_every\": 30", "\"checkpoint_every\": 5")
                .replace("\"eval_every\": 30", "\"eval_every\": 4");
        trainFromSeed1(twelve, data, tmp.resolve("a"), 12);
        byte[] uninterrupted = checkpointWeights(tmp.resolve("a")), resumed;
        // Stopped after the checkpoint at step 5, then resumed by a new process into a model with other weights.
        Path b = tmp.resolve("b");
        trainFromSeed1(twelve, data, b, 5);
        try (Transformer fresh = Transformer.random(SMALL, new Random(99)); NDManager m = NDManager.newBaseManager("PyTorch")) {
            Trainer second = new Trainer(TrainConfig.parse(twelve), Trainer.model(fresh), null, data, data, m);
            second.run(b, TOKENIZER, System.out);
            resumed = checkpointWeights(b);
            List<Trainer.LogRow> log = second.log();
            assertEquals(12, log.size());
            assertEquals(12, log.get(11).step());
        }
        assertArrayEquals(uninterrupted, resumed);
    }

    @Test
    void aRunKilledBetweenTheCheckpointRenamesResumesFromTheNewCheckpoint(@TempDir Path tmp) throws Exception {
        TrainingData data = quadraticStream(64);
        String twelve = CONFIG.replace("\"steps\": 30", "\"steps\": 12").replace("\"checkpoint_every\": 30", "\"checkpoint_every\": 5");
        trainFromSeed1(twelve, data, tmp.resolve("a"), 12);
        byte[] uninterrupted = checkpointWeights(tmp.resolve("a")), resumed;
        // The checkpoint of step 10 is complete in checkpoint.tmp, the one of step 5 moved to checkpoint.old, and the
        // process dies before the second rename.
        Path b = tmp.resolve("b"), five = tmp.resolve("five");
        trainFromSeed1(twelve, data, five, 5);
        trainFromSeed1(twelve, data, b, 10);
        Files.move(b.resolve(Trainer.CHECKPOINT), b.resolve(Trainer.CHECKPOINT + ".tmp"));
        Files.move(five.resolve(Trainer.CHECKPOINT), b.resolve(Trainer.CHECKPOINT + ".old"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (Transformer fresh = Transformer.random(SMALL, new Random(99)); NDManager m = NDManager.newBaseManager("PyTorch")) {
            Trainer second = new Trainer(TrainConfig.parse(twelve), Trainer.model(fresh), null, data, data, m);
            second.run(b, TOKENIZER, new PrintStream(progress, true));
            resumed = checkpointWeights(b);
            assertEquals(12, second.log().size());
        }
        assertTrue(progress.toString().contains("resuming at step 10 of 12"), progress.toString());
        assertArrayEquals(uninterrupted, resumed);
    }

    @Test
    void aDamagedCheckpointOrOneOfAnotherConfigurationIsRefusedNamingWhyAndKept(@TempDir Path tmp) throws Exception {
        int v = 64;
        int[] stream = new int[4000];
        for (int i = 0; i < stream.length; i++) stream[i] = 1 + (i * 5) % (v - 1);
        TrainingData data = new TrainingData(stream, new int[0], 0);
        String six = CONFIG.replace("\"steps\": 30", "\"steps\": 6").replace("\"checkpoint_every\": 30", "\"checkpoint_every\": 3");
        Path run = tmp.resolve("run"), ckpt = run.resolve(Trainer.CHECKPOINT);
        trainFromSeed1(six, data, run, 3);
        int[] edited = stream.clone();
        edited[100]++;
        try (Transformer model = Transformer.random(SMALL, new Random(1)); NDManager m = NDManager.newBaseManager("PyTorch")) {
            Trainer t = new Trainer(TrainConfig.parse(six), Trainer.model(model), null, new TrainingData(edited, new int[0], 0), data, m);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> t.run(run, TOKENIZER, System.out));
            assertTrue(e.getMessage().contains("holds a run on other training data"), e.getMessage());
        }
        byte[] state = Files.readAllBytes(ckpt.resolve(Trainer.STATE)), log = Files.readAllBytes(ckpt.resolve("training-log.csv"));
        record Case(String config, String file, byte[] content, String expected) {}
        for (Case c : List.of(
                new Case(six.replace("\"seed\": 7", "\"seed\": 8"), null, null, "another configuration (seed 7 -> 8)"),
                new Case(six, Trainer.STATE, new byte[0], "state.json is unreadable"),
                new Case(six, Trainer.STATE, "{\"step\": 3}".getBytes(), "state.json is unreadable"),
                new Case(six, "training-log.csv", Arrays.copyOf(log, 75), "training-log.csv is unreadable"),
                new Case(six, "training-log.csv", Arrays.copyOf(log, 71), "training-log.csv is unreadable"))) {
            if (c.file() != null) Files.write(ckpt.resolve(c.file()), c.content());
            try (Transformer model = Transformer.random(SMALL, new Random(1)); NDManager m = NDManager.newBaseManager("PyTorch")) {
                Trainer t = new Trainer(TrainConfig.parse(c.config()), Trainer.model(model), null, data, data, m);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> t.run(run, TOKENIZER, System.out), c.expected());
                assertTrue(e.getMessage().contains(c.expected()), e.getMessage());
            }
            if (c.file() != null) assertArrayEquals(c.content(), Files.readAllBytes(ckpt.resolve(c.file()))); // kept as found
            Files.write(ckpt.resolve(Trainer.STATE), state);
            Files.write(ckpt.resolve("training-log.csv"), log);
        }
    }

    /**
     * The parameters' gradients after one forward and backward pass of {@code config}'s model (seed 1) on a fixed
     * batch, with the distillation loss against a second model; {@code collect} runs the garbage collector between
     * the two passes and then fills freed memory with NaN.
     */
    private static float[] gradients(HfConfig config, boolean collect) throws InterruptedException {
        int[][] batch = new int[4][17];
        for (int b = 0; b < 4; b++) for (int t = 0; t < 17; t++) batch[b][t] = 1 + (7 * b + 3 * t * t) % 63;
        try (Transformer model = Transformer.random(config, new Random(1)); Transformer teacher = Transformer.random(config, new Random(2));
             NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (NDArray p : model.parameters().values()) p.setRequiresGradient(true);
            List<ByteBuffer> filler = new ArrayList<>();
            NDArray ids = m.create(batch).toType(DataType.INT64, false), x = ids.get(":, :-1"), y = ids.get(":, 1:");
            NDArray teacherLogits = teacher.logits(x);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Trainer.loss(model.logits(x), y, teacherLogits, 0.5);
                if (collect) {
                    for (int round = 0; round < 3; round++) {
                        System.gc();
                        Thread.sleep(50); // direct buffers are freed by the reference handler thread, after the collection
                        for (int i = 0; i < 20_000; i++) {
                            filler.add(ByteBuffer.allocateDirect(4 * (1 + i % 4)).order(ByteOrder.nativeOrder()).putFloat(0, Float.NaN));
                        }
                    }
                }
                gc.backward(loss);
            }
            int n = model.parameters().values().stream().mapToInt(p -> (int) p.size()).sum(), at = 0;
            float[] out = new float[n];
            for (NDArray p : model.parameters().values()) {
                float[] g = p.getGradient().toFloatArray();
                System.arraycopy(g, 0, out, at, g.length);
                at += g.length;
            }
            return out;
        }
    }

    /**
     * DJL's {@code a.mul(2f)} wraps the number in an array over a Java buffer and closes that array at once, but
     * autograd keeps it for the backward pass: once the garbage collector frees the buffer the backward reads
     * whatever lies there, and a training run's weights depend on when the collector ran (a resumed run then
     * differed from an uninterrupted one in 4 of 162 test runs here).
     */
    @Test
    void theGradientsDoNotDependOnTheGarbageCollectorRunningBeforeTheBackwardPass() throws InterruptedException {
        for (HfConfig config : List.of(HfConfig.llama(64, 32, 4, 2, 1, 64, 32, true, 0, 0), HfConfig.gpt2(64, 32, 4, 2, 32))) {
            float[] quiet = gradients(config, false), collected = gradients(config, true);
            assertArrayEquals(quiet, collected, 0f, config.architecture().toString());
        }
    }

    @Test
    void dataShorterThanOneWindowIsRefusedNamingTheWindow() {
        TrainingData shortData = new TrainingData(new int[] {1, 2, 3, 4, 5}, new int[0], 0);
        try (Transformer model = Transformer.random(SMALL, new Random(1)); NDManager m = NDManager.newBaseManager("PyTorch")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Trainer(TrainConfig.parse(CONFIG), Trainer.model(model), null, shortData, shortData, m));
            assertTrue(e.getMessage().contains("shorter than one window of context + 1 = 17 tokens"), e.getMessage());
        }
    }

    @Test
    void aPinnedTokenizerCutOffBeforeTheFirstCheckpointIsMadeAfresh(@TempDir Path tmp) throws Exception {
        Path source = Project.data().resolve("tokenizer/tokenizer.json"), run = Files.createDirectories(tmp.resolve("run"));
        byte[] whole = Files.readAllBytes(source);
        Files.write(run.resolve("tokenizer.json"), Arrays.copyOf(whole, 100)); // a copy killed midway
        assertArrayEquals(whole, Files.readAllBytes(Trainer.pinTokenizer(run, source)));
        // once a checkpoint depends on it, the pin stays as it is
        Files.createDirectories(run.resolve(Trainer.CHECKPOINT));
        Files.writeString(run.resolve("tokenizer.json"), "pinned");
        assertEquals("pinned", Files.readString(Trainer.pinTokenizer(run, source)));
    }
}
