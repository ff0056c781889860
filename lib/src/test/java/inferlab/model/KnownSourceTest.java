package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KnownSourceTest {

    final KnownSource source = KnownSource.standard();

    @Test
    void probabilitiesOfAllSequencesOfALengthSumToOne() {
        int v = source.vocabSize();
        for (int length = 1; length <= 5; length++) {
            double sum = 0;
            int[] x = new int[length];
            for (int code = 0; code < Math.pow(v, length); code++) {
                for (int i = 0, c = code; i < length; i++, c /= v) x[i] = c % v;
                sum += Math.exp(source.logProbability(x));
            }
            assertEquals(1, sum, 1e-9, "length " + length);
        }
    }

    @Test
    void nextTokenDistributionsFollowTheChainRule() {
        Random rng = new Random(41);
        for (int trial = 0; trial < 20; trial++) {
            int[] x = source.sample(2 + rng.nextInt(30), rng);
            double chain = Math.log(source.firstTokenDistribution()[x[0]]);
            for (float lp : source.score(x)) chain += lp;
            assertEquals(source.logProbability(x), chain, 1e-4);
            // P(x_t = v | x_{<t}) = P(x_{<t} v) / P(x_{<t})
            int t = 1 + rng.nextInt(x.length - 1);
            try (Session s = source.newSession()) {
                float[] row = s.append(Arrays.copyOf(x, t))[t - 1];
                int[] extended = Arrays.copyOf(x, t + 1);
                for (int v = 0; v < source.vocabSize(); v++) {
                    extended[t] = v;
                    double ratio = source.logProbability(extended) - source.logProbability(Arrays.copyOf(x, t));
                    assertEquals(ratio, row[v], 1e-5);
                }
            }
        }
    }

    @Test
    void sessionsForkAndTruncate() {
        int[] x = source.sample(10, new Random(42));
        try (Session s = source.newSession()) {
            float[][] rows = s.append(x);
            Session f = s.fork();
            f.truncate(4);
            assertEquals(4, f.length());
            assertArrayEquals(rows[4], f.append(x[4])[0]);
            s.truncate(0);
            assertArrayEquals(rows[0], s.append(x[0])[0]);
        }
    }

    @Test
    void samplerMatchesTheExactPairProbabilities() {
        Random rng = new Random(43);
        int v = source.vocabSize();
        int[] counts = new int[v * v];
        double[] p = new double[v * v];
        for (int a = 0; a < v; a++) for (int b = 0; b < v; b++) p[a * v + b] = Math.exp(source.logProbability(new int[] {a, b}));
        int draws = 100_000;
        for (int d = 0; d < draws; d++) {
            int[] x = source.sample(2, rng);
            counts[x[0] * v + x[1]]++;
        }
        double chi = 0;
        for (int i = 0; i < p.length; i++) chi += Math.pow(counts[i] - draws * p[i], 2) / (draws * p[i]);
        int df = v * v - 1;
        assertTrue(chi < df + 5 * Math.sqrt(2.0 * df) + 5, "chi-square " + chi);
    }

    @Test
    void entropyRateEstimateIsStableAndInsideTheExactBounds() {
        double[] previous = {0, Double.MAX_VALUE};
        for (int n = 1; n <= 6; n++) {
            double[] b = source.entropyRateBounds(n);
            assertTrue(b[0] <= b[1] + 1e-12);
            assertTrue(b[0] >= previous[0] - 1e-12 && b[1] <= previous[1] + 1e-12, "bounds tighten with n");
            previous = b;
        }
        assertTrue(previous[1] - previous[0] < 0.02, "bounds at n = 6: " + Arrays.toString(previous));
        assertTrue(previous[1] < Math.log(source.vocabSize()));
        double a = source.entropyRateEstimate(100_000, new Random(44));
        double b = source.entropyRateEstimate(100_000, new Random(45));
        double c = source.entropyRateEstimate(200_000, new Random(46));
        assertEquals(a, b, 0.015);
        assertEquals(a, c, 0.015);
        // Shannon-McMillan-Breiman: the estimate lands between the bounds up to sampling noise
        assertTrue(c > previous[0] - 0.01 && c < previous[1] + 0.01, c + " vs " + Arrays.toString(previous));
    }

    @Test
    void tokenizerRoundTrips() {
        Tokenizer t = source.tokenizer().orElseThrow();
        assertEquals("abhha", t.decode(t.encode("abhha")));
        assertArrayEquals(new int[] {0, 7}, t.encode("ah"));
        assertThrows(IllegalArgumentException.class, () -> t.encode("z"));
    }
}
