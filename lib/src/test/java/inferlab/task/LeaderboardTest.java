package inferlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request stream, per-task aggregation, result files, and the leaderboard's credit, grade and frontier. */
class LeaderboardTest {

    @Test
    void streamMixesTheThreeTasksEquallyAndInterleaved() {
        SharedTask t = SharedTask.load("validation", 20, false, 11);
        assertEquals(60, t.items().size());
        for (String task : SharedTask.TASKS) assertEquals(20, t.items().stream().filter(i -> i.task().equals(task)).count());
        assertFalse(t.items().subList(0, 20).stream().allMatch(i -> i.task().equals(t.items().get(0).task())));
        assertEquals(t.items(), SharedTask.load("validation", 20, false, 11).items(), "same seed, same stream");
        assertEquals(1500, SharedTask.load("test", false, 1).items().size());
        assertThrows(IllegalArgumentException.class, () -> SharedTask.load("train", 5, false, 1));
    }

    @Test
    void accuracyIsTheUnweightedMeanOfPerTaskMeans() {
        Map<String, Double> per = SharedTask.perTask(
                List.of(GraphPaths.NAME, GraphPaths.NAME, GraphPaths.NAME, MultipleChoice.NAME, Instructions.NAME),
                List.of(1.0, 1.0, 0.0, 0.0, 0.5));
        assertEquals(2.0 / 3, per.get(GraphPaths.NAME), 1e-12);
        assertEquals((2.0 / 3 + 0 + 0.5) / 3, SharedTask.accuracy(per), 1e-12);
    }

    static SharedTaskResult result(String system, double accuracy, double throughput) {
        List<SharedTaskResult.Request> requests = new ArrayList<>();
        int i = 0;
        for (String task : SharedTask.TASKS) {
            requests.add(new SharedTaskResult.Request(task + i, task, i, true, "x", accuracy, 0.5 + i, 10, 5, null));
            i++;
        }
        requests.add(new SharedTaskResult.Request("late", GraphPaths.NAME, 3, false, null, 0, Double.NaN, 0, 0, Harness.LATE));
        SharedTaskResult.Summary s = SharedTaskResult.summarize(requests, 3 / throughput);
        return new SharedTaskResult(system, "validation", false, new SharedTaskResult.Load(1, 1, 1, 60, 8, 1), s, requests);
    }

    @Test
    void summaryCountsUnservedRequestsAsZero() {
        SharedTaskResult r = result("x", 1.0, 2);
        assertEquals(4, r.summary().requests());
        assertEquals(3, r.summary().served());
        assertEquals(0, r.summary().errors());
        assertEquals(0.5, r.summary().accuracyPerTask().get(GraphPaths.NAME), 1e-12);
        assertEquals(1.0, r.summary().servedAccuracy(), 1e-12);
        assertEquals(2, r.summary().throughput(), 1e-12);
        assertEquals(1.5, r.summary().p50Latency(), 1e-12);
        assertEquals(2.5, r.summary().p99Latency(), 1e-12);
    }

