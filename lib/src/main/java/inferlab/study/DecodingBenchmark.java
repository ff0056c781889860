package inferlab.study;

import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.decode.TypicalProcessor;
import inferlab.model.GenerationConfig;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import inferlab.prob.Interval;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Decoding methods × models × tasks: each method answers the first n validation items of each task on each
 * model (items whose gold answer would not fit the context are skipped), and each answer is graded by its
 * task's own grader. A row holds the mean score
 * (1/n) Σ_i s_i ∈ [0, 1], the number of new tokens written and the wall-clock seconds.
 *
 * <p>An answer is at most as long as the gold answer plus {@value #SLACK} tokens (and fits the model's
 * context); it ends at the end-of-sequence token or at the next {@value #STOP} (the model starting a new
 * question). Sampling methods draw item i with seed {@code seed + i}, so every model and method sees the same
 * random numbers per item.
 *
 * <p>"Model default" is what Hugging Face's {@code generate()} does for the model at hand without arguments:
 * its own {@code generation_config.json} ({@link inferlab.model.GenerationConfig}), and for every key the file
 * leaves out, {@code GenerationConfig}'s default. That is greedy decoding unless the file sets
 * {@code do_sample}; the sampling settings (temperature, top-k 50, top-p, ...) apply only when it does, and
 * {@code num_beams} > 1 without sampling is beam search. The embedded models' file sets only the BOS and EOS
 * ids, so their default is greedy.
 */
public final class DecodingBenchmark {
    private DecodingBenchmark() {}

    /** Extra new tokens beyond the gold answer's length: room for a longer wrong answer. */
    public static final int SLACK = 16;
    /** Where an answer ends: the model starts the next question. */
    public static final String STOP = "\nQ:";

    /**
     * One cell of the benchmark: mean task score over n items with its 95% interval ({@link Interval#ofMean}),
     * new tokens written in total, seconds taken.
     */
    public record Row(String method, String model, String task, double score, Interval interval, int n, long tokens,
                      double seconds) {}

    /** What {@code generate()} does by default for each model it runs on (see the class comment). */
    public static Comparison.Named modelDefault() {
        return new Comparison.Named("model default",
                (model, prompt, g, seed) -> method(model.generationConfig()).generate(model, prompt, g, seed));
    }

    /** The decoding {@code generate()} picks from a generation config: greedy, sampling or beam search. */
    static Comparison.Method method(GenerationConfig c) {
        if (c.doSample() && c.numBeams() > 1) throw new IllegalArgumentException("beam sampling (do_sample with num_beams > 1) is not implemented");
        if (c.numBeams() > 1) return Comparison.beam(c.numBeams());
        if (!c.doSample()) return Comparison.decoder(seed -> new Greedy());
        SamplingParams p = new SamplingParams(c.temperature(), c.topK(), c.topP(), c.minP(), c.typicalP(),
                c.epsilonCutoff(), c.etaCutoff(), c.repetitionPenalty(), c.noRepeatNgramSize());
        return Comparison.decoder(seed -> new Sampler(p, new Random(seed)));
    }

    public static Comparison.Named greedy() {
        return new Comparison.Named("greedy", Comparison.decoder(seed -> new Greedy()));
    }

