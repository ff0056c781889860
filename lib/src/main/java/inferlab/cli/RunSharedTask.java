package inferlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.model.CompletionModel;
import inferlab.model.Transformer;
import inferlab.model.Models;
import inferlab.serve.OpenAiClient;
import inferlab.task.Harness;
import inferlab.task.PoissonSchedule;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import inferlab.system.SharedTaskSystems;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code run-shared-task}: replays the shared task's load against an OpenAI-compatible endpoint or a registered
 * in-process system, writes every request's outcome to {@code build/shared-task/<system>-<split>.json} and
 * prints the summary. Arrivals are drawn ({@code --rate}, {@code --max-batch}) or replayed from a schedule file
 * in the course's {@code batch_arrivals.json} schema ({@code --schedule}, {@link PoissonSchedule#read}).
 */
@picocli.CommandLine.Command(name = "run-shared-task", sortOptions = false, description = "Replays the shared"
        + " task's load against an endpoint or an in-process system and prints the summary JSON.")
public final class RunSharedTask implements Command {
    @Spec
    CommandSpec spec;
    @Option(names = "--endpoint", paramLabel = "URL", description = "an OpenAI-compatible server")
    String endpoint;
    @Option(names = "--served-model", paramLabel = "NAME", description = "default: the first the server lists")
    String servedModel;
    @Option(names = "--system", paramLabel = "NAME", completionCandidates = Systems.class,
            description = "in-process system: ${COMPLETION-CANDIDATES}")
    String system;
    @Option(names = "--model", paramLabel = "DIR", description = "the in-process system's model")
    String modelDir;
    @Option(names = "--split", paramLabel = "validation|test", description = "default ${DEFAULT-VALUE}")
    String split = "validation";
    @Option(names = "--minutes", paramLabel = "X", description = "default ${DEFAULT-VALUE}")
    double minutes = 10;
    @Option(names = "--rate", paramLabel = "X", description = "requests/s, default ${DEFAULT-VALUE}")
    double rate = 2;
    @Option(names = "--limit", paramLabel = "N", description = "requests per task, default: all")
    int limit = Integer.MAX_VALUE;
    @Option(names = "--concurrency", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int concurrency = Harness.MAX_CONCURRENCY;
    @Option(names = "--max-batch", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxBatch = 8;
    @Option(names = "--max-tokens", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int maxTokens = 128;
    @Option(names = "--seed", paramLabel = "N", description = "default ${DEFAULT-VALUE}")
    int seed = 1;
    @Option(names = "--schedule", paramLabel = "FILE", description = "replay the arrival times and batch sizes of a"
            + " file in the course's batch_arrivals.json schema instead of drawing them (not with --rate or"
            + " --max-batch); --minutes then defaults to the schedule's span plus a minute")
    Path schedule;
    @Option(names = "--course-rule")
    boolean courseRule;
    @Option(names = "--out", paramLabel = "FILE", description = "default build/shared-task/<system>-<split>.json")
    Path outFile;

    /** The registered in-process systems, for the help text. */
    static final class Systems implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SharedTaskSystems.names().iterator();
        }
    }

    @Override
    public void run(PrintStream out) throws Exception {
        if ((endpoint == null) == (system == null)) throw new IllegalArgumentException("give exactly one of --endpoint URL or --system NAME");
        if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        PoissonSchedule replay = schedule == null ? null : replay();
        SharedTaskResult.Load load = replay == null
                ? new SharedTaskResult.Load(rate, maxBatch, concurrency, minutes * 60, maxTokens, seed)
                : new SharedTaskResult.Load(replay.rate(), replay.maxBatch(), concurrency, minutes * 60, maxTokens, seed);
        if (system != null) SharedTaskSystems.names().stream().filter(system::equals).findAny()
                .orElseThrow(() -> new IllegalArgumentException("unknown system " + system + " (known: "
                        + String.join(", ", SharedTaskSystems.names()) + ")"));
        SharedTask task = SharedTask.load(split, limit, courseRule, load.seed());
        if (replay != null && replay.requests() > task.items().size()) {
            throw new IllegalArgumentException("--schedule has " + replay.requests() + " requests but the " + split
                    + " stream only " + task.items().size() + " items (raise --limit, or use --split test)");
        }
        OpenAiClient client = endpoint == null ? null : ModelInput.endpoint(endpoint, servedModel);
        String name = client != null ? client.model() : system;
        Path file = OutputFile.claim("--out", outFile != null ? outFile
                : Project.home().resolve("build/shared-task").resolve(SharedTaskResult.fileName(name, split)),
                RunSharedTask::isResult);
        SharedTaskResult result;
        if (client != null) {
            result = run(name, client, task, load, replay);
        } else {
            try (Transformer model = modelDir == null ? Models.defaultModel() : Models.load(modelDir)) {
                Limits.range("--max-tokens", maxTokens, 1, model.config().maxPositions());
                result = run(name, SharedTaskSystems.create(system, model), task, load, replay);
            }
        }
        result.write(file);
        JsonObject summary = new GsonBuilder().serializeSpecialFloatingPointValues().create()
                .toJsonTree(result.summary()).getAsJsonObject();
        summary.addProperty("system", result.system());
        summary.addProperty("split", split);
        summary.addProperty("file", file.toString());
        out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(summary));
    }

    /** A file holding an earlier run's result, which a new run may replace. */
    private static boolean isResult(Path file) {
        try {
            SharedTaskResult r = SharedTaskResult.read(file);
            return r != null && r.system() != null && r.load() != null && r.requests() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The --schedule file's arrivals; --minutes, if not given, becomes the schedule's span plus a minute. */
    private PoissonSchedule replay() {
        for (String drawn : List.of("--rate", "--max-batch")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(drawn)) {
                throw new IllegalArgumentException(drawn + " does not apply with --schedule: the file sets the arrivals");
            }
        }
        if (!Files.isRegularFile(schedule)) throw new IllegalArgumentException("--schedule: no file " + schedule);
        PoissonSchedule replay = PoissonSchedule.read(schedule);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--minutes")) minutes = Math.ceil(replay.span() / 60) + 1;
        return replay;
    }

    private static SharedTaskResult run(String name, CompletionModel model, SharedTask task, SharedTaskResult.Load load,
                                        PoissonSchedule replay) {
        return replay == null ? Harness.run(name, model, task, load, System.err)
                : Harness.run(name, model, task, load, replay, System.err);
    }
}
