package inferlab.prob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Checks for the notebook exercises, for self-study: a student's function is first held to hand-worked cases
 * whose answers follow from the definition alone (written out below, not computed by the library: 0 log 0 = 0,
 * a support mismatch, a product that underflows, a bucket boundary, logits that overflow exp), then compared
 * with the library's reference on fixed and random cases. Each check returns "PASS ..." or "FAIL ..." with the
 * first failing input and what the case tests, and never throws.
 */
public final class ProbabilityExercises {
    private ProbabilityExercises() {}

    private static final double TOLERANCE = 1e-6;

    /** Student entropy H(p) in nats against {@link Entropy#of(double[])}. */
    public static String checkEntropy(ToDoubleFunction<double[]> student) {
        String spec = firstFailure(List.of(
                new Spec("a point mass has no uncertainty", 0, () -> student.applyAsDouble(new double[] {1})),
                new Spec("0 log 0 = 0: zeros add nothing", 0, () -> student.applyAsDouble(new double[] {0, 1, 0, 0})),
                new Spec("a fair coin: ln 2", Math.log(2), () -> student.applyAsDouble(new double[] {0.5, 0.5})),
                new Spec("uniform over 5 with a zero: ln 5", Math.log(5), () -> student.applyAsDouble(new double[] {0.2, 0.2, 0, 0.2, 0.2, 0.2}))));
        if (spec != null) return spec;
        List<double[]> cases = distributions();
        for (double[] p : cases) {
            String r = compare("entropy" + Arrays.toString(p), Entropy.of(p), () -> student.applyAsDouble(p));
            if (r != null) return r;
        }
        return "PASS entropy: " + cases.size() + " cases";
    }

    /** Student KL(p || q) in nats against {@link Divergence#kl(double[], double[])}. */
    public static String checkKl(ToDoubleBiFunction<double[], double[]> student) {
        String spec = firstFailure(List.of(
                new Spec("KL(p || p) = 0, zeros included", 0, () -> student.applyAsDouble(new double[] {0.7, 0.3, 0}, new double[] {0.7, 0.3, 0})),
                new Spec("p puts mass where q has none: +infinity", Double.POSITIVE_INFINITY,
                        () -> student.applyAsDouble(new double[] {0.5, 0.5}, new double[] {1, 0})),
                new Spec("q puts mass where p has none: finite, ln 2", Math.log(2),
                        () -> student.applyAsDouble(new double[] {1, 0}, new double[] {0.5, 0.5})),
                new Spec("not symmetric: KL((0.9, 0.1) || (0.5, 0.5)) = 0.9 ln 1.8 + 0.1 ln 0.2",
                        0.9 * Math.log(1.8) + 0.1 * Math.log(0.2), () -> student.applyAsDouble(new double[] {0.9, 0.1}, new double[] {0.5, 0.5}))));
        if (spec != null) return spec;
        List<double[]> cases = distributions();
        int n = 0;
        for (double[] p : cases) {
            for (double[] q : cases) {
                if (p.length != q.length) continue;
                n++;
                String r = compare("kl(" + Arrays.toString(p) + ", " + Arrays.toString(q) + ")", Divergence.kl(p, q),
                        () -> student.applyAsDouble(p, q));
                if (r != null) return r;
            }
        }
        return "PASS kl: " + n + " cases";
    }

    /**
     * Student perplexity of a sequence from its per-token probabilities p(x_t | x_{&lt;t}), against
     * exp(-mean log p). Includes sequences long enough that the product of probabilities underflows.
     */
    public static String checkPerplexity(ToDoubleFunction<double[]> student) {
        double[] uniform = new double[3000];
        Arrays.fill(uniform, 1.0 / 50);
        String spec = firstFailure(List.of(
                new Spec("certain tokens: perplexity 1", 1, () -> student.applyAsDouble(new double[] {1, 1, 1, 1})),
                new Spec("one token of probability 1/4: perplexity 4", 4, () -> student.applyAsDouble(new double[] {0.25})),
                new Spec("3,000 tokens at 1/50 each (the product, 50^-3000, underflows): perplexity 50", 50,
                        () -> student.applyAsDouble(uniform.clone())),
                new Spec("a token of probability 0: perplexity +infinity", Double.POSITIVE_INFINITY,
                        () -> student.applyAsDouble(new double[] {0.5, 0, 0.5}))));
        if (spec != null) return spec;
        Random rng = new Random(7);
        List<double[]> cases = new ArrayList<>();
        cases.add(new double[] {0.5, 0.25});
        cases.add(new double[] {1, 1, 1});
        for (int len : new int[] {5, 50, 2000}) {
            double[] p = new double[len];
            for (int i = 0; i < len; i++) p[i] = 0.001 + 0.2 * rng.nextDouble();
            cases.add(p);
        }
        for (double[] p : cases) {
            double mean = 0;
            for (int i = 0; i < p.length; i++) mean += Math.log(p[i]) / p.length;
            String name = "perplexity of " + p.length + " tokens" + (p.length <= 5 ? " " + Arrays.toString(p) : "");
            double expected = Math.exp(-mean);
            String r = compare(name, expected, () -> student.applyAsDouble(p));
            if (r != null) return r;
        }
        return "PASS perplexity: " + cases.size() + " cases";
    }

