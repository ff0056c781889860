package inferlab.prob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Checks for the notebook exercises: a student's function is compared with the library's reference on fixed
 * cases, including the edge cases a first attempt tends to miss (zero probabilities, long sequences). Each
 * check returns "PASS ..." or "FAIL ..." with the first failing input, and never throws.
 */
public final class Exercises {
    private Exercises() {}

    private static final double TOLERANCE = 1e-6;

    /** Student entropy H(p) in nats against {@link Entropy#of(double[])}. */
    public static String checkEntropy(ToDoubleFunction<double[]> student) {
        List<double[]> cases = distributions();
        for (double[] p : cases) {
            String r = compare("entropy" + Arrays.toString(p), Entropy.of(p), () -> student.applyAsDouble(p));
            if (r != null) return r;
        }
        return "PASS entropy: " + cases.size() + " cases";
    }

    /** Student KL(p || q) in nats against {@link Divergence#kl(double[], double[])}. */
    public static String checkKl(ToDoubleBiFunction<double[], double[]> student) {
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

    /** null when the student's value matches (relative tolerance; equal infinities match), else a FAIL line. */
    private static String compare(String what, double expected, Attempt attempt) {
        double got;
        try {
            got = attempt.run();
        } catch (RuntimeException e) {
            return "FAIL " + what + ": threw " + e;
        }
        boolean ok = expected == got
                || Math.abs(expected - got) <= TOLERANCE * Math.max(1, Math.abs(expected));
        return ok ? null : "FAIL " + what + ": expected " + expected + ", got " + got;
    }
}
