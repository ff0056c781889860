package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sampling frequencies against their distributions (chi-square bounds, fixed seeds). */
class SamplingTest {

    private static final int DRAWS = 200_000;

    @Test
    void categoricalFrequenciesMatchProbabilities() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 5; trial++) {
            int n = 3 + rng.nextInt(20);
            double[] p = InformationTest.randomDistribution(rng, n);
            p[rng.nextInt(n)] = 0; // a zero-probability category must never be drawn
            double s = 0;
            for (double v : p) s += v;
            for (int i = 0; i < n; i++) p[i] /= s;
            int[] counts = new int[n];
            for (int d = 0; d < DRAWS; d++) counts[Categorical.sample(p, rng)]++;
            assertTrue(ChiSquare.statistic(counts, p) < ChiSquare.bound(n - 2), "trial " + trial);
        }
    }

    @Test
    void samplingFromLogitsEqualsSamplingFromSoftmax() {
        Random rng = new Random(12);
        float[] logits = {2f, -1f, 0.5f, Float.NEGATIVE_INFINITY, 1e4f - 1e4f + 1f};
        double[] p = Entropy.toDouble(Softmax.softmax(logits));
        int[] counts = new int[logits.length];
        for (int d = 0; d < DRAWS; d++) counts[Categorical.sampleLogits(logits, rng)]++;
        assertEquals(0, counts[3]);
        assertTrue(ChiSquare.statistic(counts, p) < ChiSquare.bound(3));
    }

    @Test
    void gumbelMaxIsSoftmaxSampling() {
        Random rng = new Random(13);
        for (int trial = 0; trial < 3; trial++) {
            float[] logits = InformationTest.randomLogits(rng, 8, 1.5);
            logits[2] = Float.NEGATIVE_INFINITY;
            double[] p = Entropy.toDouble(Softmax.softmax(logits));
            int[] counts = new int[logits.length];
            for (int d = 0; d < DRAWS; d++) counts[Gumbel.sample(logits, rng)]++;
            assertEquals(0, counts[2]);
            assertTrue(ChiSquare.statistic(counts, p) < ChiSquare.bound(6), "trial " + trial);
        }
    }

    @Test
    void gumbelTopKSamplesWithoutReplacement() {
        Random rng = new Random(14);
        float[] logits = {1f, 0f, -0.5f, 0.7f};
        double[] p = Entropy.toDouble(Softmax.softmax(logits));
        int n = p.length;
        // ordered pairs (i, j), i != j: P = p_i p_j / (1 - p_i)
        double[] pairP = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (i != j) pairP[i * n + j] = p[i] * p[j] / (1 - p[i]);
        int[] counts = new int[n * n];
        for (int d = 0; d < DRAWS; d++) {
            int[] top = Gumbel.topK(logits, 2, rng);
            assertNotEquals(top[0], top[1]);
            counts[top[0] * n + top[1]]++;
        }
        assertTrue(ChiSquare.statistic(counts, pairP) < ChiSquare.bound(n * (n - 1) - 1));
        assertEquals(3, Gumbel.topK(logits, 3, rng).length);
        assertThrows(IllegalArgumentException.class,
                () -> Gumbel.topK(new float[] {0, Float.NEGATIVE_INFINITY}, 2, rng));
    }

    @Test
    void chiSquareDetectsAWrongDistribution() {
        // the bound must be tight enough to catch a sampler that is off by a few percent
        Random rng = new Random(15);
        double[] p = {0.5, 0.3, 0.2};
        double[] wrong = {0.47, 0.33, 0.2};
        int[] counts = new int[3];
        for (int d = 0; d < DRAWS; d++) counts[Categorical.sample(wrong, rng)]++;
        assertTrue(ChiSquare.statistic(counts, p) > ChiSquare.bound(2));
    }
}