    /** A student's expected calibration error. */
    @FunctionalInterface
    public interface EceFunction {
        double ece(double[] confidence, boolean[] correct, int buckets);
    }

    /**
     * Student ECE over B equal-width buckets against {@link Calibration#ece}: random predictions for several B,
     * and the edges a first attempt misses: confidence exactly 1 (the last bucket, not bucket B), confidences
     * on bucket boundaries, and empty buckets.
     */
    public static String checkEce(EceFunction student) {
        String spec = firstFailure(List.of(
                new Spec("one bucket: |mean confidence - accuracy| = |0.75 - 0.75|", 0,
                        () -> student.ece(new double[] {0.9, 0.9, 0.6, 0.6}, new boolean[] {true, false, true, true}, 1)),
                new Spec("ten buckets: 0.9 right half the time, 0.6 always: (2/4)|0.9 - 0.5| + (2/4)|0.6 - 1|", 0.4,
                        () -> student.ece(new double[] {0.9, 0.9, 0.6, 0.6}, new boolean[] {true, false, true, true}, 10)),
                new Spec("confidence exactly 1 belongs to the last bucket, not the first: (1/2)|1 - 0| + (1/2)|0.05 - 1|", 0.975,
                        () -> student.ece(new double[] {1.0, 0.05}, new boolean[] {false, true}, 10)),
                new Spec("certain and right: perfectly calibrated", 0,
                        () -> student.ece(new double[] {1.0, 1.0, 1.0}, new boolean[] {true, true, true}, 15))));
        if (spec != null) return spec;
        Random rng = new Random(11);
        List<double[]> confidences = new ArrayList<>();
        List<boolean[]> corrects = new ArrayList<>();
        for (int n : new int[] {10, 200, 2000}) {
            double[] c = new double[n];
            boolean[] ok = new boolean[n];
            for (int i = 0; i < n; i++) {
                c[i] = 0.25 + 0.75 * rng.nextDouble();
                ok[i] = rng.nextDouble() < c[i] * c[i];
            }
            confidences.add(c);
            corrects.add(ok);
        }
        confidences.add(new double[] {1.0, 1.0, 0.5, 0.3});
        corrects.add(new boolean[] {true, false, true, false});
        confidences.add(new double[] {0.1, 0.2, 0.7, 0.9});
        corrects.add(new boolean[] {false, false, true, true});
        confidences.add(new double[] {1.0, 0.05, 0.95});
        corrects.add(new boolean[] {false, false, true});
        int n = 0;
        for (int k = 0; k < confidences.size(); k++) {
            double[] c = confidences.get(k);
            boolean[] ok = corrects.get(k);
            for (int b : new int[] {1, 5, 10, 15}) {
                n++;
                String name = "ece of " + c.length + " predictions, " + b + " buckets"
                        + (c.length <= 4 ? " " + Arrays.toString(c) + " " + Arrays.toString(ok) : "");
                String r = compare(name, Calibration.ece(c, ok, b), () -> student.ece(c.clone(), ok.clone(), b));
                if (r != null) return r;
            }
        }
        return "PASS ece: " + n + " cases";
    }

    /** A student's sampler: one index drawn from softmax(logits). */
    @FunctionalInterface
    public interface LogitSampler {
        int sample(float[] logits, Random rng);
    }

