package inferlab.task;

import inferlab.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The fixed task files {@code data/tasks/<name>/{train,validation,test}.jsonl}: which tasks, how many items,
 * which seeds, and loading.
 *
 * <p>Split {@code s} of task {@code t} is drawn from {@code new java.util.Random(seed(t, s))} with
 * {@code seed = (t + "/" + s).hashCode()} (Java's specified String hash, so stable everywhere). Test is drawn
 * first, then validation, then train; an item whose prompt already appeared in an earlier split (or earlier
 * in the same evaluation split) is dropped and drawing continues, so no evaluation prompt is seen in training.
 * Corpus-based tasks read {@code data/corpus/<split>.txt} of the same split.
 */
public final class TaskSets {
    private TaskSets() {}

    public static final List<String> SPLITS = List.of("train", "validation", "test");

    /** Task name → train size; validation has 200 items and test 500 for every task. */
    public static final Map<String, Integer> TRAIN_SIZES = trainSizes();

    private static Map<String, Integer> trainSizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(Arithmetic.NAME, 20_000);
        m.put(WordProblems.NAME, 10_000);
        m.put(GraphPaths.NAME, 5_000);
        m.put(Instructions.NAME, 5_000);
        m.put(MultipleChoice.NAME, 10_000);
        m.put(Continuation.NAME, 2_000);
        return Collections.unmodifiableMap(m);
    }

    public static int size(String task, String split) {
        if (!TRAIN_SIZES.containsKey(task)) throw new IllegalArgumentException("unknown task: " + task + " (known: " + TRAIN_SIZES.keySet() + ")");
        return switch (split) {
            case "train" -> TRAIN_SIZES.get(task);
            case "validation" -> 200;
            case "test" -> 500;
            default -> throw new IllegalArgumentException("unknown split: " + split);
        };
    }

    public static long seed(String task, String split) {
        return (task + "/" + split).hashCode();
    }

    /** The task, with the corpus split it generates from when it needs one. */
    public static Task task(String name, String split) {
        return switch (name) {
            case Arithmetic.NAME -> new Arithmetic();
            case WordProblems.NAME -> new WordProblems();
            case GraphPaths.NAME -> new GraphPaths();
            case Instructions.NAME -> new Instructions(corpus(split));
            case MultipleChoice.NAME -> new MultipleChoice(corpus(split));
            case Continuation.NAME -> new Continuation(corpus(split));
            default -> throw new IllegalArgumentException("unknown task: " + name + " (known: " + TRAIN_SIZES.keySet() + ")");
        };
    }

    /** A task for grading only (corpus-based tasks get no corpus and cannot generate). */
    public static Task grader(String name) {
        return switch (name) {
            case Instructions.NAME -> new Instructions("");
            case MultipleChoice.NAME -> new MultipleChoice("");
            case Continuation.NAME -> new Continuation("");
            default -> task(name, "test");
        };
    }

    static String corpus(String split) {
        try {
            return Files.readString(Project.data().resolve("corpus").resolve(split + ".txt"));
        } catch (IOException e) {
            throw new UncheckedIOException("corpus split missing (data/corpus/" + split + ".txt)", e);
        }
    }

    public static Path file(Path dir, String task, String split) {
        return dir.resolve(task).resolve(split + ".jsonl");
    }

    /** The stored items of one split, from {@code data/tasks}. */
    public static List<Item> load(String task, String split) {
        Path f = file(Project.data().resolve("tasks"), task, split);
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no task file " + f + "; run: bin/inferlab tasks generate");
        return Jsonl.read(f);
    }

    /** All splits of one task, in the order they are drawn (test, validation, train), deterministically. */
    public static Map<String, List<Item>> generate(String name) {
        Map<String, List<Item>> out = new LinkedHashMap<>();
        Set<String> evalPrompts = new HashSet<>();
        for (String split : List.of("test", "validation", "train")) {
            boolean eval = !split.equals("train");
            out.put(split, draw(task(name, split), size(name, split), new Random(seed(name, split)),
                    prompt -> eval ? evalPrompts.add(prompt) : !evalPrompts.contains(prompt), name + "-" + split + "-"));
        }
        return out;
    }

    /**
     * {@code n} fresh training items of a task, drawn from {@code seed} (the training split of the corpus for
     * corpus-based tasks); an item whose prompt is in the stored validation or test split is dropped and drawing
     * continues, so evaluation prompts stay unseen however much is drawn. For training runs that want more items
     * than the stored train split holds.
     */
    public static List<Item> freshTrainingItems(String name, int n, long seed) {
        Set<String> evalPrompts = new HashSet<>();
        for (String split : List.of("validation", "test")) load(name, split).forEach(item -> evalPrompts.add(item.prompt()));
        return draw(task(name, "train"), n, new Random(seed), prompt -> !evalPrompts.contains(prompt), name + "-fresh-");
    }

    /** {@code n} items of {@code task} from {@code rng}, keeping those whose prompt {@code keep} accepts, numbered in order. */
    private static List<Item> draw(Task task, int n, Random rng, java.util.function.Predicate<String> keep, String idPrefix) {
        List<Item> items = new ArrayList<>(n);
        while (items.size() < n) {
            for (Item item : task.generate(n - items.size(), rng)) {
                if (keep.test(item.prompt())) items.add(item.withId(idPrefix + items.size()));
            }
        }
        return items;
    }

    /** Generates and writes every split of every task under {@code dir}; returns item counts per file. */
    public static Map<String, Integer> write(Path dir, List<String> names) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : names) {
            for (Map.Entry<String, List<Item>> e : generate(name).entrySet()) {
                Path f = file(dir, name, e.getKey());
                Jsonl.write(f, e.getValue());
                counts.put(name + "/" + e.getKey() + ".jsonl", e.getValue().size());
            }
        }
        return counts;
    }
}
