package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.rerank.RewardReranker;
import inferlab.task.Item;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RerankScatterTest {

    private static final Item ITEM = new Item("i", "t", "Q: say it\nA:", "gold", null);
    private static final List<RerankStudy.Pool> POOLS = List.of(
            new RerankStudy.Pool(ITEM, List.of(" a", " a b c d", " a b", " a b c", " a b c d e f"), new double[] {0, 1, 0, 1, 1}),
            new RerankStudy.Pool(ITEM, List.of(" x y", " x", " x y z"), new double[] {1, 0, 1}),
            new RerankStudy.Pool(ITEM, List.of(" same", " same"), new double[] {1, 1}));

    @Test
    void pointsStandardiseWithinEachPrompt() {
        var length = new RewardReranker("length", (p, c) -> c.length());
        var points = RerankScatter.points(length, POOLS);
        assertEquals(10, points.size());
        for (int p = 0; p < 2; p++) {
            int prompt = p;
            double[] z = points.stream().filter(q -> q.prompt() == prompt).mapToDouble(RerankScatter.Point::z).toArray();
            assertEquals(0, java.util.Arrays.stream(z).sum(), 1e-12);
            assertEquals(z.length - 1, java.util.Arrays.stream(z).map(v -> v * v).sum(), 1e-9, "unit sample variance");
        }
        assertTrue(points.stream().filter(q -> q.prompt() == 2).allMatch(q -> Double.isNaN(q.z())), "all alike: no z");
        assertEquals(11, points.get(4).chars());
        // prompts 0 and 1: length orders grade perfectly except ties; prompt 2 has no ρ (constant grades)
        double rho0 = inferlab.rerank.RankMetrics.spearman(new double[] {2, 8, 4, 6, 12}, new double[] {0, 1, 0, 1, 1});
        double rho1 = inferlab.rerank.RankMetrics.spearman(new double[] {4, 2, 6}, new double[] {1, 0, 1});
        assertEquals((rho0 + rho1) / 2, RerankScatter.meanSpearman(points), 1e-12);
    }

    @Test
    void binsHaveEqualCountsAndWilsonIntervalsForZeroOneGrades() {
        var points = RerankScatter.points(new RewardReranker("length", (p, c) -> c.length()), POOLS);
        var b = RerankScatter.binned(points, RerankScatter.Point::score, RerankScatter.Point::grade, 3, 1);
        assertEquals(3, b.x().length);
        // sorted by score (grade): 2(0) 2(0) 4(0) | 4(1) 5(1) 5(1) | 6(1) 6(1) 8(1) 12(1)
        assertEquals(0, b.y()[0].estimate(), 1e-12);
        assertEquals(inferlab.prob.Interval.wilson(0, 3).high(), b.y()[0].high(), 1e-12);
        assertEquals(1.0, b.y()[1].estimate(), 1e-12);
        assertEquals(inferlab.prob.Interval.wilson(4, 4).low(), b.y()[2].low(), 1e-12);
        assertEquals((6 + 6 + 8 + 12) / 4.0, b.x()[2], 1e-12);
        var chart = RerankScatter.scoreChart("length", points);
        assertEquals(1 + 1 + 5, chart.getSeriesMap().size(), "dots, the binned line and its five bars");
        var lengths = RerankScatter.lengthChart(Map.of("length", points));
        assertEquals(1 + 5, lengths.getSeriesMap().size());
    }
}
