package inferlab.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingMbrTest {

    private static double[][] unitVectors(int n, int d, Random rng) {
        double[][] e = new double[n][d];
        for (double[] v : e) {
            double norm = 0;
            for (int k = 0; k < d; k++) norm += (v[k] = rng.nextGaussian()) * v[k];
            for (int k = 0; k < d; k++) v[k] /= Math.sqrt(norm);
        }
        return e;
    }

    @Test
    void oneSumGivesTheAllPairsScores() {
        Random rng = new Random(3);
        for (int n : new int[] {2, 3, 17, 100}) {
            double[][] e = unitVectors(n, 24, rng);
            double[] quadratic = EmbeddingMbr.quadratic(e), linear = EmbeddingMbr.linear(e);
            assertArrayEquals(quadratic, linear, 1e-12);
            assertEquals(RankMetrics.argmax(quadratic), RankMetrics.argmax(linear));
            if (n > 2) assertEquals(1, RankMetrics.spearman(quadratic, linear), 1e-12); // n = 2: both scores are e_1 · e_2
        }
    }

    @Test
    void aZeroVectorAndTheConsensus() {
        double[][] e = {{1, 0}, {Math.sqrt(0.5), Math.sqrt(0.5)}, {0, 1}, {0, 0}};
        double[] s = EmbeddingMbr.linear(e);
        assertArrayEquals(EmbeddingMbr.quadratic(e), s, 1e-12);
        assertEquals(1, RankMetrics.argmax(s), "the vector between the others");
        assertEquals(0, s[3]);
        assertEquals(Math.sqrt(0.5) * 2 / 3, s[1], 1e-12);
    }

    @Test
    void timingsAndBadInput() {
        var t = EmbeddingMbr.time(new int[] {4, 64}, 8, 3, new Random(1));
        assertEquals(2, t.size());
        assertTrue(t.get(1).quadraticSeconds() > 0 && t.get(1).linearSeconds() > 0);
        assertThrows(IllegalArgumentException.class, () -> EmbeddingMbr.time(new int[] {1}, 8, 3, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingMbr.time(new int[] {4}, 0, 3, new Random(1)));
    }
}
