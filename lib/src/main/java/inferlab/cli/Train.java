package inferlab.cli;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import inferlab.train.TrainConfig;
import inferlab.train.Trainer;
import inferlab.train.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;

/**
 * {@code bin/inferlab train --config FILE --out DIR [--run RUNDIR]}: trains a model on the corpus and task
 * training data (see {@link Trainer}). Checkpoints go to the run directory (default {@code build/train/<name of
 * DIR>}), and a run that finds a checkpoint of the same configuration there resumes from it; only the finished
 * model is copied to DIR, through a scratch directory renamed into place, so DIR keeps the previous model until
 * the new one is complete (its {@code README.md}, the model card, is kept). Progress goes to stderr, a JSON
 * summary to stdout.
 */
public final class Train implements Command {

    @Override
    public String usage() {
        return "train --config FILE --out DIR [--run RUNDIR]";
    }

    @Override
    public void run(Options options, PrintStream stdout) throws IOException {
        Path configFile = Path.of(options.required("config"));
        Path out = Path.of(options.required("out"));
        Path run = Path.of(options.string("run", Project.home().resolve("build/train").resolve(out.toAbsolutePath().getFileName()).toString()));
        options.requireAllRead();
        TrainConfig config = TrainConfig.read(configFile);
        Path home = Project.home();
        Path tokenizerJson = Project.data().resolve("tokenizer/tokenizer.json");
        HfConfig modelConfig = HfConfig.parse(config.model().toString());
        int eos = modelConfig.eosTokenId();
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, TrainingData.tokenizerOptions());
             Transformer model = config.init() == null
                     ? Transformer.random(modelConfig, new Random(config.seed()))
                     : Transformer.load(home.resolve(config.init()));
             Transformer teacher = config.teacher() == null ? null : Transformer.load(home.resolve(config.teacher()));
             NDManager manager = NDManager.newBaseManager("PyTorch")) {
            if (!model.config().equals(modelConfig)) {
                throw new IllegalArgumentException("init model's config differs from the training config's model");
            }
            Path corpus = Project.data().resolve("corpus"), tasks = Project.data().resolve("tasks");
            TrainingData train = config.taskItems() == null
                    ? TrainingData.load(corpus, tasks, "train", tokenizer, eos, config.taskFraction())
                    : TrainingData.fresh(corpus, config.taskItems(), config.seed(), tokenizer, eos, config.taskFraction());
            TrainingData validation = TrainingData.load(corpus, tasks, "validation", tokenizer, eos, config.taskFraction());
            Trainer trainer = new Trainer(config, Trainer.model(model), teacher == null ? null : Trainer.model(teacher),
                    train, validation, manager);
            if (config.init() != null) {
                trainer.continueLog(Trainer.LogRow.read(home.resolve(config.init()).resolve("training-log.csv")));
            }
            trainer.run(run, tokenizerJson, System.err);
            publish(run, out);
            List<Trainer.LogRow> log = trainer.log();
            Trainer.LogRow last = log.get(log.size() - 1);
            JsonObject summary = new JsonObject();
            summary.addProperty("out", out.toString());
            summary.addProperty("parameters", model.parameterCount());
            summary.addProperty("corpus_tokens", train.corpusTokens().length);
            summary.addProperty("task_tokens", train.taskTokens().length);
            summary.addProperty("steps", config.steps());
            summary.addProperty("steps_all_phases", last.step());
            summary.addProperty("tokens_seen", last.tokens());
            summary.addProperty("train_loss", last.trainLoss());
            summary.addProperty("validation_loss", last.validationLoss());
            summary.addProperty("seconds", last.seconds());
            stdout.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
        }
    }

    /** Copies the run's finished model to {@code out} via a scratch sibling, keeping {@code out}'s model card. */
    private static void publish(Path run, Path out) throws IOException {
        Path dir = out.toAbsolutePath();
        Path scratch = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".new-");
        Trainer.exportModel(run, scratch.resolve("model"));
        Path model = scratch.resolve("model");
        if (Files.isRegularFile(dir.resolve("README.md"))) Files.copy(dir.resolve("README.md"), model.resolve("README.md"));
        Path previous = scratch.resolve("previous");
        if (Files.exists(dir)) Files.move(dir, previous, StandardCopyOption.ATOMIC_MOVE);
        Files.move(model, dir, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("train: wrote " + dir + (Files.exists(previous) ? "; the previous model is in " + previous : ""));
    }
}
