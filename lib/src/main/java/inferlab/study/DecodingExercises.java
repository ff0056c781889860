package inferlab.study;

import inferlab.decode.DiverseBeamSearch;
import inferlab.decode.LogitsProcessor;
import inferlab.decode.MinPProcessor;
import inferlab.decode.OddRankProcessor;
import inferlab.decode.Sampler;
import inferlab.decode.TopPProcessor;
import inferlab.model.LanguageModel;
import inferlab.prob.Divergence;
import inferlab.prob.Softmax;
import inferlab.prob.TopK;
import inferlab.task.Item;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Checks for HW2's exercises, for self-study: a student's code is first held to small hand-worked cases whose
 * answers follow from the exercise's definition (ties, a penalty that flips the order, a single token), then
 * compared with the library's reference. Each check returns "PASS ..." or "FAIL ..." naming the first
 * difference, and never throws.
 */
public final class DecodingExercises {
    private DecodingExercises() {}

    /** A student's truncation filter (top-p, min-p): a copy of the logits with the removed tokens at −∞. */
    @FunctionalInterface
    public interface Filter {
        float[] apply(float[] logits, double parameter);
    }

    /**
     * The student's top-p filter: first hand-worked rows (the token that crosses p is kept, p = 1 keeps all, a
     * tiny p keeps the top token, a −∞ logit stays out, logits near 1000 that overflow a naive exp), then the
     * same kept set as {@link TopPProcessor} on {@code logits} at p ∈ {0.3, 0.7, 0.9, 0.99}. The input must
     * come back untouched.
     */
    public static String checkTopP(Filter student, float[] logits) {
        float inf = Float.NEGATIVE_INFINITY;
        float[] p532 = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        // hand-worked: name, logits, p, which tokens stay
        Object[][] spec = {
                {"(0.5, 0.3, 0.2) at p = 0.6: 0.5 < 0.6, so the token that crosses p (0.3) is kept", p532, 0.6, new boolean[] {true, true, false}},
                {"(0.5, 0.3, 0.2) at p = 0.45: the top token alone reaches p", p532, 0.45, new boolean[] {true, false, false}},
                {"p = 1 keeps every token", p532, 1.0, new boolean[] {true, true, true}},
                {"a tiny p still keeps the most probable token", p532, 0.01, new boolean[] {true, false, false}},
                {"(0.1, 0.6, 0.3) at p = 0.65, not sorted by position", new float[] {(float) Math.log(0.1), (float) Math.log(0.6), (float) Math.log(0.3)},
                        0.65, new boolean[] {false, true, true}},
                {"a -inf logit has probability 0 and stays out", new float[] {1, inf, 0}, 0.99, new boolean[] {true, false, true}},
                {"logits 1000, 999, 998 (probabilities 0.665, 0.245, 0.090; exp(1000) overflows) at p = 0.6",
                        new float[] {1000, 999, 998}, 0.6, new boolean[] {true, false, false}}};
        return check("top-p", "p", spec, new double[] {0.3, 0.7, 0.9, 0.99}, q -> new TopPProcessor(q), student, logits);
    }

    /**
     * The student's min-p filter (remove p_i &lt; p_min · max_j p_j): first hand-worked rows (a threshold between
     * tokens, tied maxima both kept at p_min = 1, a −∞ logit, logits near 1000), then the same kept set as
     * {@link MinPProcessor} on {@code logits} at p_min ∈ {0.02, 0.1, 0.3}. The input must come back untouched.
     */
    public static String checkMinP(Filter student, float[] logits) {
        float inf = Float.NEGATIVE_INFINITY;
        float[] p532 = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        Object[][] spec = {
                {"(0.5, 0.3, 0.2) at p_min = 0.5: the threshold is 0.25", p532, 0.5, new boolean[] {true, true, false}},
                {"(0.5, 0.3, 0.2) at p_min = 0.7: the threshold is 0.35", p532, 0.7, new boolean[] {true, false, false}},
                {"a tiny p_min keeps every token", p532, 0.001, new boolean[] {true, true, true}},
                {"(0.4, 0.4, 0.2) at p_min = 1: both tied maxima stay", new float[] {(float) Math.log(0.4), (float) Math.log(0.4), (float) Math.log(0.2)},
                        1.0, new boolean[] {true, true, false}},
                {"a -inf logit has probability 0 and stays out", new float[] {1, inf, 0}, 0.1, new boolean[] {true, false, true}},
                {"logits 1000, 999, 990 (ratios to the top 1, e^-1, e^-10; exp(1000) overflows) at p_min = 0.1",
                        new float[] {1000, 999, 990}, 0.1, new boolean[] {true, true, false}}};
        return check("min-p", "p_min", spec, new double[] {0.02, 0.1, 0.3}, q -> new MinPProcessor(q), student, logits);
    }

    /**
     * The hand-worked rows of {@code spec} (name, logits, parameter, which tokens stay) first, then the kept set of
     * the library's processor on the model's {@code logits} at each parameter of {@code sweep}.
     */
    private static String check(String filter, String parameter, Object[][] spec, double[] sweep,
                                DoubleFunction<LogitsProcessor> library, Filter student, float[] logits) {
        for (Object[] c : spec) {
            boolean[] keep = (boolean[]) c[3];
            float[] expected = new float[keep.length];
            for (int i = 0; i < keep.length; i++) expected[i] = keep[i] ? 0 : Float.NEGATIVE_INFINITY;
            String r = compareKept((String) c[0], student, (float[]) c[1], (double) c[2], expected);
            if (r != null) return r;
        }
        for (double q : sweep) {
            String r = compareKept("the model's logits at " + parameter + " = " + q, student, logits, q,
                    library.apply(q).apply(new int[0], logits));
            if (r != null) return r;
        }
        return "PASS " + filter + ": " + spec.length + " hand-worked rows and " + sweep.length + " values of " + parameter
                + " on the model's logits";
    }

