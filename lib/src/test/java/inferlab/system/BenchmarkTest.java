package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.prob.Interval;
import inferlab.task.Arithmetic;
import inferlab.task.Item;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class BenchmarkTest {

    @Test
    void gradesTheChosenCandidateAndReportsTheOracleCeiling() {
        Arithmetic task = new Arithmetic();
        List<Item> items = task.generate(6, new Random(3));
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            long gold = Arithmetic.parseInteger(it.answer());
            script.append(it.prompt()).append(' ').append(i % 2 == 0 ? gold : gold + 1).append('\n');
        }
        Completer greedy = new Completer(new ScriptModel(script.toString(), 20f, 20f), SystemsTest.GREEDY, 16,
                List.of("\n"), null, Answers.parser(Arithmetic.NAME));
        Completer noisy = new Completer(new ScriptModel(script.toString(), 20f, 18.5f), SystemsTest.SAMPLE, 16,
                List.of("\n"), null, Answers.parser(Arithmetic.NAME));
        List<InferenceSystem> systems = List.of(new SingleSample("greedy", greedy), new SelfConsistency(noisy, 6));
        List<Benchmark.Run> runs = Benchmark.run(systems, task, items, 1);
        assertEquals(12, runs.size());
        Table summary = Benchmark.summary(runs);
        assertEquals(List.of("greedy", "self-consistency@6"), summary.stringColumn("system").asList());
        assertEquals(0.5, summary.doubleColumn("accuracy").getDouble(0), 1e-12, "the script is right on every other item");
        var greedyInterval = Benchmark.accuracy(runs.subList(0, 6));
        assertEquals(Interval.wilson(3, 6), greedyInterval, "0/1 scores: Wilson's interval");
        assertEquals(greedyInterval.toString(), summary.stringColumn("95% interval").get(0));
        assertTrue(Double.isNaN(summary.doubleColumn("oracle pass@N").getDouble(0)));
        double votedAcc = summary.doubleColumn("accuracy").getDouble(1), oracle = summary.doubleColumn("oracle pass@N").getDouble(1);
        assertTrue(oracle >= votedAcc, "the oracle is a ceiling");
        double[] curve = Benchmark.passAtK(runs, "self-consistency@6").stream().mapToDouble(Interval::estimate).toArray();
        assertEquals(6, curve.length);
        for (int k = 1; k < curve.length; k++) assertTrue(curve[k] >= curve[k - 1] - 1e-12, "pass@k grows with k");
        assertEquals(oracle, curve[5], 1e-12, "pass@N from all samples is the oracle");
        List<Interval> vote = Benchmark.majorityAtK(runs, "self-consistency@6");
        assertEquals(curve[0], vote.get(0).estimate(), 1e-12, "a vote of one sample is one sample: maj@1 = pass@1");
        for (int k = 0; k < 6; k++) {
            assertTrue(vote.get(k).estimate() <= curve[k] + 1e-12, "the vote never beats the oracle");
            assertTrue(vote.get(k).low() <= vote.get(k).estimate() && vote.get(k).estimate() <= vote.get(k).high());
        }
        assertEquals(3, Benchmark.chart(runs, false).getSeriesMap().values().stream().filter(org.knowm.xchart.XYSeries::isShowInLegend).count(),
                "one point per system plus the oracle (interval bars are not in the legend)");
        Table table = Benchmark.samplesTable(runs, "self-consistency@6");
        assertEquals(6, table.rowCount());
        assertEquals(vote.get(5).toString(), table.stringColumn("vote, maj@k [95% interval]").get(5));
        Table versus = Benchmark.versus(runs, "self-consistency@6", "greedy");
        assertEquals(6, versus.intColumn("items").getInt(0));
        assertEquals(3, versus.intColumn("baseline wrong").getInt(0), "greedy is wrong on every other item");
        int rescued = (int) runs.stream().filter(r -> r.system().equals("self-consistency@6") && r.score() >= 1)
                .filter(r -> runs.stream().anyMatch(g -> g.system().equals("greedy") && g.item().equals(r.item()) && g.score() < 1)).count();
        assertEquals(rescued, versus.intColumn("vote rescues").getInt(0));
        assertTrue(versus.intColumn("vote rescues").getInt(0) <= versus.intColumn("of those, some sample right").getInt(0));
        var samples = Benchmark.samplesChart(runs, "self-consistency@6", "greedy").getSeriesMap();
        assertArrayEquals(curve, samples.get("oracle, pass@k").getYData(), 1e-12);
        assertEquals(List.of("vote, maj@k", "oracle, pass@k", "greedy"),
                samples.values().stream().filter(org.knowm.xchart.XYSeries::isShowInLegend).map(org.knowm.xchart.XYSeries::getName).toList());
    }
}