    /**
     * Student Gumbel-max sampling, argmax_i (x_i + g_i), against softmax(x): 100,000 draws per case, Pearson's
     * chi-square against its 1 − 10⁻⁶ quantile (so a correct sampler fails once in a million), and a
     * -inf logit must never be drawn. The cases include ties (all logits equal), logits of ±1000 (exp
     * overflows or underflows; Gumbel-max needs no exp of a logit).
     */
    public static String checkGumbelMax(LogitSampler student) {
        List<float[]> cases = List.of(new float[] {1, 2, 3, 0}, new float[] {0, 0, 0, 0, 0, 0},
                new float[] {5, Float.NEGATIVE_INFINITY, 4, -2, 0.5f}, new float[] {-1000, -1001, -1002},
                new float[] {1000, 1000, 999});
        Random rng = new Random(5);
        int draws = 100_000;
        for (float[] x : cases) {
            double[] p = new double[x.length];
            double z = Softmax.logSumExp(x);
            for (int i = 0; i < x.length; i++) p[i] = Math.exp(x[i] - z);
            int[] counts = new int[x.length];
            for (int d = 0; d < draws; d++) {
                int i;
                try {
                    i = student.sample(x.clone(), rng);
                } catch (RuntimeException e) {
                    return "FAIL gumbel-max on " + Arrays.toString(x) + ": threw " + e;
                }
                if (i < 0 || i >= x.length) return "FAIL gumbel-max on " + Arrays.toString(x) + ": index " + i + " out of range";
                counts[i]++;
            }
            double chi2 = ChiSquare.statistic(counts, p);
            if (!(chi2 <= ChiSquare.bound(x.length - 1))) {
                return String.format(Locale.ROOT, "FAIL gumbel-max on %s: frequencies %s, softmax %s (chi-square %.1f)",
                        Arrays.toString(x), Arrays.toString(Arrays.stream(counts).mapToDouble(c -> (double) c / draws)
                                .map(f -> Math.round(f * 1000) / 1000.0).toArray()),
                        Arrays.toString(Arrays.stream(p).map(f -> Math.round(f * 1000) / 1000.0).toArray()), chi2);
            }
        }
        return "PASS gumbel-max: " + cases.size() + " cases of " + draws + " draws";
    }

    /** Fixed distributions: uniform, skewed, one-hot, with zeros, and random ones. */
    private static List<double[]> distributions() {
        List<double[]> cases = new ArrayList<>();
        cases.add(new double[] {0.25, 0.25, 0.25, 0.25});
        cases.add(new double[] {0.7, 0.2, 0.1, 0.0});
        cases.add(new double[] {0.0, 1.0, 0.0, 0.0});
        cases.add(new double[] {0.5, 0.5});
        cases.add(new double[] {0.9, 0.1});
        Random rng = new Random(3);
        for (int c = 0; c < 3; c++) {
            double[] p = new double[4];
            double s = 0;
            for (int i = 0; i < 4; i++) s += p[i] = rng.nextDouble();
            for (int i = 0; i < 4; i++) p[i] = Math.round(p[i] / s * 1000) / 1000.0;
            p[3] = Math.round((1 - p[0] - p[1] - p[2]) * 1000) / 1000.0;
            cases.add(p);
        }
        return cases;
    }

    private interface Attempt {
        double run();
    }

    /** A hand-worked case: what it tests, its answer from the definition, and the student's attempt. */
    private record Spec(String what, double expected, Attempt attempt) {}

    /** The first hand-worked case the student gets wrong, as a FAIL line naming what it tests; null if none. */
    private static String firstFailure(List<Spec> specs) {
        for (Spec c : specs) {
            String r = compare(c.what(), c.expected(), c.attempt());
            if (r != null) return r;
        }
        return null;
    }

    /** null when the student's value matches (relative tolerance; an infinite expected value only by the same infinity), else a FAIL line. */
    private static String compare(String what, double expected, Attempt attempt) {
        double got;
        try {
            got = attempt.run();
        } catch (RuntimeException e) {
            return "FAIL " + what + ": threw " + e;
        }
        boolean ok = Double.isFinite(expected)
                ? Math.abs(expected - got) <= TOLERANCE * Math.max(1, Math.abs(expected)) // false for a NaN or infinite got
                : Double.compare(expected, got) == 0; // an infinite (or NaN) answer must be matched exactly
        return ok ? null : "FAIL " + what + ": expected " + expected + ", got " + got;
    }
}
