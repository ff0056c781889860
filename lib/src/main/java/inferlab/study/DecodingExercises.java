package inferlab.study;

import inferlab.decode.DiverseBeamSearch;
import inferlab.decode.LogitsProcessor;
import inferlab.decode.OddRankProcessor;
import inferlab.decode.Sampler;
import inferlab.model.LanguageModel;
import inferlab.prob.Divergence;
import inferlab.prob.Softmax;
import inferlab.prob.TopK;
import inferlab.task.Item;
import inferlab.task.TaskSets;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Checks for HW2's exercises: a student's code against the library's reference. Each check returns
 * "PASS ..." or "FAIL ..." naming the first difference, and never throws.
 */
public final class DecodingExercises {
    private DecodingExercises() {}

    /** A diverse-beam group step with the signature of {@link DiverseBeamSearch#step}. */
    @FunctionalInterface
    public interface GroupStep {
        List<DiverseBeamSearch.Continuation> apply(float[] beamScores, float[][] logProbs, int[] chosen, double lambda, int k);
    }

    /**
     * The student's step against {@link DiverseBeamSearch#step} on seeded random cases (3 beams, 40 tokens,
     * tokens already chosen by earlier groups, λ ∈ {0, 0.7, 5}): same (beam, token) pairs in the same order,
     * scores within 1e-4.
     */
    public static String checkDiverseStep(GroupStep student) {
        Random rng = new Random(11);
        int n = 0;
        for (double lambda : new double[] {0, 0.7, 5}) {
            for (int trial = 0; trial < 5; trial++, n++) {
                float[] scores = new float[3];
                float[][] logProbs = new float[3][];
                for (int b = 0; b < 3; b++) {
                    scores[b] = (float) (-3 * rng.nextDouble());
                    float[] z = new float[40];
                    for (int v = 0; v < z.length; v++) z[v] = (float) (2 * rng.nextGaussian());
                    logProbs[b] = Softmax.logSoftmax(z);
                }
                int[] chosen = new int[40];
                for (int c = 0; c < 4; c++) chosen[rng.nextInt(8) == 0 ? rng.nextInt(40) : topToken(logProbs, rng)]++;
                int k = 2 + trial % 2;
                var expected = DiverseBeamSearch.step(scores, logProbs, chosen, lambda, k);
                String what = "case λ=" + lambda + ", k=" + k + " (trial " + trial + ")";
                List<DiverseBeamSearch.Continuation> got;
                try {
                    got = student.apply(scores.clone(), copy(logProbs), chosen.clone(), lambda, k);
                } catch (RuntimeException e) {
                    return "FAIL " + what + ": threw " + e;
                }
                if (got == null || got.size() != expected.size()) {
                    return "FAIL " + what + ": expected " + expected.size() + " continuations, got " + (got == null ? null : got.size());
                }
                for (int i = 0; i < expected.size(); i++) {
                    var e = expected.get(i);
                    var g = got.get(i);
                    if (g.beam() != e.beam() || g.token() != e.token() || !(Math.abs(g.score() - e.score()) <= 1e-4)) {
                        return "FAIL " + what + ", position " + i + ": expected " + e + ", got " + g;
                    }
                }
            }
        }
        return "PASS diverse step: " + n + " cases";
    }

    /**
     * Samples {@code samples} tokens through the student's processor ({@link Sampler}, seeded by {@code rng})
     * on {@code logits} and compares the frequencies with the exact distribution softmax(OddRankProcessor(z)):
     * no sample may fall on a removed token, and the total variation distance must stay below Σ_i σ_i, the
     * sum of the frequencies' standard deviations √(p_i(1 − p_i)/n) (its expected value is ≈ 0.4 Σ_i σ_i).
     */
    public static String checkOddRank(LogitsProcessor student, float[] logits, int samples, RandomGenerator rng) {
        float[] exact = Softmax.softmax(new OddRankProcessor().apply(new int[0], logits));
        double[] empirical = new double[logits.length];
        try {
            Sampler sampler = new Sampler(student, rng);
            for (int i = 0; i < samples; i++) empirical[sampler.next(new int[0], logits)] += 1.0 / samples;
        } catch (RuntimeException e) {
            return "FAIL: threw " + e;
        }
        double[] p = new double[exact.length];
        double tolerance = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = exact[i];
            tolerance += Math.sqrt(p[i] * (1 - p[i]) / samples);
            if (p[i] == 0 && empirical[i] > 0) {
                return String.format("FAIL: token %d has probability 0 (even rank) but got %.4f of the samples", i, empirical[i]);
            }
        }
        double tv = Divergence.totalVariation(empirical, p);
        return tv <= tolerance
                ? String.format("PASS odd ranks: total variation %.4f <= %.4f over %d samples", tv, tolerance, samples)
                : String.format("FAIL: total variation %.4f > %.4f between your samples and the exact distribution", tv, tolerance);
    }

    /**
     * The degenerate-choices exercise: decoding methods that make the larger model score below the smaller one.
     * Runs {@link DecodingBenchmark#row} for each (model, method) pair on the first {@code items} validation
     * items of {@code task} (same seed) and passes iff mean score(target) &lt; mean score(draft).
     */
    public static String checkSmallerWins(LanguageModel target, Comparison.Named forTarget, LanguageModel draft,
            Comparison.Named forDraft, String task, int items) {
        if (items < 1) throw new IllegalArgumentException("items must be >= 1, got " + items);
        DecodingBenchmark.Row t, d;
        try {
            List<Item> list = TaskSets.load(task, "validation");
            list = list.subList(0, Math.min(items, list.size()));
            t = DecodingBenchmark.row(forTarget, "target", target, task, list, 0);
            d = DecodingBenchmark.row(forDraft, "draft", draft, task, list, 0);
        } catch (RuntimeException e) {
            return "FAIL: threw " + e;
        }
        String scores = String.format("target (%s) %.3f vs draft (%s) %.3f on %d %s items", forTarget.name(), t.score(),
                forDraft.name(), d.score(), t.n(), task);
        return t.score() < d.score() ? "PASS smaller model wins: " + scores : "FAIL target is not below draft: " + scores;
    }

    /** A token near the top of one beam's row, where a diversity penalty changes the choice. */
    private static int topToken(float[][] logProbs, Random rng) {
        float[] row = logProbs[rng.nextInt(logProbs.length)];
        return TopK.indices(row, 3)[rng.nextInt(3)];
    }

    private static float[][] copy(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].clone();
        return out;
    }
}
