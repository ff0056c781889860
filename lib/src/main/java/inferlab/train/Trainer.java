package inferlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import inferlab.model.CheckpointWriter;
import inferlab.model.Transformer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training loop: next-token cross-entropy on random windows, AdamW, warm-up + cosine learning rate,
 * global gradient-norm clipping, periodic validation loss and checkpoints.
 *
 * <p>With a teacher (distillation, Hinton et al. 2015) the loss is
 * {@code (1 - w) CE(data) + w H(p_teacher, p_student)}, where the second term is the cross-entropy of the
 * student's next-token distribution against the teacher's full distribution at every position; it differs from
 * KL(p_teacher || p_student) by the teacher's entropy, a constant. Matching the teacher's whole distribution,
 * not just the observed token, is what makes a draft model agree with its target.
 */
public final class Trainer {

    /** What the loop needs from a model: its parameters, a differentiable forward pass, a checkpoint writer. */
    public interface Model {
        /** Trainable tensors by (Hugging Face) name. */
        Map<String, NDArray> parameters();

        /** Logits [B, T, V] for token ids [B, T] (int64), recordable by autograd. */
        NDArray forward(NDArray ids);

        /** Writes {@code config.json} and {@code model.safetensors} into {@code dir}. */
        void save(Path dir);
    }

