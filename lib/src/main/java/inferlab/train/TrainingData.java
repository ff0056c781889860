package inferlab.train;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import inferlab.task.GraphPaths;
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

    /**
     * The corpus split and every {@code <tasksDir>/<name>/<split>.jsonl}, tokenized (graph-paths answers as
     * {@link #text} renders them).
     */
    public static TrainingData load(Path corpusDir, Path tasksDir, String split, HuggingFaceTokenizer tokenizer,
                                    int eos, double taskFraction, boolean graphScratchpad) {
        int[] corpus = stream(Corpus.documents(corpusDir, split), tokenizer, eos, 0);
        int[] tasks = stream(taskDocuments(tasksDir, split, graphScratchpad), tokenizer, eos, 0);
        return new TrainingData(corpus, tasks, taskFraction);
    }

    /**
     * The corpus train split and {@code counts.get(t)} fresh items of each task t (drawn from {@code seed},
     * never an evaluation prompt), tokenized; an item of more than {@code maxItemTokens} tokens is left out
     * (0: none is), since no training window holds it whole.
     */
    public static TrainingData fresh(Path corpusDir, Map<String, Integer> counts, long seed, HuggingFaceTokenizer tokenizer,
                                     int eos, double taskFraction, boolean graphScratchpad, int maxItemTokens) {
        int[] corpus = stream(Corpus.documents(corpusDir, "train"), tokenizer, eos, 0);
        List<String> docs = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(counts).entrySet()) {
            for (Item item : TaskSets.freshTrainingItems(e.getKey(), e.getValue(), seed + e.getKey().hashCode())) {
                docs.add(text(item.task(), item.prompt(), item.answer(), graphScratchpad));
            }
        }
        return new TrainingData(corpus, stream(docs, tokenizer, eos, maxItemTokens), taskFraction);
    }

    /**
     * An item's training text, prompt + " " + answer. Without {@code graphScratchpad} a graph-paths answer is
     * only its last line, the {@code submit_paths} call, as the answer was before it had a scratchpad: the
     * tokenizer, the target's first phase and the draft were trained on that text, and reproduce with it.
     */
    public static String text(String task, String prompt, String answer, boolean graphScratchpad) {
        if (!graphScratchpad && task.equals(GraphPaths.NAME)) answer = answer.substring(answer.lastIndexOf('\n') + 1);
        return prompt + " " + answer;
    }

    /** The items of one split of every task under {@code tasksDir}, tasks in name order, as {@link #text}. */
    public static List<String> taskDocuments(Path tasksDir, String split, boolean graphScratchpad) {
        List<String> docs = new ArrayList<>();
        if (!Files.isDirectory(tasksDir)) return docs;
        try (Stream<Path> dirs = Files.list(tasksDir)) {
            for (Path dir : dirs.sorted().toList()) {
                Path file = dir.resolve(split + ".jsonl");
                if (!Files.isRegularFile(file)) continue;
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    JsonObject item = JsonParser.parseString(line).getAsJsonObject();
                    docs.add(text(item.get("task").getAsString(), item.get("prompt").getAsString(),
                            item.get("answer").getAsString(), graphScratchpad));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Documents encoded and joined, each followed by {@code eos}; those over {@code maxTokens} left out (0: none). */
    public static int[] stream(List<String> documents, HuggingFaceTokenizer tokenizer, int eos, int maxTokens) {
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (String doc : documents) {
            long[] ids = tokenizer.encode(doc, false, false).getIds();
            if (maxTokens > 0 && ids.length > maxTokens) continue;
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

    public double taskFraction() {
        return taskFraction;
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
