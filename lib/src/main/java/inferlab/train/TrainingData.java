package inferlab.train;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import inferlab.task.Item;
import inferlab.task.TaskSets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Token streams to train on, and batches of random windows from them.
 *
 * <p>A stream is documents encoded one by one and joined by the end-of-text token, so the model learns where
 * a document ends. There are two streams, the corpus and the tasks (each task item rendered as prompt + " " +
 * gold answer, one document); a window comes from the task stream with probability {@code taskFraction},
 * which mixes the two by tokens in that proportion whatever their sizes.
 */
public final class TrainingData {
    private final int[] corpus;
    private final int[] tasks;
    private final double taskFraction;

    public TrainingData(int[] corpus, int[] tasks, double taskFraction) {
        if (taskFraction > 0 && tasks.length == 0) throw new IllegalArgumentException("task fraction > 0 but no task tokens");
        this.corpus = corpus;
        this.tasks = tasks;
        this.taskFraction = taskFraction;
    }

    /** The corpus split and every {@code <tasksDir>/<name>/<split>.jsonl}, tokenized. */
    public static TrainingData load(Path corpusDir, Path tasksDir, String split, HuggingFaceTokenizer tokenizer,
                                    int eos, double taskFraction) {
        int[] corpus = stream(Corpus.documents(corpusDir, split), tokenizer, eos);
        int[] tasks = stream(taskDocuments(tasksDir, split), tokenizer, eos);
        return new TrainingData(corpus, tasks, taskFraction);
    }

    /**
     * The corpus train split and {@code counts.get(t)} fresh items of each task t (drawn from {@code seed},
     * never an evaluation prompt), tokenized.
     */
    public static TrainingData fresh(Path corpusDir, Map<String, Integer> counts, long seed, HuggingFaceTokenizer tokenizer,
                                     int eos, double taskFraction) {
        int[] corpus = stream(Corpus.documents(corpusDir, "train"), tokenizer, eos);
        List<String> docs = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(counts).entrySet()) {
            for (Item item : TaskSets.freshTrainingItems(e.getKey(), e.getValue(), seed + e.getKey().hashCode())) {
                docs.add(item.text());
            }
        }
        return new TrainingData(corpus, stream(docs, tokenizer, eos), taskFraction);
    }

    /** Prompt + " " + answer of every item in {@code <tasksDir>/<name>/<split>.jsonl}, tasks in name order. */
    public static List<String> taskDocuments(Path tasksDir, String split) {
        return taskItems(tasksDir, split).stream()
                .map(item -> item.get("prompt").getAsString() + " " + item.get("answer").getAsString()).toList();
    }

    /** The items of one split of every task under {@code tasksDir}, tasks in name order, as stored. */
    public static List<JsonObject> taskItems(Path tasksDir, String split) {
        List<JsonObject> items = new ArrayList<>();
        if (!Files.isDirectory(tasksDir)) return items;
        try (Stream<Path> dirs = Files.list(tasksDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve(split + ".jsonl");
                if (!Files.isRegularFile(file)) continue;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) items.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    /** Documents encoded and joined, each followed by {@code eos}. */
    public static int[] stream(List<String> documents, HuggingFaceTokenizer tokenizer, int eos) {
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (String doc : documents) {
            long[] ids = tokenizer.encode(doc, false, false).getIds();
            int[] part = new int[ids.length + 1];
            for (int i = 0; i < ids.length; i++) part[i] = (int) ids[i];
            part[ids.length] = eos;
            parts.add(part);
            total += part.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The options a tokenizer for training needs: no added special tokens, no truncation. */
    public static Map<String, String> tokenizerOptions() {
        return Map.of("addSpecialTokens", "false", "truncation", "false");
    }

    public int[] corpusTokens() {
        return corpus;
    }

    public int[] taskTokens() {
        return tasks;
    }

    /** {@code batch} windows of {@code length} consecutive tokens, each from a uniformly random offset. */
    public int[][] sample(int batch, int length, RandomGenerator rng) {
        int[][] out = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int[] src = rng.nextDouble() < taskFraction ? tasks : corpus;
            int start = rng.nextInt(src.length - length + 1);
            out[b] = java.util.Arrays.copyOfRange(src, start, start + length);
        }
        return out;
    }
}