    /** Ancestral sampling from softmax(z / T), no truncation. */
    public static Comparison.Named temperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) throw new IllegalArgumentException("temperature must be > 0 and finite (greedy() is T = 0), got " + t);
        return sampling("T=" + t, SamplingParams.ancestral(t));
    }

    /** Sampling at T = 1 from the top-k tokens. */
    public static Comparison.Named topK(int k) {
        if (k < 1) throw new IllegalArgumentException("top-k must be >= 1, got " + k);
        return sampling("top-k " + k, SamplingParams.ancestral(1).withTopK(k));
    }

    /** Sampling at T = 1 from the nucleus of mass p. */
    public static Comparison.Named topP(double p) {
        return sampling("top-p " + p, SamplingParams.ancestral(1).withTopP(p));
    }

    /** Locally typical sampling at T = 1 with mass p ({@link TypicalProcessor}). */
    public static Comparison.Named typical(double p) {
        return sampling("typical " + p, SamplingParams.ancestral(1).withTypicalP(p));
    }

    /** The best hypothesis of beam search with B beams ({@link Comparison#beam}). */
    public static Comparison.Named beam(int beams) {
        return new Comparison.Named("beam " + beams, Comparison.beam(beams));
    }

    /** Sampling with any settings, under a name. */
    public static Comparison.Named sampling(String name, SamplingParams params) {
        return new Comparison.Named(name, Comparison.decoder(seed -> new Sampler(params, new Random(seed))));
    }

    /** The methods of HW2's table: model default, greedy, T = 0.25 and 1.5, beam 3 and 25, typical 0.9. */
    public static List<Comparison.Named> tableMethods() {
        return List.of(modelDefault(), greedy(), temperature(0.25), temperature(1.5), beam(3), beam(25), typical(0.9));
    }

    /**
     * Every method on every model and task, over the first {@code perTask} validation items of each task whose
     * prompt and gold answer fit every model's context (no method could write the answer of the others).
     */
    public static List<Row> run(Map<String, ? extends LanguageModel> models, List<Comparison.Named> methods,
            List<String> tasks, int perTask, long seed) {
        if (perTask < 1) throw new IllegalArgumentException("need at least one item per task, got " + perTask);
        List<Row> rows = new ArrayList<>();
        for (String task : tasks) {
            List<Item> items = items(task, perTask, models.values());
            for (Comparison.Named m : methods) {
                models.forEach((name, model) -> rows.add(row(m, name, model, task, items, seed)));
            }
        }
        return rows;
    }

    /** One method on one model and one task's items. */
    public static Row row(Comparison.Named method, String modelName, LanguageModel model, String task, List<Item> items, long seed) {
        if (items.isEmpty()) throw new IllegalArgumentException("the benchmark needs at least one item");
        Tokenizer tok = tokenizer(model);
        Task grader = TaskSets.grader(task);
        long start = System.nanoTime();
        double[] scores = new double[items.size()];
        long tokens = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            int[] prompt = tok.encode(item.prompt());
            Generation g = Generation.of(maxNewTokens(model, tok, item, prompt.length))
                    .withEos(model.eosTokenId()).withStop(tok, STOP);
            Generation.Result r = method.method().generate(model, prompt, g, seed + i);
            scores[i] = grader.score(item, answer(r.text()));
            tokens += r.ids().length;
        }
        Interval interval = Interval.ofMean(scores, new SplittableRandom(seed));
        return new Row(method.name(), modelName, task, interval.estimate(), interval, items.size(), tokens,
                (System.nanoTime() - start) / 1e9);
    }

    /** The answer a grader sees: the text up to {@link #STOP} (beam search does not stop there by itself). */
    static String answer(String text) {
        int cut = text.indexOf(STOP);
        return cut >= 0 ? text.substring(0, cut) : text;
    }

    /** The first {@code n} validation items of {@code task} whose prompt and gold answer fit every model's context. */
    public static List<Item> items(String task, int n, Collection<? extends LanguageModel> models) {
        return TaskSets.load(task, "validation").stream()
                .filter(item -> models.stream().allMatch(m -> answerFits(m, item)))
                .limit(n).toList();
    }

    private static boolean answerFits(LanguageModel model, Item item) {
        Tokenizer tok = tokenizer(model);
        return tok.encode(item.prompt()).length + goldTokens(tok, item) <= model.contextLength();
    }

    private static Tokenizer tokenizer(LanguageModel model) {
        return model.tokenizer().orElseThrow(() -> new IllegalArgumentException("the benchmark needs a model with a tokenizer"));
    }

    /** The gold answer's length in tokens, as the model would write it after the prompt. */
    private static int goldTokens(Tokenizer tok, Item item) {
        return tok.encode(" " + item.answer()).length;
    }

    /** Gold answer length plus {@link #SLACK}, within the model's context. */
    static int maxNewTokens(LanguageModel model, Tokenizer tok, Item item, int promptLength) {
        int room = model.contextLength() - promptLength;
        if (room < 1) throw new IllegalArgumentException("item " + item.id() + " fills the model's context");
        return Math.min(room, goldTokens(tok, item) + SLACK);
    }
}
