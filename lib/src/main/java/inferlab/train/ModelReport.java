package inferlab.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.decode.Decoder;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.model.LanguageModel;
import inferlab.model.NGramModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.prob.Interval;
import inferlab.prob.TopK;
import inferlab.reward.LmFeatures;
import inferlab.reward.RewardData;
import inferlab.reward.RewardModel;
import inferlab.system.Answers;
import inferlab.system.Benchmark;
import inferlab.system.Completer;
import inferlab.system.ConstrainedChoice;
import inferlab.system.InferenceSystem;
import inferlab.system.SelfConsistency;
import inferlab.system.SharedTaskSystems;
import inferlab.system.SingleSample;
import inferlab.task.Arithmetic;
import inferlab.task.Calculator;
import inferlab.task.GraphPaths;
import inferlab.task.Harness;
import inferlab.task.Instructions;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import inferlab.task.WordProblems;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The measured numbers of a model card: held-out perplexity, draft/target greedy agreement, task accuracy.
 *
 * <p>The n-gram baseline is modified interpolated Kneser–Ney trained on the corpus train split (same
 * tokenizer). Held-out text is cut into consecutive chunks of {@code context} tokens, each scored from a fresh session,
 * so no position sees more context than the model was trained with and every model sees the same chunks.
 */
public final class ModelReport {
    private ModelReport() {}

