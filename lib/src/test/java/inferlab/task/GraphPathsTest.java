package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GraphPathsTest {
    private final GraphPaths task = new GraphPaths();

    @Test
    void goldScoresOneAndPartialCreditCountsGoldPaths() {
        for (Item item : task.generate(300, new Random(1))) {
            assertEquals(1.0, task.score(item, item.answer()));
            List<List<Integer>> gold = GraphPaths.parsePaths(item.answer());
            Graph g = GraphPaths.parseGraph(item.prompt());
            assertEquals(item.meta().get("n").getAsInt(), g.n());
            List<Integer> weights = GraphPaths.parseWeights(item.answer());
            for (int i = 0; i < gold.size(); i++) assertEquals(g.pathWeight(gold.get(i)), weights.get(i));
            assertEquals(0.0, task.score(item, "submit_paths(paths=[[0,99]], weights=[1])"));
            if (gold.size() >= 2) {
                String second = "submit_paths(paths=[" + gold.get(1) + ", [0,99]], weights=[" + weights.get(1) + ", 1])";
                assertEquals(1.0 / gold.size(), task.score(item, second), 1e-12);
            }
        }
    }

    @Test
    void scratchpadListsEverySimplePathWithRunningTotalsInDepthFirstOrder() {
        for (Item item : task.generate(300, new Random(2))) {
            Graph g = GraphPaths.parseGraph(item.prompt());
            String[] lines = item.answer().split("\n");
            List<ShortestPaths.Path> all = ShortestPaths.allSimplePaths(g, 0, g.n() - 1);
            assertEquals(Math.min(all.size(), GraphPaths.LISTED_PATHS), lines.length - 1, item.answer());
            List<Integer> previous = null;
            for (int l = 0; l < lines.length - 1; l++) {
                List<Integer> nodes = new java.util.ArrayList<>(List.of(0));
                int total = 0;
                for (String step : lines[l].split(" ")) {
                    var m = java.util.regex.Pattern.compile("(\\d+)>(\\d+):(\\d+)=(\\d+)").matcher(step);
                    assertTrue(m.matches(), step);
                    int from = Integer.parseInt(m.group(1)), to = Integer.parseInt(m.group(2));
                    assertEquals(nodes.get(nodes.size() - 1), from);
                    assertEquals(g.weight()[from][to], Integer.parseInt(m.group(3)));
                    total += g.weight()[from][to];
                    assertEquals(total, Integer.parseInt(m.group(4)));
                    nodes.add(to);
                }
                assertEquals(g.n() - 1, nodes.get(nodes.size() - 1));
                assertEquals(nodes.size(), new java.util.HashSet<>(nodes).size(), "simple path");
                if (previous != null) assertTrue(lexicographic(previous, nodes) < 0, "depth-first order");
                previous = nodes;
            }
            assertTrue(lines[lines.length - 1].startsWith("submit_paths("));
        }
    }

    /** Depth-first with out-edges by increasing target lists paths in lexicographic node order. */
    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) if (!a.get(i).equals(b.get(i))) return Integer.compare(a.get(i), b.get(i));
        return Integer.compare(a.size(), b.size());
    }

    @Test
    void parserHandlesCallJsonAndMessyText() {
        List<List<Integer>> want = List.of(List.of(0, 3, 5), List.of(0, 1, 5));
        assertEquals(want, GraphPaths.parsePaths("submit_paths(paths=[[0,3,5],[0,1,5]], weights=[7,9])"));
        assertEquals(want, GraphPaths.parsePaths("Sure! {\"paths\": [[0, 3, 5], [0, 1, 5]], \"weights\": [7, 9]}"));
        assertEquals(want, GraphPaths.parsePaths("I think the answer is [[0,3,5], [0,1,5]] because"));
        assertEquals(want, GraphPaths.parsePaths(" submit_paths(paths=[[0,3,5],[0,1,5"));
        assertEquals(List.of(7, 9), GraphPaths.parseWeights("{'weights': [7, 9], 'paths': [[0,1]]}"));
        assertTrue(GraphPaths.parsePaths("no idea").isEmpty());
        assertEquals("submit_paths(paths=[[0,3,5],[0,1,5]], weights=[7,9])",
                new GraphPaths().parse("{\"paths\": [{\"path\": [0, 3, 5], \"weight\": 7.0}, {\"path\": [0,1,5], \"weight\": 9}]}"));
        assertNull(new GraphPaths().parse("paths: [[0, 3, 5], [0, 1, 5]]"));
        assertNull(new GraphPaths().parse("no idea"));
    }

    /** The course's grader: (path, weight) pairs, its two formats only, extra pairs free, repeats once. */
    @Test
    void gradesPathWeightPairsAsTheCourseDoes() {
        Item item = new Item("x", GraphPaths.NAME, "Q: ...", "submit_paths(paths=[[0,2],[0,1,2]], weights=[5,6])", null);
        item.meta().addProperty("p", 2);
        assertEquals(1.0, task.score(item, "submit_paths(paths=[[0,1,2],[0,2]], weights=[6,5])"));
        assertEquals(0.5, task.score(item, "submit_paths(paths=[[0,2],[0,1,2]], weights=[5,7])"), "right path, wrong weight");
        assertEquals(0.0, task.score(item, "[[0,2],[0,1,2]]"), "a bare list is no submission");
        assertEquals(0.0, task.score(item, "paths=[[0,2],[0,1,2]], weights=[5,6]"), "no submit_paths call");
        assertEquals(0.0, task.score(item, "{\"paths\": [[0,2],[0,1,2]], \"weights\": [5,6]}"), "JSON must be gold-style");
        assertEquals(1.0, task.score(item, "Done.\n{\"paths\": [{\"path\": [0,2], \"weight\": 5}, {\"path\": [0,1,2], \"weight\": 6.0}]}"));
        assertEquals(0.0, task.score(item, "{\"paths\": [{\"path\": [0,2], \"weight\": 5}, {\"path\": [0,1,2]}]}"), "a pair without weight");
        assertEquals(1.0, task.score(item, "submit_paths( weights = [5, 6,],\n paths = [(0, 2), (0, 1, 2)] )"), "weights first, tuples, trailing comma");
        assertEquals(1.0, task.score(item, "submit_paths(paths=[[0,2],[0,2],[0,9,2],[0,1,2]], weights=[5,5,3,6])"), "extra pairs cost nothing");
        assertEquals(0.5, task.score(item, "submit_paths(paths=[[0,2],[0,1,2]], weights=[5])"), "pairs up to the shorter list");
        assertEquals(0.5, task.score(item, "submit_paths(paths=[[0,2]], weights=[2+3])"), "the course evals: 2+3 is 5");
        assertEquals(0.5, task.score(item, "submit_paths(paths=[[0,2]], weights=[10/2])"), "5.0 equals 5");
        assertEquals(0.0, task.score(item, "submit_paths(paths=[[0,2]], weights=[05])"), "Python refuses 05");
        assertEquals(1.0, task.score(item, "submit_paths(paths=[0,2], [0,1,2], weights=[5,6])"), "eval reads a bare tuple of lists");
        assertEquals(0.0, task.score(item, "submit_paths(paths=[[0,\u20032]], weights=[5])"), "no em space in Python source");
        assertEquals(0.0, task.score(item, "submit_paths(paths=[[0,2],[[0,1,2]]], weights=[5,6])"), "a list in a path: the course crashes");
        assertEquals(0.0, task.score(item, "submit_paths(paths=[0,2], weights=[5])"), "a flat list: tuple(0) fails in the course");
        assertEquals(0.0, task.score(item, ""));
        assertEquals(0.5, task.score(item, "submit_paths(paths=[[0,2]], weights=[5]) then submit_paths(paths=[[0,1,2]], weights=[6])"),
                "the first call counts");
    }

    @Test
    void generatorDrawsGraphsAndPAsSpecifiedAndIsDeterministic() {
        List<Item> items = task.generate(2000, new Random(4));
        long p1 = items.stream().filter(i -> i.meta().get("p").getAsInt() == 1).count();
        assertTrue(p1 > 1300 && p1 < 1500, "P=1 share " + p1);
        assertTrue(items.stream().allMatch(i -> i.meta().get("n").getAsInt() >= 3 && i.meta().get("n").getAsInt() <= 20));
        assertEquals(items.subList(0, 50), task.generate(50, new Random(4)));
    }

    @Test
    void courseRuleDisagreesOnSomeButNotMostGraphsAndNeverWhenPIsOne() {
        for (var draw : List.<java.util.function.Function<java.util.random.RandomGenerator, GraphPaths.Problem>>of(GraphPaths::draw, GraphPaths::drawCourse)) {
            GraphPaths.Disagreement d = GraphPaths.courseRuleDisagreement(600, draw, new Random(5));
            assertTrue(d.overall() > 0.005 && d.overall() < 0.3, "disagreement " + d.overall());
            assertEquals(0.0, d.forP(1), "the first path popped is the exact shortest");
        }
    }

    @Test
    void courseGraphsAreTheCoursesRingGraphs() {
        for (int i = 0; i < 200; i++) {
            GraphPaths.Problem pr = GraphPaths.drawCourse(new Random(i));
            Graph g = pr.graph();
            assertTrue(g.n() >= 3 && g.n() <= 20);
            int m = (int) g.edges().stream().filter(e -> e.from() == 0).count();
            assertTrue(m >= 2 && m <= Math.min(10, g.n() - 1));
            for (Graph.Edge e : g.edges()) {
                assertEquals(m, g.edges().stream().filter(x -> x.from() == e.from()).count(), "M edges per node");
                assertTrue(Math.floorMod(e.to() - e.from(), g.n()) <= m, "edges to the next M nodes");
            }
        }
    }

    /** The numbers data/tasks/README.md quotes are the measured ones. */
    @Test
    void readmeQuotesTheMeasuredDisagreement() throws Exception {
        String readme = java.nio.file.Files.readString(inferlab.Project.home().resolve("data/tasks/README.md"));
        GraphPaths.Disagreement ours = GraphPaths.measuredCourseRuleDisagreement();
        GraphPaths.Disagreement course = GraphPaths.measuredCourseRuleDisagreementOnCourseGraphs();
        System.out.printf("ours %.4f (P=2 %.4f, P=3 %.4f); course graphs %.4f (P=2 %.4f, P=3 %.4f)%n", ours.overall(),
                ours.forP(2), ours.forP(3), course.overall(), course.forP(2), course.forP(3));
        for (double v : new double[] {ours.overall(), ours.forP(2), ours.forP(3), course.overall(), course.forP(2), course.forP(3)}) {
            String quoted = String.format(java.util.Locale.ROOT, "%.1f %%", 100 * v);
            assertTrue(readme.contains(quoted), "README should quote " + quoted);
        }
    }
}
