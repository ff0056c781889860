package inferlab.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.model.CheckpointWriter;
import inferlab.model.Safetensors;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
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

    /** The checkpoint's directory inside a run directory, and its two resume-only files. */
    public static final String CHECKPOINT = "checkpoint", OPTIMIZER = "optimizer.safetensors", STATE = "state.json";

    private final TrainConfig config;
    private final Model model;
    private final Model teacher;
    private final TrainingData train;
    private final int[][][] validationBatches;
    private final NDManager manager;
    private final List<LogRow> log = new ArrayList<>();
    private String dataFingerprint;

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
        // else the first batch fails with Random's bare "bound must be positive", after the data took seconds to load
        requireWindows(train, "training", config.context() + 1);
        requireWindows(validation, "validation", config.context() + 1);
        Random rng = new Random(config.seed() + 1);
        validationBatches = new int[config.evalBatches()][][];
        for (int i = 0; i < validationBatches.length; i++) {
            validationBatches[i] = validation.sample(config.batchSize(), config.context() + 1, rng);
        }
    }

    private static void requireWindows(TrainingData data, String name, int window) {
        if (data.corpusTokens().length < window && data.taskFraction() < 1 || data.taskTokens().length < window && data.taskFraction() > 0) {
            throw new IllegalArgumentException("the " + name + " data (" + data.corpusTokens().length + " corpus and "
                    + data.taskTokens().length + " task tokens) is shorter than one window of context + 1 = " + window
                    + " tokens");
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
     * Runs the updates up to {@code config.steps()}. With a run directory, a checkpoint (see {@link #checkpoint})
     * goes to {@code runDir/checkpoint} every {@code checkpointEvery} steps and at the end, and a run that finds
     * one there resumes from it: weights, AdamW moments and step count, and the log are restored, and the batch
     * of step s is drawn from an RNG seeded by (seed, s) alone, so a run stopped anywhere and resumed ends with
     * the weights an uninterrupted run would have. {@code runDir} may be null (no checkpoints).
     */
    public void run(Path runDir, Path tokenizerJson, PrintStream progress) {
        runUntil(runDir, tokenizerJson, progress, config.steps());
    }

    /** {@link #run}, stopped after step {@code last} as if the process had been killed after that checkpoint. */
    void runUntil(Path runDir, Path tokenizerJson, PrintStream progress, int last) {
        CosineSchedule schedule = new CosineSchedule(config.learningRate(), config.minLearningRate(),
                config.warmupSteps(), config.steps());
        if (runDir != null) tokenizerJson = pinTokenizer(runDir, tokenizerJson);
        try (AdamW optimizer = new AdamW(model.parameters(), manager, 0.9, 0.95, 1e-8, config.weightDecay())) {
            if (runDir != null) finishInterruptedCheckpoint(runDir);
            int done = runDir == null ? 0 : resume(runDir.resolve(CHECKPOINT), optimizer);
            if (done > 0) progress.printf("resuming at step %d of %d from %s%n", done, config.steps(), runDir.resolve(CHECKPOINT));
            LogRow previous = log.isEmpty() ? null : log.get(log.size() - 1);
            int stepOffset = (previous == null ? 0 : previous.step()) - done;
            double secondsOffset = previous == null ? 0 : previous.seconds();
            long tokens = previous == null ? 0 : previous.tokens();
            long start = System.nanoTime();
            for (NDArray p : model.parameters().values()) p.setRequiresGradient(true);
            for (int step = done + 1; step <= last; step++) {
                double lr = schedule.at(step - 1);
                int[][] batch = train.sample(config.batchSize(), config.context() + 1, batchRng(step));
                Update u = update(config, model, teacher, optimizer, batch, lr, manager);
                if (!u.applied()) progress.println("step " + step + ": non-finite loss or gradient, update skipped");
                double loss = u.loss(), norm = u.gradNorm();
                tokens += (long) config.batchSize() * config.context();
                boolean eval = step % config.evalEvery() == 0 || step == config.steps();
                double elapsed = (System.nanoTime() - start) / 1e9;
                LogRow row = new LogRow(stepOffset + step, tokens, lr, loss, norm, eval ? validationLoss() : Double.NaN,
                        secondsOffset + elapsed);
                log.add(row);
                if (eval || step % 10 == 0) progress.println(progressLine(row, step, done, elapsed));
                if (runDir != null && (step % config.checkpointEvery() == 0 || step == last)) {
                    checkpoint(runDir, tokenizerJson, optimizer, step);
                }
            }
        }
    }

    /** What one update did: the batch's loss, the gradient norm before clipping, and whether the step was taken. */
    public record Update(double loss, double gradNorm, boolean applied) {}

    /**
     * One optimisation step on {@code batch} (rows of {@code context + 1} ids): forward, loss (mixed with
     * distillation when {@code teacher} is set), backward, global-norm clipping, AdamW at {@code lr}. A batch whose
     * loss or gradient is not finite leaves the weights untouched: one overflow must not poison the model.
     * Public so that a benchmark times exactly the step the trainer takes.
     */
    public static Update update(TrainConfig config, Model model, Model teacher, AdamW optimizer, int[][] batch,
                                double lr, NDManager manager) {
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
                NDArray l = loss(logits, y, teacherLogits, config.distillWeight());
                gc.backward(l);
                loss = l.getFloat();
            }
        }
        double norm = optimizer.clipGradients(config.gradClip());
        boolean finite = Double.isFinite(loss) && Double.isFinite(norm);
        if (finite) {
            optimizer.step(lr);
        } else {
            optimizer.zeroGradients();
        }
        return new Update(loss, norm, finite);
    }

    /**
     * The run's own copy of the tokenizer, made when the run starts; returns its path. A resumed run tokenizes its
     * data with it and checkpoints copy it, so a tokenizer retrained or checked out during a long run cannot slip
     * into the run.
     */
    public static Path pinTokenizer(Path runDir, Path tokenizerJson) {
        try {
            Path pinned = runDir.resolve("tokenizer.json");
            // a kill during a plain copy left a cut-off pin that every later run of this directory kept and failed
            // on; so the copy goes through a temp file and a rename, and until a checkpoint (or the .old of one cut
            // off mid-swap) depends on the pin, an existing pin is made afresh
            boolean depended = Files.exists(runDir.resolve(CHECKPOINT)) || Files.exists(runDir.resolve(CHECKPOINT + ".old"));
            if (!Files.exists(pinned) || !depended) {
                Files.createDirectories(runDir);
                Path tmp = runDir.resolve("tokenizer.json.tmp");
                Files.copy(tokenizerJson, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, pinned, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return pinned;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The batch of step {@code step} depends on the seed and the step only, so a resumed run draws the same. */
    private Random batchRng(int step) {
        return new Random(config.seed() * 1_000_003L + step);
    }

    /** {@code step 120/3000  loss 2.314  val 2.401  1,950 tok/s  ETA 1h32m}: throughput over this process's steps. */
    private String progressLine(LogRow row, int step, int resumedAt, double elapsed) {
        double tokensPerSecond = (step - resumedAt) * (double) config.batchSize() * config.context() / elapsed;
        long eta = Math.round((config.steps() - step) * elapsed / (step - resumedAt));
        return String.format("step %d/%d  loss %.3f%s  lr %.2e  %,.0f tok/s  ETA %dh%02dm", step, config.steps(),
                row.trainLoss(), Double.isNaN(row.validationLoss()) ? "" : String.format("  val %.3f", row.validationLoss()),
                row.learningRate(), tokensPerSecond, eta / 3600, eta / 60 % 60);
    }

    /**
     * A process killed between {@link #checkpoint}'s two renames leaves no {@code checkpoint} but {@code checkpoint.old}
     * (the previous one) and {@code checkpoint.tmp}, complete since it was finished before the first rename. Without
     * this the run would restart from step 0 and its next checkpoint would delete both: the swap is finished instead
     * (or, should the new one lack its state file, the previous checkpoint is put back). Without {@code .old} a
     * missing checkpoint means none was ever completed, and a {@code .tmp} is a half-written first one.
     */
    static void finishInterruptedCheckpoint(Path runDir) {
        Path dir = runDir.resolve(CHECKPOINT), tmp = runDir.resolve(CHECKPOINT + ".tmp"), old = runDir.resolve(CHECKPOINT + ".old");
        if (Files.exists(dir) || !Files.isDirectory(old)) return;
        try {
            Files.move(Files.isRegularFile(tmp.resolve(STATE)) ? tmp : old, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a checkpoint written by {@link #checkpoint} into the model and optimizer; returns its step (0 if none). */
    private int resume(Path dir, AdamW optimizer) {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) return 0;
        JsonObject s;
        int step, optimizerSteps;
        List<LogRow> saved;
        // a damaged file must fail naming itself and the way out, not as a bare parser message ("Not a JSON
        // Object: null", "Index 3 out of bounds") that leaves the user to guess which of the run's files is at fault
        try {
            s = JsonParser.parseString(Files.readString(state)).getAsJsonObject();
            step = s.get("step").getAsInt();
            optimizerSteps = s.get("optimizer_steps").getAsInt();
            if (!s.get("config").isJsonObject()) throw new IllegalStateException("\"config\" is not an object");
        } catch (IOException | RuntimeException e) {
            throw damaged(dir, STATE, e);
        }
        JsonObject ours = new Gson().toJsonTree(config).getAsJsonObject();
        if (!s.get("config").equals(ours)) {
            throw new IllegalArgumentException(dir + " holds a run of another configuration (" + differences(
                    s.getAsJsonObject("config"), ours, "") + "); use another run directory, or the configuration it was run with");
        }
        // the config names the data by path only: a corpus or task file edited, regenerated or checked out while a
        // run was stopped would slip into its second half, as the tokenizer would if it were not pinned
        if (s.has("data") && !s.get("data").getAsString().equals(dataFingerprint())) {
            throw new IllegalArgumentException(dir + " holds a run on other training data (a corpus or task file has"
                    + " changed since it started); use another run directory, or the data it was run with");
        }
        try {
            saved = LogRow.read(dir.resolve("training-log.csv"));
            // one row per step after the earlier phases' rows (in log now, see continueLog): a log cut at a line
            // end still parses, and would number the resumed steps from the wrong row
            if (saved.size() != log.size() + step) {
                throw new IllegalStateException("it has " + saved.size() + " rows, " + (log.size() + step) + " expected");
            }
        } catch (RuntimeException e) {
            throw damaged(dir, "training-log.csv", e);
        }
        try {
            Map<String, NDArray> weights = Safetensors.read(dir.resolve("model.safetensors"), manager);
            for (Map.Entry<String, NDArray> p : model.parameters().entrySet()) {
                NDArray w = weights.get(p.getKey());
                if (w == null) throw new IllegalArgumentException(dir + " has no weight " + p.getKey());
                if (!w.getShape().equals(p.getValue().getShape())) {
                    throw new IllegalArgumentException(dir + ": weight " + p.getKey() + " has shape " + w.getShape()
                            + ", the model " + p.getValue().getShape());
                }
                p.getValue().set(w.toFloatArray());
            }
            optimizer.restore(Safetensors.read(dir.resolve(OPTIMIZER), manager), optimizerSteps);
            weights.values().forEach(NDArray::close);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot resume from the damaged checkpoint " + dir + ": " + e.getMessage()
                    + "; move the run directory away to start afresh", e);
        }
        log.clear();
        log.addAll(saved);
        return step;
    }

    /**
     * SHA-256 of the training token streams (corpus, then tasks), which is what the batches are drawn from; computed
     * once, not at every checkpoint.
     */
    private String dataFingerprint() {
        if (dataFingerprint != null) return dataFingerprint;
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (int[] tokens : new int[][] {train.corpusTokens(), train.taskTokens()}) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * tokens.length);
                b.putInt(tokens.length).asIntBuffer().put(tokens);
                sha.update(b.array());
            }
            return dataFingerprint = HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IllegalArgumentException damaged(Path dir, String file, Exception e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new IllegalArgumentException("cannot resume from the damaged checkpoint " + dir + ": " + file + " is"
                + " unreadable (" + why + "); move the run directory away to start afresh", e);
    }

    /** The settings in which a checkpoint's configuration and this run's differ, e.g. {@code seed 1 -> 2}. */
    static String differences(JsonObject saved, JsonObject now, String prefix) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            JsonElement a = saved.get(k), b = now.get(k);
            if (a == null ? b == null : a.equals(b)) continue;
            if (a != null && b != null && a.isJsonObject() && b.isJsonObject()) {
                out.add(differences(a.getAsJsonObject(), b.getAsJsonObject(), prefix + k + "."));
            } else {
                out.add(prefix + k + " " + (a == null ? "unset" : a) + " -> " + (b == null ? "unset" : b));
            }
        }
        return String.join(", ", out);
    }

    /** Mean next-token loss; with a teacher, mixed with cross-entropy against the teacher's distribution. */
    static NDArray loss(NDArray logits, NDArray targets, NDArray teacherLogits, double w) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray ce = logp.gather(targets.expandDims(-1), -1).mean().neg();
        if (teacherLogits == null) return ce;
        NDArray soft = teacherLogits.softmax(-1).mul(logp).sum(new int[] {-1}).mean().neg();
        // weights as arrays of the step's manager, not ce.mul(0.5f): DJL closes such a number's array at once, and
        // the backward pass would read memory the garbage collector may have freed (see Transformer's constants)
        NDManager m = logits.getManager();
        return ce.mul(m.create((float) (1 - w))).add(soft.mul(m.create((float) w)));
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
     * Writes {@code runDir/checkpoint}: a complete Hugging Face model directory (the model's config and weights,
     * {@code tokenizer.json}, {@code generation_config.json}, {@code training-log.csv}, {@code loss.png}) plus the
     * optimizer's moments and the step, to resume from. Written to {@code checkpoint.tmp} and renamed into
     * place, so a reader (or a resumed run) never sees a half-written checkpoint. Everything it touches lies
     * inside {@code runDir}, which belongs to the run.
     */
    public void checkpoint(Path runDir, Path tokenizerJson, AdamW optimizer, int step) {
        try {
            Path dir = runDir.resolve(CHECKPOINT);
            Path tmp = runDir.resolve(CHECKPOINT + ".tmp");
            Path old = runDir.resolve(CHECKPOINT + ".old");
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
            Safetensors.write(tmp.resolve(OPTIMIZER), optimizer.moments());
            JsonObject state = new JsonObject();
            state.addProperty("step", step);
            state.addProperty("optimizer_steps", optimizer.steps());
            state.add("config", new Gson().toJsonTree(config));
            state.addProperty("data", dataFingerprint());
            Files.writeString(tmp.resolve(STATE), new GsonBuilder().setPrettyPrinting().create().toJson(state) + "\n");
            deleteRecursively(old);
            if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the model of {@code runDir}'s checkpoint (everything but the resume-only files) to {@code scratch},
     * a new directory the caller then moves into place.
     */
    public static void exportModel(Path runDir, Path scratch) {
        try (Stream<Path> files = Files.list(runDir.resolve(CHECKPOINT))) {
            Files.createDirectories(scratch);
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(OPTIMIZER) && !name.equals(STATE)) Files.copy(f, scratch.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
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
