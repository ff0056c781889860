package inferlab.rerank;

import java.util.Random;
import java.util.function.BiFunction;

/**
 * Checks for HW3's reranking exercise, for self-study: hand-worked cases first (ties, a reversed order, a
 * constant vector), then the library on random cases; "PASS ..." or "FAIL ...", never throws.
 */
public final class RerankingExercises {
    private RerankingExercises() {}

    /**
     * The student's Spearman correlation against {@link RankMetrics#spearman} on seeded random cases: small
     * integer scores (so there are ties), sizes 2 to 30, within 1e-9; NaN where the library gives NaN.
     */
    public static String checkSpearman(BiFunction<double[], double[], Double> student) {
        // hand-worked: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): covariance 4.5, variances 4.5 and 5, ρ = √0.9
        Object[][] spec = {
                {"a tie shares its ranks: (10, 20, 20, 30) vs (1, 2, 3, 4)", new double[] {10, 20, 20, 30}, new double[] {1, 2, 3, 4}, Math.sqrt(0.9)},
                {"a reversed order", new double[] {3, 1, 2}, new double[] {-30, -10, -20}, -1.0},
                {"any monotone map of the values", new double[] {0.001, 5, 1e6, 2}, new double[] {1, 3, 4, 2}, 1.0},
                {"a constant vector has no ranking: NaN", new double[] {7, 7, 7}, new double[] {1, 2, 3}, Double.NaN},
                {"two pairs", new double[] {2, 1}, new double[] {5, 9}, -1.0}};
        for (Object[] c : spec) {
            double expected = (double) c[3];
            Double got;
            try {
                got = student.apply(((double[]) c[1]).clone(), ((double[]) c[2]).clone());
            } catch (RuntimeException e) {
                return "FAIL " + c[0] + ": threw " + e;
            }
            boolean ok = got != null && (Double.isNaN(expected) ? Double.isNaN(got) : Math.abs(got - expected) <= 1e-9);
            if (!ok) return "FAIL " + c[0] + ": expected " + expected + ", got " + got;
        }
        Random rng = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(29);
            double[] a = new double[n], b = new double[n];
            int levels = 1 + rng.nextInt(6);
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextInt(levels);
                b[i] = trial % 3 == 0 ? rng.nextGaussian() : rng.nextInt(levels + 2);
            }
            double expected = RankMetrics.spearman(a, b);
            Double got;
            try {
                got = student.apply(a.clone(), b.clone());
            } catch (RuntimeException e) {
                return "FAIL case " + trial + ": threw " + e;
            }
            boolean ok = got != null && (Double.isNaN(expected) ? Double.isNaN(got) : Math.abs(got - expected) <= 1e-9);
            if (!ok) {
                return "FAIL case " + trial + " " + java.util.Arrays.toString(a) + " vs " + java.util.Arrays.toString(b)
                        + ": expected " + expected + ", got " + got;
            }
        }
        return "PASS Spearman: " + spec.length + " hand-worked and 200 random cases, with ties";
    }
}
