package inferlab.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankMetricsTest {

    @Test
    void tiesShareTheirAverageRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, RankMetrics.ranks(new double[] {10, 20, 20, 30}));
        assertArrayEquals(new double[] {2, 2, 2}, RankMetrics.ranks(new double[] {7, 7, 7}));
        assertArrayEquals(new double[] {3, 1, 2}, RankMetrics.ranks(new double[] {0.5, -1, 0}));
    }

    @Test
    void spearmanWithoutTiesMatchesTheDSquaredFormula() {
        // d = (-1, 1, -1, 1, 0): 1 - 6 * 4 / (5 * 24) = 0.8
        assertEquals(0.8, RankMetrics.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}), 1e-12);
        assertEquals(1, RankMetrics.spearman(new double[] {1, 2, 3}, new double[] {10, 100, 1000}), 1e-12);
        assertEquals(-1, RankMetrics.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    }

    @Test
    void spearmanWithTies() {
        // ranks (1, 2, 3, 4) and (1, 2.5, 2.5, 4): 4.5 / sqrt(5 * 4.5) = 3 / sqrt(10)
        assertEquals(3 / Math.sqrt(10), RankMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 2, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(RankMetrics.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
        double[] constant = new double[10], varying = new double[10];
        for (int i = 0; i < 10; i++) varying[i] = Math.sin(i);
        assertTrue(Double.isNaN(RankMetrics.spearman(constant, varying)), "exactly NaN, not a rounding residue");
    }

    @Test
    void topOneAndRankOfTheBest() {
        double[] oracle = {1, 0, 0.5};
        assertEquals(0, RankMetrics.top1(new double[] {0.1, 0.9, 0.5}, oracle));
        assertEquals(3, RankMetrics.rankOfBest(new double[] {0.1, 0.9, 0.5}, oracle));
        assertEquals(1, RankMetrics.rankOfBest(new double[] {2, 0, 1}, oracle));
        // tied scores share ranks 1 and 2; a tie on the oracle's best counts its best-ranked member
        assertEquals(1.5, RankMetrics.rankOfBest(new double[] {1, 1, 0}, new double[] {0, 1, 0}));
        assertEquals(2, RankMetrics.rankOfBest(new double[] {3, 2, 1}, new double[] {0, 1, 1}));
        assertEquals(0, RankMetrics.top1(new double[] {5, 5, 1}, new double[] {0, 1, 1}), "first maximum on ties");
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.spearman(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.spearman(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.top1(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> RankMetrics.ranks(new double[] {1, Double.NaN}));
    }

    @Test
    void exerciseCheckerPassesTheLibraryAndCatchesOrdinalRanks() {
        assertTrue(RerankingExercises.checkSpearman(RankMetrics::spearman).startsWith("PASS"));
        // ordinal ranks (ties broken by position) are the classic mistake
        String wrong = RerankingExercises.checkSpearman((a, b) -> RankMetrics.pearson(ordinal(a), ordinal(b)));
        assertTrue(wrong.startsWith("FAIL a tie shares its ranks"), wrong);
        // the textbook shortcut 1 - 6 Σd² / (n(n² - 1)) holds only without ties, and never gives NaN
        String shortcut = RerankingExercises.checkSpearman((a, b) -> {
            double[] x = RankMetrics.ranks(a), y = RankMetrics.ranks(b);
            double d2 = 0;
            for (int i = 0; i < x.length; i++) d2 += (x[i] - y[i]) * (x[i] - y[i]);
            return 1 - 6 * d2 / (x.length * ((double) x.length * x.length - 1));
        });
        assertTrue(shortcut.startsWith("FAIL a tie shares its ranks"), shortcut);
    }

    private static double[] ordinal(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
        double[] r = new double[x.length];
        for (int k = 0; k < x.length; k++) r[order[k]] = k + 1;
        return r;
    }
}
