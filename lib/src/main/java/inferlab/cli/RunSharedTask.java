package inferlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.model.Transformer;
import inferlab.model.Models;
import inferlab.serve.OpenAiClient;
import inferlab.task.Harness;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import inferlab.system.SharedTaskSystems;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import picocli.CommandLine.Option;

/**
 * {@code run-shared-task}: replays the shared task's load against an OpenAI-compatible endpoint or a registered
 * in-process system, writes every request's outcome to {@code build/shared-task/<system>-<split>.json} and
 * prints the summary.
 */
@picocli.CommandLine.Command(name = "run-shared-task", sortOptions = false, description = "Replays the shared"
        + " task's load against an endpoint or an in-process system and prints the summary JSON.")
public final class RunSharedTask implements Command {
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
        SharedTaskResult.Load load = new SharedTaskResult.Load(rate, maxBatch, concurrency, minutes * 60, maxTokens, seed);
        if (system != null) SharedTaskSystems.names().stream().filter(system::equals).findAny()
                .orElseThrow(() -> new IllegalArgumentException("unknown system " + system + " (known: "
                        + String.join(", ", SharedTaskSystems.names()) + ")"));
        SharedTask task = SharedTask.load(split, limit, courseRule, load.seed());
        SharedTaskResult result;
        if (endpoint != null) {
            OpenAiClient client = ModelInput.endpoint(endpoint, servedModel);
            result = Harness.run(client.model(), client, task, load, System.err);
        } else {
            try (Transformer model = modelDir == null ? Models.defaultModel() : Models.load(modelDir)) {
                Limits.range("--max-tokens", maxTokens, 1, model.config().maxPositions());
                result = Harness.run(system, SharedTaskSystems.create(system, model), task, load, System.err);
            }
        }
        Path file = outFile != null ? outFile
                : Project.home().resolve("build/shared-task").resolve(SharedTaskResult.fileName(result.system(), split));
        result.write(file);
        JsonObject summary = new GsonBuilder().serializeSpecialFloatingPointValues().create()
                .toJsonTree(result.summary()).getAsJsonObject();
        summary.addProperty("system", result.system());
        summary.addProperty("split", split);
        summary.addProperty("file", file.toString());
        out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(summary));
    }
}