    /** A {@link Transformer} as the loop sees it; checkpoints are its config and weights in HF layout. */
    public static Model model(Transformer t) {
        return new Model() {
            @Override
            public Map<String, NDArray> parameters() {
                return t.parameters();
            }

            @Override
            public NDArray forward(NDArray ids) {
                return t.logits(ids);
            }

            @Override
            public void save(Path dir) {
                try {
                    CheckpointWriter.write(t, dir);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** One line of the training log; {@code validationLoss} is NaN where it was not measured. */
    public record LogRow(int step, long tokens, double learningRate, double trainLoss, double gradNorm,
                         double validationLoss, double seconds) {
        static final String HEADER = "step,tokens,learning_rate,train_loss,grad_norm,validation_loss,seconds";

        static LogRow parse(String line) {
            String[] f = line.split(",", -1);
            return new LogRow(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]),
                    Double.parseDouble(f[6]));
        }

        /** The rows of a {@code training-log.csv}; empty if the file does not exist. */
        public static List<LogRow> read(Path csv) {
            if (!Files.exists(csv)) return List.of();
            try {
                return Files.readAllLines(csv, StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                        .map(LogRow::parse).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String csv() {
            return step + "," + tokens + "," + (float) learningRate + "," + (float) trainLoss + "," + (float) gradNorm
                    + "," + (Double.isNaN(validationLoss) ? "" : (float) validationLoss) + "," + (float) seconds;
        }
    }

    private final TrainConfig config;
    private final Model model;
    private final Model teacher;
    private final TrainingData train;
    private final int[][][] validationBatches;
    private final NDManager manager;
    private final List<LogRow> log = new ArrayList<>();

    /**
     * @param teacher may be null; with one, {@code config.distillWeight()} of the loss is distillation
     * @param validation source of the fixed validation windows (drawn once, from seed + 1)
     */
    public Trainer(TrainConfig config, Model model, Model teacher, TrainingData train, TrainingData validation, NDManager manager) {
        this.config = config;
        this.model = model;
        this.teacher = teacher;
        this.train = train;
        this.manager = manager;
        Random rng = new Random(config.seed() + 1);
        validationBatches = new int[config.evalBatches()][][];
        for (int i = 0; i < validationBatches.length; i++) {
            validationBatches[i] = validation.sample(config.batchSize(), config.context() + 1, rng);
        }
    }

    /**
     * Continues the log of an earlier phase (the run that produced {@code init}): new rows count steps, tokens
     * and seconds on from its last row, so one curve shows both phases.
     */
    public void continueLog(List<LogRow> earlier) {
        if (!log.isEmpty()) throw new IllegalStateException("continueLog must come before run");
        log.addAll(earlier);
    }

    public List<LogRow> log() {
        return List.copyOf(log);
    }

    /**
     * Runs {@code config.steps()} updates. Checkpoints (see {@link #checkpoint}) go to {@code out} every
     * {@code checkpointEvery} steps and at the end, when {@code out} is not null.
     */
    public void run(Path out, Path tokenizerJson, PrintStream progress) {
        Random rng = new Random(config.seed());
        CosineSchedule schedule = new CosineSchedule(config.learningRate(), config.minLearningRate(),
                config.warmupSteps(), config.steps());
        long start = System.nanoTime();
        LogRow previous = log.isEmpty() ? null : log.get(log.size() - 1);
        int stepOffset = previous == null ? 0 : previous.step();
        double secondsOffset = previous == null ? 0 : previous.seconds();
        long tokens = previous == null ? 0 : previous.tokens();
        try (AdamW optimizer = new AdamW(model.parameters(), manager, 0.9, 0.95, 1e-8, config.weightDecay())) {
            for (NDArray p : model.parameters().values()) p.setRequiresGradient(true);
            for (int step = 1; step <= config.steps(); step++) {
                double lr = schedule.at(step - 1);
                int[][] batch = train.sample(config.batchSize(), config.context() + 1, rng);
                double loss;
                try (NDManager sub = manager.newSubManager()) {
                    NDArray ids = sub.create(flatten(batch), new Shape(batch.length, batch[0].length)).toType(DataType.INT64, false);
                    NDArray x = ids.get(":, :-1");
                    NDArray y = ids.get(":, 1:");
                    NDArray teacherLogits = teacher == null ? null : teacher.forward(x);
                    if (teacherLogits != null) teacherLogits.attach(sub);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(x);
                        logits.attach(sub);
                        NDArray l = loss(logits, y, teacherLogits);
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                }
                double norm = optimizer.clipGradients(config.gradClip());
                if (Double.isFinite(loss) && Double.isFinite(norm)) {
                    optimizer.step(lr);
                } else {
                    // One overflowing batch must not poison the weights: drop its gradients instead.
                    optimizer.zeroGradients();
                    progress.println("step " + step + ": non-finite loss or gradient, update skipped");
                }
                tokens += (long) config.batchSize() * config.context();
                boolean eval = step % config.evalEvery() == 0 || step == config.steps();
                double seconds = secondsOffset + (System.nanoTime() - start) / 1e9;
                LogRow row = new LogRow(stepOffset + step, tokens, lr, loss, norm, eval ? validationLoss() : Double.NaN, seconds);
                log.add(row);
                if (eval || step % 10 == 0) progress.println(row.csv());
                if (out != null && (step % config.checkpointEvery() == 0 || step == config.steps())) {
                    checkpoint(out, tokenizerJson);
                }
            }
        }
    }

    /** Mean next-token loss; with a teacher, mixed with cross-entropy against the teacher's distribution. */
    NDArray loss(NDArray logits, NDArray targets, NDArray teacherLogits) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray ce = logp.gather(targets.expandDims(-1), -1).mean().neg();
        if (teacherLogits == null) return ce;
        NDArray soft = teacherLogits.softmax(-1).mul(logp).sum(new int[] {-1}).mean().neg();
        double w = config.distillWeight();
        return ce.mul((float) (1 - w)).add(soft.mul((float) w));
    }

    /** Mean cross-entropy (nats per token) on the fixed validation windows, without recording gradients. */
    public double validationLoss() {
        double sum = 0;
        for (int[][] batch : validationBatches) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray ids = sub.create(flatten(batch), new Shape(batch.length, batch[0].length)).toType(DataType.INT64, false);
                NDArray logits = model.forward(ids.get(":, :-1"));
                logits.attach(sub);
                NDArray ce = logits.logSoftmax(-1).gather(ids.get(":, 1:").expandDims(-1), -1).mean().neg();
                sum += ce.getFloat();
            }
        }
        return sum / validationBatches.length;
    }

    /**
     * A complete Hugging Face model directory: the model's config and weights, {@code tokenizer.json},
     * {@code generation_config.json}, {@code training-log.csv} and {@code loss.png}. Written to a temporary
     * sibling and renamed into place, so a reader never sees a half-written checkpoint.
     */
    public void checkpoint(Path out, Path tokenizerJson) {
        try {
            Path dir = out.toAbsolutePath();
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
            Path old = dir.resolveSibling(dir.getFileName() + ".old");
            deleteRecursively(tmp);
            Files.createDirectories(tmp);
            model.save(tmp);
            Files.copy(tokenizerJson, tmp.resolve("tokenizer.json"));
            int eos = config.model().has("eos_token_id") ? config.model().get("eos_token_id").getAsInt() : 0;
            JsonObject gen = new JsonObject();
            gen.addProperty("bos_token_id", config.model().has("bos_token_id") ? config.model().get("bos_token_id").getAsInt() : eos);
            gen.addProperty("eos_token_id", eos);
            Files.writeString(tmp.resolve("generation_config.json"),
                    new GsonBuilder().setPrettyPrinting().create().toJson(gen) + "\n", StandardCharsets.UTF_8);
            StringBuilder csv = new StringBuilder(LogRow.HEADER).append('\n');
            for (LogRow r : log) csv.append(r.csv()).append('\n');
            Files.writeString(tmp.resolve("training-log.csv"), csv, StandardCharsets.UTF_8);
            LossCurve.write(log, tmp.resolve("loss.png"));
            // Keep README.md (the model card) across checkpoints.
            if (Files.exists(dir.resolve("README.md"))) Files.copy(dir.resolve("README.md"), tmp.resolve("README.md"));
            deleteRecursively(old);
            if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    private static int[] flatten(int[][] batch) {
        int[] out = new int[batch.length * batch[0].length];
        for (int b = 0; b < batch.length; b++) System.arraycopy(batch[b], 0, out, b * batch[b].length, batch[b].length);
        return out;
    }
}
