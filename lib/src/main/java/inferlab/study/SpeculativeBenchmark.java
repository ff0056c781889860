package inferlab.study;

import inferlab.decode.Stepper;
import inferlab.decode.StopRule;
import inferlab.measure.Measure;
import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;

import inferlab.speculative.AcceptanceStats;
import inferlab.speculative.DraftModelDrafter;
import inferlab.speculative.Drafter;
import inferlab.speculative.PromptLookupDrafter;
import inferlab.speculative.Sampling;
import inferlab.prob.TopK;
import inferlab.speculative.SpeculativeDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Speculative greedy decoding against plain greedy decoding of the target on the same prompts: wall-clock
 * speedup next to the acceptance statistics and the speedup the theory predicts from them.
 *
 * <p>Rates and speedups are those of the decode phase, the rounds after the models have read the prompt: that is
 * what Leviathan et al.'s formula prices (time per output token), and reading a 64-token prompt costs a CPU from a
 * dozen to a few dozen decoding steps, so counting it would pull every speedup toward 1.
 *
 * <p>Every configuration decodes all prompts repeatedly for at least {@code seconds} per round, the
 * configurations taking turns in alternating order after a warm-up ({@link Measure#rates}); a speedup is the
 * median over rounds of the ratio to plain greedy measured in the same round. Every speculative output is checked
 * against the plain greedy output: a mismatch is a bug and throws.
 */
public final class SpeculativeBenchmark {
    private SpeculativeBenchmark() {}

    /**
     * One drafter configuration: decode seconds per pass over the prompts at the median rate, the median speedup over
     * plain greedy with its spread over rounds, the statistics of all its runs together, and its costs in plain
     * target steps: c for a draft pass (0 for prompt lookup, which runs no model), v for a verification pass.
     */
    public record Row(String drafter, int gamma, double seconds, double speedup, Measure.Figure speedups,
                      AcceptanceStats stats, double c, double v) {}

    /**
     * Plain decoding steps per second of the target and of the draft, each timed alone ({@link #plainSteps}): the
     * units in which c and v are priced.
     */
    public record StepRates(Measure.Figure target, Measure.Figure draft) {
        /**
         * The two step timers, target then draft, decoding at {@code temperature} (0: greedy), to measure in the same
         * rounds as the configurations they price.
         */
        public static List<Measure.Contender> contenders(LanguageModel target, LanguageModel draft, List<int[]> prompts,
                                                         int newTokens, double temperature) {
            return List.of(plainSteps("target step", target, prompts, newTokens, temperature),
                    plainSteps("draft step", draft, prompts, newTokens, temperature));
        }

        /** The rates of {@link #contenders} measured at indices {@code at} and {@code at + 1} of {@code rates}. */
        public static StepRates at(List<Measure.Figure> rates, int at) {
            return new StepRates(rates.get(at), rates.get(at + 1));
        }

        /** One plain decoding step of the target (median), in nanoseconds. */
        public double targetNanos() {
            return 1e9 / target.median();
        }

        /** Leviathan et al.'s c: a plain step of the draft over a plain step of the target (medians). */
        public double draftCost() {
            return target.median() / draft.median();
        }
    }

    /**
     * The baseline (decode seconds per pass over the prompts, decode tokens per second), the plain step rates and
     * the speculative configurations.
     */
    public record Report(double plainSeconds, Measure.Figure plainTokensPerSecond, StepRates steps, int newTokens,
                         List<Row> rows) {}

    /**
     * Plain greedy decoding, one target forward pass per token, its decode phase timed as
     * {@link SpeculativeDecoder} times its own: the target reads the prompt but its last token (not timed), then
     * each pass appends one token, starting with that last one. The decode time is added to {@code decodeNanos[0]}.
     */
    private static int[] plainGreedy(LanguageModel target, int[] prompt, int newTokens, long[] decodeNanos) {
        Stepper stepper = StopRule.of(target, newTokens).start(null, prompt.length);
        try (Session s = target.newSession()) {
            if (prompt.length > 1) s.append(Arrays.copyOf(prompt, prompt.length - 1));
            long start = System.nanoTime();
            float[] logits = s.append(prompt[prompt.length - 1])[0];
            while (stepper.stop() == null) {
                int next = TopK.argmax(logits);
                if (stepper.add(next) == null) logits = s.append(next)[0];
            }
            decodeNanos[0] += System.nanoTime() - start;
            return stepper.ids();
        }
    }

    /**
     * Plain decoding steps of {@code model} after each prompt, each timed alone (the prefill not counted): a forward
     * pass and the choice of its token ({@link Sampling#next} at {@code temperature}), the unit in which Leviathan et
     * al. price a draft step (c) and here also a verification (v). Work counts steps.
     */
    private static Measure.Contender plainSteps(String name, LanguageModel model, List<int[]> prompts, int newTokens,
                                                double temperature) {
        Random rng = new Random(0);
        return new Measure.Contender(name, () -> {
            long nanos = 0;
            int steps = 0;
            for (int[] prompt : prompts) {
                try (Session s = model.newSession()) {
                    float[] logits = s.appendLast(prompt);
                    for (int i = 1; i < newTokens && s.length() < model.contextLength(); i++) {
                        long t0 = System.nanoTime();
                        logits = s.append(Sampling.next(logits, temperature, rng))[0];
                        nanos += System.nanoTime() - t0;
                        steps++;
                    }
                }
            }
            return new Measure.Work(steps, nanos / 1e9);
        });
    }

    /** As {@link #run(LanguageModel, LanguageModel, List, int, int[], int, double)} with 2 s per figure. */
    public static Report run(LanguageModel target, LanguageModel draft, List<int[]> prompts, int newTokens,
                             int[] gammas, int repeats) {
        return run(target, draft, prompts, newTokens, gammas, repeats, 2);
    }

    /**
     * Plain greedy, speculative greedy with the draft model at each lookahead in {@code gammas}, and prompt lookup
     * (n-grams 3 down to 1) at each lookahead, {@code repeats} rounds of at least {@code seconds} each.
     */
    public static Report run(LanguageModel target, LanguageModel draft, List<int[]> prompts, int newTokens,
                             int[] gammas, int repeats, double seconds) {
        int[][] expected = new int[prompts.size()][];
        for (int i = 0; i < prompts.size(); i++) expected[i] = plainGreedy(target, prompts.get(i), newTokens, new long[1]);
        List<Measure.Contender> contenders = new ArrayList<>();
        contenders.add(new Measure.Contender("plain greedy", () -> {
            long[] nanos = {0};
            int tokens = 0;
            for (int[] prompt : prompts) tokens += plainGreedy(target, prompt, newTokens, nanos).length;
            return new Measure.Work(tokens, nanos[0] / 1e9);
        }));
        contenders.addAll(StepRates.contenders(target, draft, prompts, newTokens, 0));
        List<String> names = new ArrayList<>();
        List<Integer> lookaheads = new ArrayList<>();
        List<AcceptanceStats[]> stats = new ArrayList<>();
        List<DraftModelDrafter> drafters = new ArrayList<>();
        try {
            for (String name : List.of("draft model", "prompt lookup")) {
                for (int gamma : gammas) {
                    Drafter drafter;
                    if (name.equals("draft model")) {
                        DraftModelDrafter d = new DraftModelDrafter(draft);
                        drafters.add(d);
                        drafter = d;
                    } else {
                        drafter = new PromptLookupDrafter(3, 1);
                    }
                    AcceptanceStats[] total = new AcceptanceStats[1];
                    names.add(name);
                    lookaheads.add(gamma);
                    stats.add(total);
                    SpeculativeDecoder decoder = new SpeculativeDecoder(target, drafter, gamma);
                    contenders.add(new Measure.Contender(name + " " + gamma, () ->
                            speculative(name, decoder, gamma, prompts, expected, newTokens, total)));
                }
            }
            List<Measure.Figure> f = Measure.rates(contenders, seconds, repeats);
            double tokens = Arrays.stream(expected).mapToInt(e -> e.length).sum();
            StepRates steps = StepRates.at(f, 1);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Measure.Figure ratio = f.get(i + 3).over(f.get(0));
                AcceptanceStats s = stats.get(i)[0];
                double c = names.get(i).equals("draft model") ? steps.draftCost() : 0;
                rows.add(new Row(names.get(i), lookaheads.get(i), tokens / f.get(i + 3).median(), ratio.median(), ratio,
                        s, c, s.verifyCost(steps.targetNanos())));
            }
            return new Report(tokens / f.get(0).median(), f.get(0), steps, newTokens, rows);
        } finally {
            drafters.forEach(DraftModelDrafter::close);
        }
    }

    /**
     * One pass over the prompts, timed over the decode phases; checks every output and adds the statistics to
     * total[0].
     */
    private static Measure.Work speculative(String name, SpeculativeDecoder decoder, int gamma, List<int[]> prompts,
                                            int[][] expected, int newTokens, AcceptanceStats[] total) {
        int tokens = 0;
        AcceptanceStats sum = null;
        for (int i = 0; i < prompts.size(); i++) {
            var r = decoder.generate(prompts.get(i), newTokens, 0, new Random(0));
            if (!Arrays.equals(expected[i], r.tokens())) {
                throw new IllegalStateException(name + " gamma " + gamma + " changed the greedy output of prompt "
                        + i + ": " + Arrays.toString(r.tokens()) + " vs " + Arrays.toString(expected[i]));
            }
            tokens += r.tokens().length;
            sum = sum == null ? r.stats() : sum.plus(r.stats());
        }
        total[0] = total[0] == null ? sum : total[0].plus(sum);
        return new Measure.Work(tokens, sum.decodeNanos() / 1e9);
    }

    /**
     * {@code count} prompts of {@code length} tokens from evenly spaced places in {@code text}: real text gives
     * the draft model something to agree on and prompt lookup something to copy.
     */
    public static List<int[]> corpusPrompts(Tokenizer tokenizer, String text, int count, int length) {
        List<int[]> prompts = new ArrayList<>();
        int window = 16 * length; // characters: several per token, so the window holds enough tokens
        for (int i = 0; i < count; i++) {
            int start = (int) ((long) i * Math.max(1, text.length() - window) / count);
            int[] ids = tokenizer.encode(text.substring(start, Math.min(text.length(), start + window)));
            if (ids.length < length) throw new IllegalArgumentException("text too short for prompts of " + length + " tokens");
            prompts.add(Arrays.copyOfRange(ids, ids.length - length, ids.length));
        }
        return prompts;
    }
}
