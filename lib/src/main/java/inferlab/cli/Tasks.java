package inferlab.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tasks generate [--out DIR] [--task NAME]}: writes every split of every (or one) task, deterministically.
 * {@code tasks score --task NAME --file OUT.jsonl [--split test]}: grades lines {@code {"id":..., "output":...}}
 * against the stored split and prints the mean score.
 */
public final class Tasks implements Command {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    @Override
    public String usage() {
        return "tasks generate [--out DIR] [--task NAME] | tasks score --task NAME --file OUT.jsonl [--split test]";
    }

    @Override
    public void run(Options opt, PrintStream stdout) throws Exception {
        List<String> action = opt.positional();
        if (action.size() != 1) throw new IllegalArgumentException("usage: " + usage());
        switch (action.get(0)) {
            case "generate" -> {
                Path out = opt.has("out") ? Path.of(opt.required("out")) : Project.data().resolve("tasks");
                List<String> names = opt.has("task") ? List.of(opt.required("task")) : new ArrayList<>(TaskSets.TRAIN_SIZES.keySet());
                for (String n : names) TaskSets.size(n, "train");
                JsonObject result = new JsonObject();
                result.addProperty("out", out.toString());
                result.add("files", GSON.toJsonTree(TaskSets.write(out, names)));
                stdout.println(GSON.toJson(result));
            }
            case "score" -> {
                String name = opt.required("task");
                Path file = Path.of(opt.required("file"));
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
                Task task = TaskSets.grader(name);
                Map<String, Item> byId = new HashMap<>();
                for (Item item : TaskSets.load(name, opt.string("split", "test"))) byId.put(item.id(), item);
                double sum = 0;
                int n = 0;
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) continue;
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    if (!o.has("id") || !o.has("output")) throw new IllegalArgumentException("each line needs \"id\" and \"output\": " + line);
                    Item item = byId.get(o.get("id").getAsString());
                    if (item == null) throw new IllegalArgumentException("unknown item id: " + o.get("id").getAsString());
                    sum += task.score(item, o.get("output").getAsString());
                    n++;
                }
                JsonObject result = new JsonObject();
                result.addProperty("task", name);
                result.addProperty("n", n);
                result.addProperty("mean", n == 0 ? 0 : sum / n);
                stdout.println(GSON.toJson(result));
            }
            default -> throw new IllegalArgumentException("unknown tasks command: " + action.get(0));
        }
    }
}
