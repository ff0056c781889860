package inferlab.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The course's shared task: one request stream mixing graph paths, multiple choice and instruction following
 * in equal proportions. A system sees only {@link Item#prompt()}, never the task name; grading goes back to
 * each item's own task.
 *
 * <p>Accuracy is the mean over the three tasks of each task's mean score, {@code (1/3) Σ_t mean_{i∈t} s_i},
 * so a task's weight does not depend on how many of its requests a run happened to draw.
 *
 * @param courseRule grade graph paths against the course's pruned search ({@link ShortestPaths#courseRule},
 *                   kept in {@code meta.course}) instead of the exact top-P paths (the default)
 */
public record SharedTask(String split, boolean courseRule, List<Item> items) {

    /** The three task types of the stream, in the order tables list them. */
    public static final List<String> TASKS = List.of(GraphPaths.NAME, MultipleChoice.NAME, Instructions.NAME);

    public SharedTask {
        items = List.copyOf(items);
    }

    /**
     * {@code perTask} items of each task from the stored split (all of them when {@code perTask} exceeds the
     * split), shuffled together with {@code seed} so that the tasks arrive interleaved.
     */
    public static SharedTask load(String split, int perTask, boolean courseRule, long seed) {
        if (!split.equals("validation") && !split.equals("test")) {
            throw new IllegalArgumentException("the shared task runs on validation or test, not " + split);
        }
        if (perTask < 1) throw new IllegalArgumentException("need at least one request per task, got " + perTask);
        List<Item> items = new ArrayList<>();
        for (String task : TASKS) {
            List<Item> all = TaskSets.load(task, split);
            items.addAll(all.subList(0, Math.min(perTask, all.size())));
        }
        Collections.shuffle(items, new Random(seed));
        return new SharedTask(split, courseRule, items);
    }

    /** Every item of the split: 200 per task on validation, 500 on test. */
    public static SharedTask load(String split, boolean courseRule, long seed) {
        return load(split, Integer.MAX_VALUE, courseRule, seed);
    }

    /** Grades a system's output for {@code item} with the item's task grader. */
    public Score grade(Item item, String output) {
        Item gold = item;
        if (courseRule && item.task().equals(GraphPaths.NAME) && item.meta().has("course")) {
            gold = new Item(item.id(), item.task(), item.prompt(), item.meta().get("course").getAsString(), item.meta());
        }
        return TaskSets.grader(item.task()).check(gold, output);
    }

    /** Mean score per task (in {@link #TASKS} order, tasks without scores left out) from (task, score) pairs. */
    public static Map<String, Double> perTask(List<String> tasks, List<Double> scores) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (String t : TASKS) sums.put(t, new double[2]);
        for (int i = 0; i < tasks.size(); i++) {
            double[] s = sums.computeIfAbsent(tasks.get(i), k -> new double[2]);
            s[0] += scores.get(i);
            s[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((t, s) -> {
            if (s[1] > 0) out.put(t, s[0] / s[1]);
        });
        return out;
    }

    /** The shared task's accuracy: the unweighted mean of the per-task means. */
    public static double accuracy(Map<String, Double> perTask) {
        return perTask.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
