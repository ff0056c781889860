package inferlab.rerank;

import java.util.Random;
import java.util.function.BiFunction;

/** Checks for HW3's reranking exercise: the student's code against the library; "PASS ..." or "FAIL ...", never throws. */
public final class RerankingExercises {
    private RerankingExercises() {}

    /**
     * The student's Spearman correlation against {@link RankMetrics#spearman} on seeded random cases: small
     * integer scores (so there are ties), sizes 2 to 30, within 1e-9; NaN where the library gives NaN.
     */
    public static String checkSpearman(BiFunction<double[], double[], Double> student) {
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
        return "PASS Spearman: 200 cases, with ties";
    }
}