    @Test
    void leaderboardCreditsThroughputOnlyAboveTheBasicBaseline(@TempDir Path dir) {
        var b = result("baseline-b", 0.3, 1);
        var a = result("baseline-a", 0.6, 2);
        var fastButWrong = result("fast", 0.2, 10);
        var best = result("best", 0.7, 1.5);
        Leaderboard board = Leaderboard.of(List.of(b, a, fastButWrong, best));
        List<String> order = board.rows().stream().map(Leaderboard.Row::system).toList();
        assertEquals(List.of("best", "baseline-a", "baseline-b", "fast"), order);
        Leaderboard.Row fast = board.rows().get(3);
        assertEquals(0, fast.creditedThroughput());
        assertEquals(10, fast.throughput(), 1e-9); // 3 served in 0.3 s
        double accB = b.summary().accuracy(), accFast = fastButWrong.summary().accuracy();
        assertEquals(80 * accFast / accB, fast.grade(), 1e-9);
        assertEquals(80, board.rows().get(2).grade(), 1e-9);
        assertEquals(90, board.rows().get(1).grade(), 1e-9);
        assertEquals(100, board.rows().get(0).grade(), 1e-9);
        assertTrue(board.rows().get(0).onFrontier() && board.rows().get(1).onFrontier());
        assertFalse(board.rows().get(2).onFrontier());
        assertEquals(0, board.rows().get(0).frontierDistance(), 1e-12);
        assertTrue(board.rows().get(2).frontierDistance() > 0);
        assertEquals(4, board.table().rowCount());

        List<double[]> stairs = Leaderboard.staircase(board.frontier().frontier());
        assertEquals(List.of(0.0, best.summary().accuracy()), List.of(stairs.get(0)[0], stairs.get(0)[1]));
        assertEquals(0.0, stairs.get(stairs.size() - 1)[1]);

        for (Path f : board.export(dir)) assertTrue(Files.isRegularFile(f) && f.toFile().length() > 100, f.toString());
        assertThrows(IllegalArgumentException.class, () -> Leaderboard.of(List.of(a, best)), "needs baseline-b");
    }

    @Test
    void resultsRoundTripThroughJson(@TempDir Path dir) {
        SharedTaskResult r = result("baseline-a", 0.5, 2);
        r.write(dir.resolve(SharedTaskResult.fileName("baseline-a", "validation")));
        List<SharedTaskResult> back = SharedTaskResult.readAll(dir);
        assertEquals(1, back.size());
        assertEquals(r.summary(), back.get(0).summary());
        assertEquals(r.requests().get(3).error(), back.get(0).requests().get(3).error());
    }

    @Test
    void intervalsCoverTheEstimatesAndNarrowWithMoreRequests() {
        // a saturated server: one answer every 0.1 s for 60 s, each task right half the time
        SharedTaskResult big = steady(600, 0.1), small = steady(60, 0.1);
        for (SharedTaskResult r : List.of(big, small)) {
            var acc = r.accuracyInterval();
            assertEquals(r.summary().accuracy(), acc.estimate(), 1e-12);
            assertTrue(acc.low() < acc.estimate() && acc.estimate() < acc.high());
            var thr = r.throughputInterval();
            assertEquals(r.summary().throughput(), thr.estimate(), 1e-9); // the mean of the slices is served / seconds
            assertTrue(thr.low() <= 10 + 1e-9 && 10 - 1e-9 <= thr.high(), thr.toString());
        }
        double wide = small.accuracyInterval().high() - small.accuracyInterval().low();
        double narrow = big.accuracyInterval().high() - big.accuracyInterval().low();
        assertTrue(narrow < 0.5 * wide, narrow + " vs " + wide); // about 1/sqrt(10)
        assertEquals(small.accuracyInterval(), small.accuracyInterval()); // seeded: the same run, the same interval

        // answers bunched into the first half: the slices disagree and the throughput interval widens
        List<SharedTaskResult.Request> bunched = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            bunched.add(new SharedTaskResult.Request("q" + i, SharedTask.TASKS.get(i % 3), 0, true, "x", i % 2, i < 300 ? i * 0.1 : 59.9, 1, 1, null));
        }
        SharedTaskResult uneven = new SharedTaskResult("u", "validation", false, new SharedTaskResult.Load(1, 1, 1, 60, 8, 1),
                SharedTaskResult.summarize(bunched, 60), bunched);
        var even = big.throughputInterval();
        var skewed = uneven.throughputInterval();
        assertTrue(skewed.high() - skewed.low() > 5 * (even.high() - even.low()), skewed + " vs " + even);
    }

    private static SharedTaskResult steady(int n, double gap) {
        List<SharedTaskResult.Request> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(new SharedTaskResult.Request("q" + i, SharedTask.TASKS.get(i % 3), i * gap, true, "x", (i / 3) % 2,
                    gap / 2, 1, 1, null));
        }
        return new SharedTaskResult("s", "validation", false, new SharedTaskResult.Load(1, 1, 1, n * gap, 8, 1),
                SharedTaskResult.summarize(requests, n * gap), requests);
    }
}
