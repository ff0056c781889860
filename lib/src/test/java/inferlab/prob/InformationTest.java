package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Randomised property tests (fixed seeds, many trials) for softmax, entropy, divergences and top-k. */
class InformationTest {

    static float[] randomLogits(Random rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextGaussian() * scale);
        return x;
    }

    static double[] randomDistribution(Random rng, int n) {
        double[] p = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += p[i] = -Math.log(1 - rng.nextDouble()); // Dirichlet(1, ..., 1)
        for (int i = 0; i < n; i++) p[i] /= s;
        return p;
    }

    @Test
    void softmaxIsInvariantToShifts() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 500; trial++) {
            float[] x = randomLogits(rng, 1 + rng.nextInt(50), 5);
            float c = (float) (rng.nextGaussian() * 100);
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) y[i] = x[i] + c;
            float[] px = Softmax.softmax(x), py = Softmax.softmax(y);
            for (int i = 0; i < x.length; i++) assertEquals(px[i], py[i], 1e-4, "trial " + trial);
        }
    }

    @Test
    void klIsNonNegativeAndZeroOnlyForEqualDistributions() {
        Random rng = new Random(2);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 2 + rng.nextInt(30);
            double[] p = randomDistribution(rng, n), q = randomDistribution(rng, n);
            assertTrue(Divergence.kl(p, q) > 0, "KL of distinct distributions must be positive");
            assertEquals(0, Divergence.kl(p, p), 1e-12);
            // the same from logits, including log p - log q consistency
            float[] a = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) Math.log(p[i]) + 3;
                b[i] = (float) Math.log(q[i]) - 7;
            }
            assertEquals(Divergence.kl(p, q), Divergence.klOfLogits(a, b), 1e-4);
            // cross-entropy decomposes as entropy + KL
            assertEquals(Entropy.cross(p, q), Entropy.of(p) + Divergence.kl(p, q), 1e-9);
        }
    }

    @Test
    void jsIsSymmetricAndBoundedByLn2() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 1000; trial++) {
            int n = 2 + rng.nextInt(30);
            double[] p = randomDistribution(rng, n), q = randomDistribution(rng, n);
            double js = Divergence.js(p, q);
            assertEquals(js, Divergence.js(q, p), 1e-12);
            assertTrue(js >= 0 && js <= Math.log(2));
        }
        // disjoint supports reach the bound
        assertEquals(Math.log(2), Divergence.js(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
    }

    @Test
    void extremeAndMaskedLogitsGiveNoNaN() {
        Random rng = new Random(4);
        for (int trial = 0; trial < 500; trial++) {
            int n = 2 + rng.nextInt(20);
            float[] a = new float[n], b = new float[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(4);
                a[i] = kind == 0 ? 1e4f : kind == 1 ? -1e4f : kind == 2 ? Float.NEGATIVE_INFINITY : (float) rng.nextGaussian();
                b[i] = a[i] == Float.NEGATIVE_INFINITY ? Float.NEGATIVE_INFINITY : (float) (rng.nextGaussian() * 1e4);
            }
            a[rng.nextInt(n)] = 1e4f; // at least one finite entry
            b[TopK.argmax(a)] = Math.max(b[TopK.argmax(a)], 0);
            float[] p = Softmax.softmax(a);
            double sum = 0;
            for (float v : p) {
                assertFalse(Float.isNaN(v));
                sum += v;
            }
            assertEquals(1, sum, 1e-5);
            float[] logp = Softmax.logSoftmax(a);
            for (float v : logp) assertFalse(Float.isNaN(v));
            for (int i = 0; i < n; i++) assertEquals(logp[i], Softmax.logSoftmax(a, i), 0f, "one entry is the array's");
            double h = Entropy.ofLogits(a);
            assertTrue(h >= 0 && h <= Math.log(n) + 1e-6, "entropy " + h);
            assertEquals(Entropy.of(p), h, 1e-4);
            assertFalse(Double.isNaN(Divergence.klOfLogits(a, b)));
            assertFalse(Double.isNaN(Entropy.crossOfLogits(a, b)));
            assertTrue(Divergence.klOfLogits(a, b) >= 0);
            assertEquals(0, Divergence.klOfLogits(a, a), 1e-9);
        }
    }

    @Test
    void entropyOfKnownDistributions() {
        assertEquals(Math.log(8), Entropy.of(new double[] {.125, .125, .125, .125, .125, .125, .125, .125}), 1e-12);
        assertEquals(1.0, Units.toBits(Entropy.of(new double[] {.5, 0, .5})), 1e-12);
        assertEquals(0, Entropy.of(new float[] {0, 1, 0}), 0);
        assertEquals(Math.log(3), Entropy.ofLogits(new float[] {2, 2, Float.NEGATIVE_INFINITY, 2}), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, Divergence.kl(new double[] {.5, .5}, new double[] {1, 0}));
        assertEquals(Math.log(3), Math.log(Entropy.perplexity(Entropy.of(new double[] {1 / 3., 1 / 3., 1 / 3.}))), 1e-12);
        assertEquals(4.0, Entropy.perplexity(new float[] {(float) Math.log(.25), (float) Math.log(.25)}), 1e-5);
        assertEquals(Units.toNats(1.5), 1.5 * Math.log(2), 1e-15);
    }

    @Test
    void topKMatchesAFullSort() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(100);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = rng.nextInt(10); // many ties
            int k = rng.nextInt(n + 2);
            int[] top = TopK.indices(x, k);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            java.util.Arrays.sort(order, (i, j) -> x[i] != x[j] ? Float.compare(x[j], x[i]) : Integer.compare(i, j));
            assertEquals(Math.min(k, n), top.length);
            for (int i = 0; i < top.length; i++) assertEquals(order[i], top[i]);
            assertEquals((int) order[0], TopK.argmax(x));
        }
    }
}
