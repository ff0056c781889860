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
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Option;

/**
 * {@code bin/inferlab train --config FILE --out DIR [--run RUNDIR]}: trains a model on the corpus and task training
 * data (see {@link Trainer}). Checkpoints go to the run directory (by default the work area next to DIR, see
 * {@link OutputDirectory}), and a run that finds a checkpoint of the same configuration there resumes from it. The
 * finished model replaces DIR only at the end; DIR is refused before any work if training did not write it.
 * Progress goes to stderr, a JSON summary to stdout.
 */
@picocli.CommandLine.Command(name = "train", description = "Trains a model (resumable): progress on stderr, a JSON"
        + " summary on stdout.")
public final class Train implements Command {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "e.g. environment/train-target.json")
    Path configFile;
    @Option(names = "--out", paramLabel = "DIR", required = true)
    Path out;
    @Option(names = "--run", paramLabel = "RUNDIR", description = "checkpoints, to resume from: new, empty or an earlier run's, apart from DIR"
            + " (default: DIR.training)")
    Path run;

    @Override
    public void run(PrintStream stdout) throws IOException {
        TrainConfig config = TrainConfig.read(configFile);
        Path home = Project.home();
        Path corpus = Project.data().resolve("corpus"), tasks = Project.data().resolve("tasks");
        Path trainText = config.corpus() == null ? corpus : home.resolve(config.corpus());
        if (config.corpus() != null && !Files.isRegularFile(trainText.resolve("train.txt"))) {
            throw new IllegalArgumentException("training config: corpus " + config.corpus() + " holds no train.txt");
        }
        HfConfig modelConfig = HfConfig.parse(config.model().toString());
        int eos = modelConfig.eosTokenId();
        // before any work: refuses directories train did not write, and --run overlapping --out
        OutputDirectory output = OutputDirectory.claim(out, run);
        Path runDir = output.run();
        Path tokenizerJson = Trainer.pinTokenizer(runDir, Project.data().resolve("tokenizer/tokenizer.json"));
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, TrainingData.tokenizerOptions());
             Transformer model = config.init() == null
                     ? Transformer.random(modelConfig, new Random(config.seed()))
                     : Transformer.load(home.resolve(config.init()));
             Transformer teacher = config.teacher() == null ? null : Transformer.load(home.resolve(config.teacher()));
             NDManager manager = NDManager.newBaseManager("PyTorch")) {
            if (!model.config().equals(modelConfig)) {
                throw new IllegalArgumentException("init model's config differs from the training config's model");
            }
            TrainingData train = config.taskItems() == null
                    ? TrainingData.load(trainText, tasks, "train", tokenizer, eos, config.taskFraction(), config.graphScratchpad())
                    : TrainingData.fresh(trainText, config.taskItems(), config.seed(), tokenizer, eos, config.taskFraction(),
                            config.graphScratchpad(), config.maxItemTokens());
            TrainingData validation = TrainingData.load(corpus, tasks, "validation", tokenizer, eos, config.taskFraction(),
                    config.graphScratchpad());
            Trainer trainer = new Trainer(config, Trainer.model(model), teacher == null ? null : Trainer.model(teacher),
                    train, validation, manager);
            if (config.init() != null) {
                trainer.continueLog(Trainer.LogRow.read(home.resolve(config.init()).resolve("training-log.csv")));
            }
            trainer.run(runDir, tokenizerJson, System.err);
            Trainer.exportModel(runDir, output.scratch());
            output.publish();
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
}
