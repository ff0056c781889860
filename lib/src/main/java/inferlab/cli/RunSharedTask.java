package inferlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.serve.OpenAiClient;
import inferlab.task.Harness;
import inferlab.task.SharedTask;
import inferlab.task.SharedTaskResult;
import inferlab.system.SharedTaskSystems;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code run-shared-task}: replays the shared task's load against an OpenAI-compatible endpoint or a registered
 * in-process system, writes every request's outcome to {@code build/shared-task/<system>-<split>.json} and
 * prints the summary.
 */
public final class RunSharedTask implements Command {
    @Override
    public String usage() {
        return "run-shared-task --endpoint URL [--served-model NAME] | --system NAME [--model DIR]"
                + " [--split validation|test] [--minutes M (10)] [--rate R req/s (2)] [--limit N per task]"
                + " [--concurrency C (300)] [--max-batch B (8)] [--max-tokens T (128)] [--seed S (1)]"
                + " [--course-rule] [--out FILE]   -> summary JSON; systems: " + String.join(", ", SharedTaskSystems.names());
    }

    @Override
    public void run(Options o, PrintStream out) throws Exception {
        String endpoint = o.string("endpoint", null), system = o.string("system", null);
        if ((endpoint == null) == (system == null)) throw new IllegalArgumentException("give exactly one of --endpoint URL or --system NAME");
        String split = o.string("split", "validation");
        int limit = o.integer("limit", Integer.MAX_VALUE);
        if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        boolean courseRule = o.flag("course-rule");
        SharedTaskResult.Load load = new SharedTaskResult.Load(o.number("rate", 2), o.integer("max-batch", 8),
                o.integer("concurrency", Harness.MAX_CONCURRENCY), o.number("minutes", 10) * 60,
                o.integer("max-tokens", 128), o.integer("seed", 1));
        String servedModel = o.string("served-model", null);
        String modelDir = o.string("model", null);
        String outFile = o.string("out", null);
        o.requireAllRead();
        if (system != null) SharedTaskSystems.names().stream().filter(system::equals).findAny()
                .orElseThrow(() -> new IllegalArgumentException("unknown system " + system + " (known: "
                        + String.join(", ", SharedTaskSystems.names()) + ")"));
        SharedTask task = SharedTask.load(split, limit, courseRule, load.seed());
        SharedTaskResult result;
        if (endpoint != null) {
            OpenAiClient client = ModelInput.endpoint(endpoint, servedModel);
            result = Harness.run(client.model(), client, task, load, System.err);
        } else {
            try (LanguageModel model = modelDir == null ? Models.defaultModel() : Models.load(modelDir)) {
                result = Harness.run(system, SharedTaskSystems.create(system, model), task, load, System.err);
            }
        }
        Path file = outFile != null ? Path.of(outFile)
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
