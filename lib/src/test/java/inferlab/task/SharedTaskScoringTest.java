package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharedTaskScoringTest {

    @Test
    void poissonScheduleDeliversEveryRequestAtTheAskedRate() {
        PoissonSchedule s = PoissonSchedule.of(20, 8, 20_000, new Random(7));
        assertEquals(20_000, s.requests());
        assertTrue(s.arrivals().stream().allMatch(a -> a.size() >= 1 && a.size() <= 8));
        double rate = s.requests() / s.span();
        assertEquals(20, rate, 20 * 0.05, "empirical rate " + rate);
        for (int i = 1; i < s.arrivals().size(); i++) {
            assertTrue(s.arrivals().get(i).seconds() >= s.arrivals().get(i - 1).seconds());
        }
        assertEquals(s, PoissonSchedule.of(20, 8, 20_000, new Random(7)), "same seed, same schedule");
        assertThrows(IllegalArgumentException.class, () -> PoissonSchedule.of(0, 8, 10, new Random(1)));
    }

    @Test
    void frontierHoldsTheUndominatedAndMeasuresTheRest() {
        var a = new ParetoFrontier.Point("accurate", 0.9, 10);
        var b = new ParetoFrontier.Point("fast", 0.5, 100);
        var c = new ParetoFrontier.Point("dominated", 0.5, 10);
        var f = new ParetoFrontier(List.of(a, b, c));
        assertEquals(List.of(a, b), f.frontier());
        assertEquals(0, f.distance(a), 1e-12);
        assertEquals(0, f.distance(b), 1e-12);
        // c sits at (0.1, 0.5/0.9) in scaled units; the nearest step is the horizontal one at accuracy 1,
        // 0.444 above, or the vertical one at throughput 0.1 directly right: it lies on it, x = 0.1.
        assertEquals(0, f.distance(c), 1e-12);
        var d = new ParetoFrontier.Point("worse", 0.45, 50);
        var g = new ParetoFrontier(List.of(a, b, d));
        // scaled d = (0.5, 0.5); the step at accuracy 0.5/0.9 over throughput (0.1, 1] is 0.0556 above it
        assertEquals(0.5 / 0.9 - 0.5, g.distance(d), 1e-9);
    }

    @Test
    void gradeAnchorsAtTheBaselines() {
        Grade g = new Grade(0.4, 0.6, 0.8);
        assertEquals(80, g.percent(0.4), 1e-9);
        assertEquals(85, g.percent(0.5), 1e-9);
        assertEquals(90, g.percent(0.6), 1e-9);
        assertEquals(100, g.percent(0.9), 1e-9);
        assertEquals(40, g.percent(0.2), 1e-9);
        assertEquals("basic (B)", g.tier(0.45));
        assertThrows(IllegalArgumentException.class, () -> new Grade(0.7, 0.6, 0.8));
    }
}
