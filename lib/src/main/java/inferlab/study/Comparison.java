package inferlab.study;

import inferlab.decode.BeamSearch;
import inferlab.decode.Decoder;
import inferlab.decode.DiverseBeamSearch;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.decode.LogitsProcessor;
import inferlab.decode.Mirostat;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.decode.Stepper;
import inferlab.decode.StopRule;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import inferlab.prob.Interval;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TextStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * HW2's decoder comparisons, as numbers a notebook plots: task accuracy per method, and for open-ended
 * continuation the diversity (distinct-n), repetition rate and perplexity of what each method writes.
 *
 * <p>Perplexity is under the generating model itself, exp(−(1/N) Σ log p(x_t | x_&lt;t)) over all generated
 * tokens, from the unprocessed log-probabilities: greedy text scores low (the model's favourite tokens),
 * high-temperature text high. Repetition is rep/ℓ over token ids with ℓ = {@value #WINDOW}.
 */
public final class Comparison {
    private Comparison() {}

    /** Repetition-rate window ℓ (tokens). */
    public static final int WINDOW = 16;

    /** A decoding method under a name: generates one continuation; {@code seed} varies per prompt. */
    @FunctionalInterface
    public interface Method {
        Generation.Result generate(LanguageModel model, int[] prompt, Generation generation, long seed);
    }

    public record Named(String name, Method method) {}

    public static Method decoder(java.util.function.LongFunction<Decoder> make) {
        return (model, prompt, g, seed) -> g.run(model, prompt, make.apply(seed));
    }

    /** Best hypothesis of beam search with {@code beams} beams (length penalty 1, early stopping true). */
    public static Method beam(int beams) {
        BeamSearch search = new BeamSearch(beams, 1, 1.0, BeamSearch.EarlyStopping.TRUE);
        return (model, prompt, g, seed) -> {
            BeamSearch.Hypothesis h = search.run(model, prompt, g.maxNewTokens(), g.eosTokenId()).get(0);
            float[] lp = tokenLogProbs(model, prompt, h.ids());
            double sum = 0;
            for (float v : lp) sum += v;
            // the hypothesis read under the stop rule: its text without EOS, and why it ended
            Stepper replay = new StopRule(g.eosTokenId(), List.of(), g.maxNewTokens(), model.contextLength())
                    .replay(model.tokenizer().orElse(null), prompt.length, h.ids());
            return new Generation.Result(h.ids(), lp, sum, replay.text(), replay.stop());
        };
    }

    /** The methods HW2 compares, with common settings. */
    public static List<Named> allMethods() {
        return List.of(
                new Named("greedy", decoder(seed -> new Greedy())),
                new Named("beam-4", beam(4)),
                new Named("sample t=1", decoder(seed -> new Sampler(SamplingParams.ancestral(1), new Random(seed)))),
                new Named("sample t=0.7", decoder(seed -> new Sampler(SamplingParams.ancestral(0.7), new Random(seed)))),
                new Named("top-k 40", decoder(seed -> new Sampler(SamplingParams.DEFAULT.withTopK(40), new Random(seed)))),
                new Named("top-p 0.9", decoder(seed -> new Sampler(SamplingParams.ancestral(1).withTopP(0.9), new Random(seed)))),
                new Named("min-p 0.1", decoder(seed -> new Sampler(SamplingParams.ancestral(1).withMinP(0.1), new Random(seed)))),
                new Named("typical 0.9", decoder(seed -> new Sampler(SamplingParams.ancestral(1).withTypicalP(0.9), new Random(seed)))),
                new Named("epsilon 3e-4", decoder(seed -> new Sampler(SamplingParams.ancestral(1).withEpsilon(3e-4), new Random(seed)))),
                new Named("eta 3e-4", decoder(seed -> new Sampler(SamplingParams.ancestral(1).withEta(3e-4), new Random(seed)))),
                new Named("mirostat v2 τ=3", decoder(seed -> new Mirostat(2, 3, 0.1, new Random(seed)))));
    }

    /** Mean task score of the answers {@code method} writes for {@code items}, with its 95% interval. */
    public static Interval accuracy(LanguageModel model, Task task, List<Item> items, Method method, int maxNewTokens) {
        if (items.isEmpty()) throw new IllegalArgumentException("accuracy needs at least one item");
        Tokenizer tok = tokenizer(model);
        Generation g = Generation.of(maxNewTokens).withEos(model.eosTokenId()).withStop(tok, "\n");
        double[] scores = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String text = method.generate(model, tok.encode(item.prompt()), g, i).text();
            int newline = text.indexOf('\n');
            scores[i] = task.score(item, newline >= 0 ? text.substring(0, newline) : text);
        }
        return Interval.ofMean(scores, new SplittableRandom(0));
    }

    /** Degeneration statistics of one method's continuations. */
    public record TextQuality(double distinct1, double distinct2, double repetition, double perplexity) {}

    /** Continues each prompt with {@code method} for {@code newTokens} tokens (no EOS) and measures the texts. */
    public static TextQuality quality(LanguageModel model, List<int[]> prompts, Method method, int newTokens) {
        Generation g = Generation.of(newTokens);
        List<List<Integer>> texts = new ArrayList<>();
        double repetition = 0, logProb = 0;
        long tokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            Generation.Result r = method.generate(model, prompts.get(i), g, i);
            texts.add(Arrays.stream(r.ids()).boxed().toList());
            repetition += TextStats.repetitionRate(r.ids(), WINDOW);
            for (float lp : r.logProbs()) logProb += lp;
            tokens += r.ids().length;
        }
        return new TextQuality(TextStats.distinctPooled(texts, 1), TextStats.distinctPooled(texts, 2),
                repetition / prompts.size(), Math.exp(-logProb / tokens));
    }

    /** Beam search with B beams: the best hypothesis's mean score s/L and repetition rate, averaged over prompts. */
    public record BeamPoint(int beams, double score, double repetition) {}

    public static List<BeamPoint> beamSweep(LanguageModel model, List<int[]> prompts, int[] beamSizes, int newTokens) {
        List<BeamPoint> out = new ArrayList<>();
        for (int b : beamSizes) {
            BeamSearch search = new BeamSearch(b, 1, 1.0, BeamSearch.EarlyStopping.TRUE);
            double score = 0, repetition = 0;
            for (int[] p : prompts) {
                BeamSearch.Hypothesis h = search.run(model, p, newTokens, -1).get(0);
                score += h.score();
                repetition += TextStats.repetitionRate(h.ids(), WINDOW);
            }
            out.add(new BeamPoint(b, score / prompts.size(), repetition / prompts.size()));
        }
        return out;
    }

    /**
     * The B sequences one beam search returns for one prompt: distinct-2 pooled across them, and the best
     * mean log-probability per token under the model, max over the sequences of (1/L) Σ log p (without any
     * diversity penalty).
     */
    public record BeamSet(String method, double distinct2, double bestLogProb) {}

    /** Plain beam search, all {@code beams} sequences of {@code newTokens} tokens (no EOS). */
    public static BeamSet plainBeams(LanguageModel model, int[] prompt, int beams, int newTokens) {
        List<BeamSearch.Hypothesis> out = new BeamSearch(beams, beams, 1.0, BeamSearch.EarlyStopping.TRUE)
                .run(model, prompt, newTokens, -1);
        return new BeamSet("beam " + beams, TextStats.distinctPooled(out.stream().map(h -> boxed(h.ids())).toList(), 2),
                out.stream().mapToDouble(BeamSearch.Hypothesis::score).max().orElseThrow());
    }

    /** Diverse beam search with {@code groups} groups and penalty λ, all sequences (no EOS). */
    public static BeamSet diverseBeams(LanguageModel model, int[] prompt, int beams, int groups, double lambda, int newTokens) {
        List<DiverseBeamSearch.Hypothesis> out = new DiverseBeamSearch(beams, groups, lambda).run(model, prompt, newTokens, -1);
        return new BeamSet("diverse " + beams + "/" + groups + " λ=" + lambda,
                TextStats.distinctPooled(out.stream().map(h -> boxed(h.ids())).toList(), 2),
                out.stream().mapToDouble(h -> h.logProb() / h.ids().length).max().orElseThrow());
    }

    /** How many tokens {@code processor} leaves with a finite logit. */
    public static int kept(LogitsProcessor processor, int[] history, float[] logits) {
        int n = 0;
        for (float z : processor.apply(history, logits)) if (z != Float.NEGATIVE_INFINITY) n++;
        return n;
    }

    /** log p of each of {@code ids} after {@code prompt}, teacher-forced. */
    static float[] tokenLogProbs(LanguageModel model, int[] prompt, int[] ids) {
        int[] all = Arrays.copyOf(prompt, prompt.length + ids.length);
        System.arraycopy(ids, 0, all, prompt.length, ids.length);
        return Arrays.copyOfRange(model.score(all), prompt.length - 1, all.length - 1);
    }

    private static List<Integer> boxed(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }

    private static Tokenizer tokenizer(LanguageModel model) {
        return model.tokenizer().orElseThrow(() -> new IllegalArgumentException("task accuracy needs a model with a tokenizer"));
    }
}
