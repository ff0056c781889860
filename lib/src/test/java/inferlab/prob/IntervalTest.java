package inferlab.prob;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void wilsonMatchesTheClosedFormAndStaysInsideTheUnitInterval() {
        // 8 of 10: the textbook Wilson interval is [0.490, 0.943].
        Interval i = Interval.wilson(8, 10);
        assertEquals(0.8, i.estimate(), 1e-12);
        assertEquals(0.4902, i.low(), 1e-4);
        assertEquals(0.9433, i.high(), 1e-4);
        Interval zero = Interval.wilson(0, 20);
        assertEquals(0, zero.low());
        assertTrue(zero.high() > 0.1, "no collapse to a point at p = 0: " + zero);
        assertEquals(1, Interval.wilson(20, 20).high());
        assertThrows(IllegalArgumentException.class, () -> Interval.wilson(3, 2));
    }

    @Test
    void wilsonCoversTheTrueRateAboutNinetyFivePercentOfTheTime() {
        Random rng = new Random(1);
        double p = 0.3;
        int covered = 0, trials = 4000;
        for (int t = 0; t < trials; t++) {
            int k = 0;
            for (int i = 0; i < 200; i++) if (rng.nextDouble() < p) k++;
            Interval iv = Interval.wilson(k, 200);
            if (iv.low() <= p && p <= iv.high()) covered++;
        }
        assertEquals(0.95, covered / (double) trials, 0.015);
    }

    @Test
    void partialCreditUsesTheBootstrapAndBinaryScoresUseWilson() {
        double[] binary = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1};
        assertEquals(Interval.wilson(7, 10), Interval.ofMean(binary, new Random(2)));
        double[] partial = new double[300];
        Random rng = new Random(3);
        for (int i = 0; i < partial.length; i++) partial[i] = rng.nextInt(3) / 2.0;
        Interval b = Interval.ofMean(partial, new Random(4));
        double sd = Math.sqrt(1 / 6.0); // of uniform {0, 1/2, 1}
        assertEquals(2 * Interval.Z95 * sd / Math.sqrt(partial.length), b.high() - b.low(), 0.015);
        assertTrue(b.low() < b.estimate() && b.estimate() < b.high());
    }

    @Test
    void separationIsNonOverlap() {
        assertTrue(Interval.wilson(30, 100).separatedFrom(Interval.wilson(60, 100)));
        assertFalse(Interval.wilson(30, 100).separatedFrom(Interval.wilson(38, 100)));
    }
}