    /** null when the student removes exactly the tokens {@code expected} has at −∞ and leaves the input alone. */
    private static String compareKept(String what, Filter student, float[] logits, double p, float[] expected) {
        float[] in = logits.clone();
        float[] got;
        try {
            got = student.apply(in, p);
        } catch (RuntimeException e) {
            return "FAIL " + what + ": threw " + e;
        }
        if (!java.util.Arrays.equals(in, logits)) return "FAIL " + what + ": the input logits were modified";
        if (got == null || got.length != expected.length) return "FAIL " + what + ": expected " + expected.length + " logits";
        List<Integer> want = new java.util.ArrayList<>(), have = new java.util.ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != Float.NEGATIVE_INFINITY) want.add(i);
            if (got[i] != Float.NEGATIVE_INFINITY) have.add(i);
        }
        return want.equals(have) ? null : "FAIL " + what + ": expected to keep tokens " + (want.size() > 12 ? want.size() + " tokens" : want)
                + ", kept " + (have.size() > 12 ? have.size() + " tokens" : have);
    }

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
        // hand-worked: {beam scores}, {rows}, chosen counts, λ, k -> the expected (beam, token, score), best first
        List<Object[]> spec = List.of(
                new Object[] {"ties keep beam-then-token order", new float[] {0, 0}, new float[][] {{-1, -1, -2}, {-1, -3, -1}},
                        new int[] {0, 0, 0}, 0.0, 3, new float[][] {{0, 0, -1}, {0, 1, -1}, {1, 0, -1}}},
                new Object[] {"a chosen token's penalty reorders one beam (-0.5 - 0.7 < -1.0)", new float[] {0},
                        new float[][] {{-0.5f, -1.0f, -3}}, new int[] {1, 0, 0}, 0.7, 2, new float[][] {{0, 1, -1.0f}, {0, 0, -1.2f}}},
                new Object[] {"a large λ moves every beam off the chosen token", new float[] {-1, -2},
                        new float[][] {{-0.1f, -2.5f}, {-0.2f, -1.8f}}, new int[] {1, 0}, 5.0, 2, new float[][] {{0, 1, -3.5f}, {1, 1, -3.8f}}});
        for (Object[] c : spec) {
            float[][] want = (float[][]) c[6];
            List<DiverseBeamSearch.Continuation> got;
            try {
                got = student.apply(((float[]) c[1]).clone(), copy((float[][]) c[2]), ((int[]) c[3]).clone(), (double) c[4], (int) c[5]);
            } catch (RuntimeException e) {
                return "FAIL " + c[0] + ": threw " + e;
            }
            boolean ok = got != null && got.size() == want.length;
            for (int i = 0; ok && i < want.length; i++) {
                var g = got.get(i);
                ok = g.beam() == (int) want[i][0] && g.token() == (int) want[i][1] && Math.abs(g.score() - want[i][2]) <= 1e-4;
            }
            if (!ok) {
                StringBuilder w = new StringBuilder();
                for (float[] x : want) w.append(String.format(java.util.Locale.ROOT, "(beam %d, token %d, %.2f) ", (int) x[0], (int) x[1], x[2]));
                return "FAIL " + c[0] + ": expected " + w.toString().strip() + ", got " + got;
            }
        }
        Random rng = new Random(11);
        int n = spec.size();
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
        double e2 = Math.exp(2); // e^3 / e^1
        // hand-worked: logits -> the distribution after keeping odd ranks
        List<Object[]> spec = List.of(
                new Object[] {"ranks 1 and 3 of (3, 1, 2, 0) are the logits 3 and 1, tokens 0 and 1", new float[] {3, 1, 2, 0},
                        new double[] {e2 / (e2 + 1), 1 / (e2 + 1), 0, 0}},
                new Object[] {"ties are ranked by token id", new float[] {0, 0, 0, 0}, new double[] {0.5, 0, 0.5, 0}},
                new Object[] {"a single token is rank 1 and stays", new float[] {-4}, new double[] {1}});
        for (Object[] c : spec) {
            float[] in = (float[]) c[1], before = in.clone();
            double[] want = (double[]) c[2];
            float[] got;
            try {
                got = student.apply(new int[0], in);
            } catch (RuntimeException e) {
                return "FAIL " + c[0] + ": threw " + e;
            }
            if (!java.util.Arrays.equals(in, before)) return "FAIL " + c[0] + ": the input logits were modified";
            float[] p = got == null || got.length != want.length ? null : Softmax.softmax(got);
            for (int i = 0; p != null && i < want.length; i++) {
                if (!(Math.abs(p[i] - want[i]) <= 1e-6)) p = null;
            }
            if (p == null) {
                return "FAIL " + c[0] + ": expected the distribution " + java.util.Arrays.toString(want) + ", got "
                        + (got == null || got.length != want.length ? java.util.Arrays.toString(got) : java.util.Arrays.toString(Softmax.softmax(got)));
            }
        }
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
            List<Item> list = DecodingBenchmark.items(task, items, List.of(target, draft));
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
