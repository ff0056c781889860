package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShortestPathsTest {
    @Test
    void yenAgreesWithBruteForceEnumerationIncludingTieBreaks() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 400; trial++) {
            int n = 3 + rng.nextInt(10);
            Graph g = Graph.random(n, rng);
            List<ShortestPaths.Path> all = ShortestPaths.allSimplePaths(g, 0, n - 1);
            assertFalse(all.isEmpty(), "0 must reach n-1");
            for (int k = 1; k <= 5; k++) {
                assertEquals(all.subList(0, Math.min(k, all.size())), ShortestPaths.yen(g, 0, n - 1, k));
            }
        }
    }

    @Test
    void yenHandlesEqualWeightsByTheDocumentedOrder() {
        // Three paths of weight 4: 0>3 (1 hop), 0>1>3 and 0>2>3 (2 hops, ordered by node sequence).
        int[][] w = new int[4][4];
        w[0][3] = 4; w[0][1] = 2; w[1][3] = 2; w[0][2] = 1; w[2][3] = 3;
        List<ShortestPaths.Path> p = ShortestPaths.yen(new Graph(4, w), 0, 3, 3);
        assertEquals(List.of(List.of(0, 3), List.of(0, 1, 3), List.of(0, 2, 3)), p.stream().map(ShortestPaths.Path::nodes).toList());
    }

    @Test
    void courseRulePathsHaveDistinctHopCountsAndAreRealPaths() {
        Random rng = new Random(12);
        for (int trial = 0; trial < 400; trial++) {
            int n = 3 + rng.nextInt(10);
            Graph g = Graph.random(n, rng);
            List<ShortestPaths.Path> course = ShortestPaths.courseRule(g, 0, n - 1, 3);
            Set<Integer> hops = new HashSet<>();
            for (ShortestPaths.Path p : course) {
                assertTrue(hops.add(p.hops()), "repeated hop count " + course);
                assertEquals(p.weight(), g.pathWeight(p.nodes()));
                assertEquals(p.nodes().size(), new HashSet<>(p.nodes()).size(), "not simple");
            }
            // The first course path is the exact shortest path.
            assertEquals(ShortestPaths.yen(g, 0, n - 1, 1), course.subList(0, 1));
        }
    }

    @Test
    void courseRuleMissesATieInHopCount() {
        // 0>1>3 (weight 2) and 0>2>3 (weight 3) both have 2 hops; 0>3 has weight 9.
        int[][] w = new int[4][4];
        w[0][1] = 1; w[1][3] = 1; w[0][2] = 1; w[2][3] = 2; w[0][3] = 9;
        Graph g = new Graph(4, w);
        assertEquals(List.of(0, 2, 3), ShortestPaths.yen(g, 0, 3, 2).get(1).nodes());
        assertEquals(List.of(0, 3), ShortestPaths.courseRule(g, 0, 3, 2).get(1).nodes());
    }
}
