package inferlab.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonElement;
import inferlab.Project;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tasks generate [--out DIR] [--task NAME] [--force]}: writes every split of every (or one) task,
 * deterministically, and never over an existing split unless told to.
 * {@code tasks score --task NAME --file OUT.jsonl [--split test]}: grades lines {@code {"id":..., "output":...}}
 * against the stored split and prints the mean score.
 */
@picocli.CommandLine.Command(name = "tasks", description = "Generates or scores the task splits.",
        subcommands = {Tasks.Generate.class, Tasks.Score.class})
public final class Tasks implements Command {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Spec
    CommandSpec spec;

    @Override
    public void run(PrintStream out) {
        throw new IllegalArgumentException("tasks needs an action: " + String.join(", ", spec.subcommands().keySet()));
    }

    @picocli.CommandLine.Command(name = "generate", description = "Writes every split of every (or one) task.")
    static final class Generate implements Command {
        @Option(names = "--out", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
        Path out = Project.data().resolve("tasks");
        @Option(names = "--task", paramLabel = "NAME", description = "default: every task")
        String task;
        @Option(names = "--force", description = "overwrite splits that exist")
        boolean force;

        @Override
        public void run(PrintStream stdout) {
            List<String> names = task != null ? List.of(task) : new ArrayList<>(TaskSets.TRAIN_SIZES.keySet());
            List<Path> existing = new ArrayList<>();
            for (String n : names) {
                TaskSets.size(n, "train"); // an unknown task fails here
                for (String split : TaskSets.SPLITS) {
                    if (Files.exists(TaskSets.file(out, n, split))) existing.add(TaskSets.file(out, n, split));
                }
            }
            if (!existing.isEmpty() && !force) {
                throw new IllegalArgumentException(existing.size() + " split files exist (" + existing.get(0)
                        + (existing.size() > 1 ? ", ..." : "") + "): give --force to overwrite them, or another --out DIR");
            }
            JsonObject result = new JsonObject();
            result.addProperty("out", out.toString());
            result.add("files", GSON.toJsonTree(TaskSets.write(out, names)));
            stdout.println(GSON.toJson(result));
        }
    }

    @picocli.CommandLine.Command(name = "score", description = "Grades lines {\"id\": ..., \"output\": ...} against"
            + " a stored split and prints the mean score.")
    static final class Score implements Command {
        @Option(names = "--task", paramLabel = "NAME", required = true)
        String name;
        @Option(names = "--file", paramLabel = "OUT.jsonl", required = true)
        Path file;
        @Option(names = "--split", description = "default ${DEFAULT-VALUE}")
        String split = "test";

        @Override
        public void run(PrintStream stdout) throws Exception {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
            if (!TaskSets.SPLITS.contains(split)) {
                throw new IllegalArgumentException("unknown split " + split + " (splits: " + String.join(", ", TaskSets.SPLITS) + ")");
            }
            Task task = TaskSets.grader(name);
            Map<String, Item> byId = new HashMap<>();
            for (Item item : TaskSets.load(name, split)) byId.put(item.id(), item);
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text");
            }
            Map<String, Integer> gradedOn = new HashMap<>();
            double sum = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String where = file + " line " + (i + 1);
                JsonElement e = JsonInput.read(new StringReader(lines.get(i)), where);
                JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
                String id = string(o, "id", where), output = string(o, "output", where);
                Item item = byId.get(id);
                if (item == null) throw new IllegalArgumentException(where + ": unknown item id " + id + " in the " + split + " split");
                Integer first = gradedOn.putIfAbsent(id, i + 1);
                if (first != null) throw new IllegalArgumentException(where + " grades " + id + " again (first on line " + first + ")");
                sum += task.score(item, output);
            }
            int n = gradedOn.size();
            if (n == 0) throw new IllegalArgumentException(file + " has no lines {\"id\": ..., \"output\": ...} to grade");
            JsonObject result = new JsonObject();
            result.addProperty("task", name);
            result.addProperty("n", n);
            result.addProperty("mean", sum / n);
            stdout.println(GSON.toJson(result));
        }

        /** The string {@code key} of a line's object: a number or a list in its place is an error, not coerced. */
        private static String string(JsonObject o, String key, String where) {
            JsonElement v = o.get(key);
            if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where + " needs an object with \"id\" and \"output\" strings, got "
                        + key + " = " + (v == null ? "nothing" : v.toString().length() > 40 ? v.toString().substring(0, 40) + "..." : v));
            }
            return v.getAsString();
        }
    }
}
