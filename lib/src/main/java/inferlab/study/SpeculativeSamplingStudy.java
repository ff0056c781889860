package inferlab.study;

import inferlab.decode.Generation;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.measure.Measure;
import inferlab.model.LanguageModel;
import inferlab.prob.Interval;
import inferlab.speculative.AcceptanceStats;
import inferlab.speculative.DraftModelDrafter;
import inferlab.speculative.SpeculativeDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Speculative sampling (Chen et al. 2023, Algorithm 2) against plain ancestral sampling from the target at the
 * same temperature, for several lookaheads: the course's HW3 table of acceptance rate and speedup against gamma.
 *
 * <p>All configurations run in one {@link Measure#rates} call: after a warm-up, each round runs every
 * configuration for at least {@code seconds} in alternating order, and a speedup is the median over rounds of
 * the ratio of its tokens per second to plain sampling's in the same round (machine load moves both). Both rates
 * are of the decode phase, after the models have read the prompt, as in {@link SpeculativeBenchmark}. The
 * outputs are samples, so unlike greedy speculation they cannot be compared with the baseline token for token;
 * that they follow the target's distribution is what {@code SpeculativeDistributionTest} checks.
 *
 * <p>The acceptance rate alpha = accepted / examined carries a Wilson 95% interval that treats every examined
 * draft as an independent trial. Drafts of one sequence are correlated (an easy passage is easy for several
 * tokens), so the interval is somewhat narrower than the spread over prompts would be.
 */
public final class SpeculativeSamplingStudy {
    private SpeculativeSamplingStudy() {}

    /**
     * One lookahead: the pooled statistics of all its runs, alpha with its interval, the speedup over plain
     * sampling (median and range over rounds), and its costs in plain target steps: c for a draft pass, v for a
     * verification pass.
     */
    public record Row(int gamma, AcceptanceStats stats, Interval alpha, Measure.Figure speedup, double c, double v) {}

    /** Plain sampling's rate, the plain step rates and the rows, in the order of the lookaheads given. */
    public record Report(double temperature, int newTokens, Measure.Figure plainTokensPerSecond,
                         SpeculativeBenchmark.StepRates steps, List<Row> rows) {}

    /**
     * Samples {@code newTokens} tokens after each prompt with plain sampling and with speculative sampling at
     * each lookahead in {@code gammas}; generator seeds derive from {@code seed}.
     */
    public static Report run(LanguageModel target, LanguageModel draft, List<int[]> prompts, int newTokens,
                             double temperature, int[] gammas, int repeats, double seconds, long seed) {
        if (!(temperature > 0)) throw new IllegalArgumentException("speculative sampling needs temperature > 0");
        if (newTokens < 2) throw new IllegalArgumentException("need at least 2 new tokens for a draft to be examined");
        long[] firstToken = {0};
        Generation plain = Generation.of(newTokens).withEos(target.eosTokenId())
                .onToken((step, id, lp) -> { if (step == 0) firstToken[0] = System.nanoTime(); });
        Random plainRng = new Random(seed);
        Sampler sampler = new Sampler(SamplingParams.ancestral(temperature), plainRng);
        List<Measure.Contender> contenders = new ArrayList<>();
        contenders.add(new Measure.Contender("plain sampling", () -> { // decode phase: the passes after the first token
            long nanos = 0;
            int tokens = 0;
            for (int[] prompt : prompts) {
                tokens += plain.run(target, prompt, sampler).ids().length - 1;
                nanos += System.nanoTime() - firstToken[0];
            }
            return new Measure.Work(tokens, nanos / 1e9);
        }));
        contenders.addAll(SpeculativeBenchmark.StepRates.contenders(target, draft, prompts, newTokens, temperature));
        List<DraftModelDrafter> drafters = new ArrayList<>();
        AcceptanceStats[] totals = new AcceptanceStats[gammas.length];
        try {
            for (int g = 0; g < gammas.length; g++) {
                DraftModelDrafter drafter = new DraftModelDrafter(draft);
                drafters.add(drafter);
                SpeculativeDecoder decoder = new SpeculativeDecoder(target, drafter, gammas[g]);
                Random rng = new Random(seed + 1 + g);
                int slot = g;
                contenders.add(new Measure.Contender("speculative " + gammas[g], () -> {
                    int tokens = 0;
                    long nanos = 0;
                    for (int[] prompt : prompts) {
                        var r = decoder.generate(prompt, newTokens, temperature, rng);
                        tokens += r.tokens().length;
                        nanos += r.stats().decodeNanos();
                        totals[slot] = totals[slot] == null ? r.stats() : totals[slot].plus(r.stats());
                    }
                    return new Measure.Work(tokens, nanos / 1e9);
                }));
            }
            List<Measure.Figure> f = Measure.rates(contenders, seconds, repeats);
            var steps = SpeculativeBenchmark.StepRates.at(f, 1);
            List<Row> rows = new ArrayList<>();
            for (int g = 0; g < gammas.length; g++) {
                AcceptanceStats s = totals[g];
                rows.add(new Row(gammas[g], s, Interval.wilson(s.accepted(), s.accepted() + s.rejected()),
                        f.get(g + 3).over(f.get(0)), steps.draftCost(), s.verifyCost(steps.targetNanos())));
            }
            return new Report(temperature, newTokens, f.get(0), steps, rows);
        } finally {
            drafters.forEach(DraftModelDrafter::close);
        }
    }
}