    /**
     * Perplexity per token, exp(-(1/N) sum log p(x_t | x_{<t})), over the chunks of the first {@code maxTokens}
     * tokens of {@code tokens}; the first token of each chunk is context only.
     */
    public static double perplexity(LanguageModel model, int[] tokens, int context, int maxTokens) {
        double sum = 0;
        long n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start + 1 < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            if (chunk.length < 2) break;
            for (float lp : model.score(chunk)) sum += lp;
            n += chunk.length - 1;
        }
        return Math.exp(-sum / n);
    }

    /**
     * Greedy next-token agreement: the fraction of positions where argmax of the draft's next-token
     * distribution equals the target's, with both conditioned on the same held-out prefix. Under greedy
     * speculative decoding this is the per-token acceptance rate alpha.
     */
    public static double agreement(LanguageModel draft, LanguageModel target, int[] tokens, int context, int maxTokens) {
        long same = 0, n = 0;
        int end = Math.min(tokens.length, maxTokens);
        for (int start = 0; start < end; start += context) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, start, Math.min(end, start + context));
            try (Session d = draft.newSession(); Session t = target.newSession()) {
                float[][] dl = d.append(chunk);
                float[][] tl = t.append(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    if (TopK.argmax(dl[i]) == TopK.argmax(tl[i])) same++;
                    n++;
                }
            }
        }
        return same / (double) n;
    }

    /** The held-out corpus text of one split as one token stream, documents separated by end-of-text. */
    public static int[] corpusTokens(Tokenizer tokenizer, String split, int eos) {
        List<Integer> out = new ArrayList<>();
        for (String doc : Corpus.documents(Project.data().resolve("corpus"), split)) {
            for (int id : tokenizer.encode(doc)) out.add(id);
            out.add(eos);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Generation budget per task: room for the longest gold answer of the test split with some to spare. */
    static int budget(String task) {
        return switch (task) {
            case MultipleChoice.NAME -> SharedTaskSystems.CHOICE_TOKENS;
            case Instructions.NAME -> 128;
            default -> 200;
        };
    }

    /** The in-process calculator behind {@code <<EXPR=} annotations (no sandbox: it only parses arithmetic). */
    static final Tool CALCULATOR = input -> {
        long t0 = System.nanoTime();
        try {
            return new ToolResult(ToolResult.Status.OK, Calculator.format(Calculator.evaluate(input)), "", "",
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new ToolResult(ToolResult.Status.EXCEPTION, "", "", String.valueOf(e.getMessage()), Duration.ofNanos(System.nanoTime() - t0));
        }
    };

    /** A candidate source for one task: the task's stop, budget and answer parser; the calculator for word problems. */
    static Completer completer(LanguageModel model, String task, Function<RandomGenerator, Decoder> decoder) {
        return new Completer(model, decoder, budget(task), List.of(Harness.STOP),
                task.equals(WordProblems.NAME) ? CALCULATOR : null, Answers.parser(task));
    }

    /** Items whose prompt leaves the task's budget within the model's context. */
    static List<Item> fitting(Transformer model, String task, List<Item> items) {
        Tokenizer tok = model.tokenizer().orElseThrow();
        return items.stream().filter(i -> tok.encode(i.prompt()).length + budget(task) <= model.config().maxPositions()).toList();
    }

    /** Mean grade with its 95% interval, over runs of one system. */
    static JsonObject summary(List<Benchmark.Run> runs, String system) {
        double[] scores = runs.stream().filter(r -> r.system().equals(system)).mapToDouble(Benchmark.Run::score).toArray();
        Interval i = Interval.ofMean(scores, new Random(0));
        JsonObject o = new JsonObject();
        o.addProperty("n", scores.length);
        o.addProperty("accuracy", i.estimate());
        o.addProperty("low", i.low());
        o.addProperty("high", i.high());
        return o;
    }

    /**
     * Greedy accuracy of {@code model} on {@code items} of one task (the calculator runs for word problems), with
     * its interval; for arithmetic also by digits and by operation.
     */
    public static JsonObject greedyAccuracy(Transformer model, String task, List<Item> items, long seed) {
        return accuracy(model, task, items, new SingleSample("greedy", completer(model, task, rng -> new Greedy())), seed);
    }

    /**
     * Multiple-choice accuracy of greedy decoding constrained to the guided choices ({@link ConstrainedChoice}), with
     * its interval.
     */
    public static JsonObject constrainedChoiceAccuracy(Transformer model, List<Item> items, long seed) {
        Completer greedy = completer(model, MultipleChoice.NAME, rng -> new Greedy());
        return accuracy(model, MultipleChoice.NAME, items, new ConstrainedChoice("constrained greedy", greedy, MultipleChoice::guidedChoices), seed);
    }

    private static JsonObject accuracy(Transformer model, String task, List<Item> items, InferenceSystem system, long seed) {
        List<Benchmark.Run> runs = Benchmark.run(List.of(system), TaskSets.grader(task), fitting(model, task, items), seed);
        JsonObject o = summary(runs, system.name());
        if (task.equals(Arithmetic.NAME)) {
            Map<String, Item> byId = new HashMap<>();
            items.forEach(i -> byId.put(i.id(), i));
            for (String key : List.of("digits", "op")) {
                Map<String, List<Benchmark.Run>> groups = new TreeMap<>();
                for (Benchmark.Run r : runs) groups.computeIfAbsent(byId.get(r.item()).meta().get(key).getAsString(), k -> new ArrayList<>()).add(r);
                JsonObject g = new JsonObject();
                groups.forEach((k, rs) -> g.add(k, summary(rs, system.name())));
                o.add("by_" + key, g);
            }
        }
        return o;
    }

    /**
     * Self-consistency with {@code n} samples (temperature {@code temperature}, majority vote on the parsed answer)
     * against greedy on the same items, and the AUC of a reward model on the sampled solutions: trained on samples
     * of {@code trainItems}, evaluated on the samples of {@code items}.
     */
    public static JsonObject selfConsistency(Transformer model, String task, List<Item> items, List<Item> trainItems,
                                             int n, double temperature, long seed) {
        Function<RandomGenerator, Decoder> sample = rng -> new Sampler(SamplingParams.ancestral(temperature), rng);
        Completer sampler = completer(model, task, sample);
        SingleSample greedy = new SingleSample("greedy", completer(model, task, rng -> new Greedy()));
        List<Item> fit = fitting(model, task, items);
        SelfConsistency vote = new SelfConsistency(sampler, n);
        List<Benchmark.Run> runs = Benchmark.run(List.of(greedy, vote), TaskSets.grader(task), fit, seed);
        JsonObject o = new JsonObject();
        o.addProperty("samples", n);
        o.addProperty("temperature", temperature);
        o.add("greedy", summary(runs, "greedy"));
        String sc = vote.name();
        o.add("self_consistency", summary(runs, sc));
        double oracle = Benchmark.oracle(runs.stream().filter(r -> r.system().equals(sc)).toList());
        o.addProperty("oracle_pass_at_n", oracle);
        Task grader = TaskSets.grader(task);
        Random rng = new Random(seed);
        List<RewardModel.Example> train = RewardData.sampled(sampler, grader, fitting(model, task, trainItems), 4, rng);
        List<RewardModel.Example> test = RewardData.sampled(sampler, grader, fit, 4, rng);
        long correct = test.stream().filter(RewardModel.Example::correct).count();
        o.addProperty("reward_test_samples", test.size());
        o.addProperty("reward_test_correct", correct);
        boolean defined = correct > 0 && correct < test.size() && train.stream().anyMatch(RewardModel.Example::correct)
                && train.stream().anyMatch(e -> !e.correct());
        if (defined) {
            RewardModel rm = RewardModel.train(RewardModel.Features.cached(new LmFeatures(model, 16, seed)), train, 300, 0.5, 1e-3, new Random(seed));
            o.addProperty("reward_auc", rm.auc(test));
        }
        return o;
    }

    /**
     * {@code ModelReport <target dir> <draft dir> <report.json> [target|draft]}: the numbers of the model card,
     * merged into {@code report.json}. Part {@code target} measures the target alone (test perplexity, the
     * Kneser–Ney baseline, greedy accuracy on each task's test split and on fresh items from an unseen seed,
     * self-consistency against greedy, the reward model's AUC); part {@code draft} the draft's perplexity and the
     * draft/target agreement; no part means both. Sample sizes shrink in quick mode.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ModelReport <target dir> <draft dir> <report.json> [target|draft]");
            System.exit(2);
        }
        String part = args.length == 4 ? args[3] : "all";
        Path out = Path.of(args[2]);
        int maxTokens = Project.size(65_536, 2_048);
        int items = Project.size(500, 8), scItems = Project.size(300, 4), samples = Project.size(16, 4);
        JsonObject report = Files.exists(out) ? JsonParser.parseString(Files.readString(out)).getAsJsonObject() : new JsonObject();
        try (Transformer target = Transformer.load(Path.of(args[0]))) {
            Tokenizer tok = target.tokenizer().orElseThrow();
            int context = target.config().maxPositions();
            int[] test = corpusTokens(tok, "test", target.eosTokenId());
            report.addProperty("test_tokens_total", test.length);
            report.addProperty("test_tokens_scored", Math.min(test.length, maxTokens));
            report.addProperty("context", context);
            report.addProperty("target_parameters", target.parameterCount());
            if (!part.equals("draft")) {
                report.addProperty("target_test_perplexity", perplexity(target, test, context, maxTokens));
                int[] train = corpusTokens(tok, "train", target.eosTokenId());
                JsonObject ngram = new JsonObject();
                for (int n = 2; n <= 5; n++) {
                    NGramModel g = NGramModel.train(train, target.vocabSize(), n, new NGramModel.Smoothing.KneserNey(true));
                    ngram.addProperty(String.valueOf(n), perplexity(g, test, context, maxTokens));
                }
                report.add("kneser_ney_test_perplexity_by_order", ngram);
                JsonObject tasks = new JsonObject(), fresh = new JsonObject(), sc = new JsonObject();
                for (String name : List.of(Arithmetic.NAME, WordProblems.NAME, MultipleChoice.NAME, GraphPaths.NAME, Instructions.NAME)) {
                    List<Item> split = TaskSets.load(name, "test");
                    tasks.add(name, greedyAccuracy(target, name, split.subList(0, Math.min(items, split.size())), 1));
                }
                report.add("target_test_tasks", tasks);
                List<Item> choice = TaskSets.load(MultipleChoice.NAME, "test");
                report.add("target_test_constrained_choice", constrainedChoiceAccuracy(target, choice.subList(0, Math.min(items, choice.size())), 1));
                report.add("target_fresh_constrained_choice", constrainedChoiceAccuracy(target,
                        TaskSets.task(MultipleChoice.NAME, "test").generate(items, new Random(FRESH_SEED)), 1));
                for (String name : List.of(Arithmetic.NAME, WordProblems.NAME, MultipleChoice.NAME, GraphPaths.NAME)) {
                    List<Item> unseen = TaskSets.task(name, "test").generate(items, new Random(FRESH_SEED));
                    fresh.add(name, greedyAccuracy(target, name, unseen, 1));
                }
                for (String name : List.of(Arithmetic.NAME, WordProblems.NAME)) {
                    List<Item> split = TaskSets.load(name, "test"), validation = TaskSets.load(name, "validation");
                    sc.add(name, selfConsistency(target, name, split.subList(0, Math.min(scItems, split.size())),
                            validation.subList(0, Math.min(scItems / 3, validation.size())), samples, SC_TEMPERATURE, 2));
                }
                report.addProperty("fresh_seed", FRESH_SEED);
                report.add("target_fresh_tasks", fresh);
                report.add("self_consistency", sc);
            }
            if (!part.equals("target")) {
                try (Transformer draft = Transformer.load(Path.of(args[1]))) {
                    report.addProperty("draft_parameters", draft.parameterCount());
                    report.addProperty("draft_test_perplexity", perplexity(draft, test, context, maxTokens));
                    report.addProperty("greedy_agreement", agreement(draft, target, test, context, maxTokens));
                }
            }
        }
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(report);
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    /** A seed no split and no training run draws from: the "fresh items" check against a memorized test set. */
    static final long FRESH_SEED = 20261206L;
    /** Sampling temperature of self-consistency in the report. */
    static final double SC_TEMPERATURE = 0.8;
}
