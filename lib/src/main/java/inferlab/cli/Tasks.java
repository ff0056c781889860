package inferlab.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tasks generate [--out DIR] [--task NAME]}: writes every split of every (or one) task, deterministically.
 * {@code tasks score --task NAME --file OUT.jsonl [--split test]}: grades lines {@code {"id":..., "output":...}}
 * against the stored split and prints the mean score.
 */
public final class Tasks {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private Tasks() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) throw new IllegalArgumentException("usage: tasks generate [--out DIR] [--task NAME] | tasks score --task NAME --file FILE [--split SPLIT]");
        Map<String, String> opt = options(args);
        switch (args[0]) {
            case "generate" -> {
                Path out = opt.containsKey("out") ? Path.of(opt.get("out")) : Project.data().resolve("tasks");
                List<String> names = opt.containsKey("task") ? List.of(opt.get("task")) : new ArrayList<>(TaskSets.TRAIN_SIZES.keySet());
                for (String n : names) TaskSets.size(n, "train");
                JsonObject result = new JsonObject();
                result.addProperty("out", out.toString());
                result.add("files", GSON.toJsonTree(TaskSets.write(out, names)));
                System.out.println(GSON.toJson(result));
            }
            case "score" -> {
                String name = required(opt, "task");
                Path file = Path.of(required(opt, "file"));
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
                Task task = TaskSets.grader(name);
                Map<String, Item> byId = new HashMap<>();
                for (Item item : TaskSets.load(name, opt.getOrDefault("split", "test"))) byId.put(item.id(), item);
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
                System.out.println(GSON.toJson(result));
            }
            default -> throw new IllegalArgumentException("unknown tasks command: " + args[0]);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("bad option: " + args[i]);
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }

    private static String required(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) throw new IllegalArgumentException("missing --" + key);
        return v;
    }
}
