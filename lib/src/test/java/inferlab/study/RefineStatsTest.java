package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RefineStatsTest {
    static final boolean T = true, F = false;

    /** Five items, draft + 2 rounds; the expected values are counted by hand in the comments. */
    static final boolean[][] ITEMS = {
            {T, T, F},  // right, kept, broken
            {F, T, T},  // fixed in round 1
            {F, F, T},  // fixed in round 2
            {F, F, F},  // never
            {T, F, F},  // broken in round 1
    };

    @Test
    void perIterationAndBestSoFar() {
        RefineStats s = RefineStats.of(ITEMS);
        assertEquals(5, s.items());
        // right per column: 2, 2, 2
        assertArrayEquals(new double[] {0.4, 0.4, 0.4}, s.accuracy(), 1e-12);
        // ever right by column: {0,4}, {0,1,4}, {0,1,2,4}
        assertArrayEquals(new double[] {0.4, 0.6, 0.8}, s.bestSoFar(), 1e-12);
    }

    @Test
    void conditionalProbabilities() {
        RefineStats s = RefineStats.of(ITEMS);
        // 0 -> 1: right at 0 = {0, 4}, still right = {0}: 1/2; wrong at 0 = {1, 2, 3}, fixed = {1}: 1/3
        // 1 -> 2: right at 1 = {0, 1}, still right = {1}: 1/2; wrong at 1 = {2, 3, 4}, fixed = {2}: 1/3
        assertArrayEquals(new double[] {0.5, 0.5}, s.keep(), 1e-12);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3}, s.fix(), 1e-12);
        // accuracy(i+1) = keep·acc(i) + fix·(1 − acc(i))
        for (int i = 0; i < 2; i++) {
            assertEquals(s.accuracy()[i + 1], s.keep()[i] * s.accuracy()[i] + s.fix()[i] * (1 - s.accuracy()[i]), 1e-12);
        }
    }

    /** keep's interval is Wilson's on the items right before the step, fix's on the items wrong before it. */
    @Test
    void transitionIntervalsCountTheirOwnCondition() {
        RefineStats s = RefineStats.of(ITEMS);
        for (int i = 0; i < 2; i++) {
            assertEquals(inferlab.prob.Interval.wilson(1, 2), s.transitionIntervals(true)[i]);
            assertEquals(inferlab.prob.Interval.wilson(1, 3), s.transitionIntervals(false)[i]);
        }
    }

    @Test
    void anEmptyConditionIsNaN() {
        RefineStats s = RefineStats.of(new boolean[][] {{T, T}, {T, F}});
        assertEquals(0.5, s.keep()[0], 1e-12);
        assertTrue(Double.isNaN(s.fix()[0]), "no item was wrong at the draft");
        assertEquals(null, s.transitionIntervals(false)[0]);
        var chart = RefineStats.transitionChart("t", Map.of("x", s)); // NaN points are left out, not drawn
        assertTrue(chart.getSeriesMap().containsKey("x keep") && !chart.getSeriesMap().containsKey("x fix"));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RefineStats.of(new boolean[0][]));
        assertThrows(IllegalArgumentException.class, () -> RefineStats.of(new boolean[][] {{T, F}, {T}}));
        assertThrows(IllegalArgumentException.class, () -> RefineStats.table("t", java.util.Map.of()));
        var mixed = new java.util.LinkedHashMap<String, RefineStats>();
        mixed.put("two", RefineStats.of(new boolean[][] {{T, F}}));
        mixed.put("three", RefineStats.of(new boolean[][] {{T, F, T}}));
        assertThrows(IllegalArgumentException.class, () -> RefineStats.table("t", mixed));
    }

    @Test
    void accuracyCarriesAWilsonIntervalPerIterationAndTheChartOneBarPerPoint() {
        RefineStats s = RefineStats.of(ITEMS); // right: 2, 2, 2 of 5
        var ci = s.accuracyIntervals();
        assertEquals(3, ci.length);
        for (var i : ci) assertEquals(inferlab.prob.Interval.wilson(2, 5).toString(), i.toString());
        var runs = new java.util.LinkedHashMap<String, RefineStats>();
        runs.put("a", s);
        runs.put("b", RefineStats.of(new boolean[][] {{T, F, T}}));
        var chart = RefineStats.accuracyChart("t", runs);
        assertEquals(2 * (1 + 3 + 1), chart.getSeriesMap().size(), "per configuration: accuracy, three bars, best-so-far");
        assertEquals(-0.025, chart.getSeriesMap().get("a").getXData()[0], 1e-12);
        assertEquals(0.025, chart.getSeriesMap().get("b").getXData()[0], 1e-12);
        assertEquals(1.0, chart.getSeriesMap().get("b (95% interval 0)").getYData()[1], 1e-12, "one of one right: Wilson's upper end is 1");
    }
}
