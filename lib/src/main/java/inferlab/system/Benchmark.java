package inferlab.system;

import inferlab.model.WorkerPool;
import inferlab.plot.Charts;
import inferlab.plot.Tables;
import inferlab.prob.Interval;
import inferlab.task.Item;
import inferlab.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Accuracy against compute: every system answers the same items with the same per-item seeds (common random
 * numbers, so differences between systems are not sampling luck), graded by the task's own grader on the
 * chosen candidate's text. For systems that sample N candidates the oracle pass@N (is any candidate right?)
 * is the ceiling a perfect verifier would reach. Items run side by side on the engine's threads
 * ({@link WorkerPool#map}; the seeds make the results the same as one at a time), so an item's
 * seconds are its own wall-clock with another item on the other core.
 */
public final class Benchmark {
    private Benchmark() {}

    /**
     * One system on one item.
     *
     * @param score          the task's grade of the chosen candidate, 0 when nothing was chosen
     * @param samplesCorrect candidates graded fully correct, of {@code samples}
     */
    public record Run(String system, String item, double score, int samples, int samplesCorrect,
                      int generatedTokens, int toolTokens, long toolCalls, double seconds) {}

    public static List<Run> run(List<InferenceSystem> systems, Task task, List<Item> items, long seed) {
        List<Run> runs = new ArrayList<>();
        for (InferenceSystem system : systems) {
            runs.addAll(WorkerPool.map(items.size(), i -> {
                Item item = items.get(i);
                Trace t = system.solve(item.prompt(), new SplittableRandom(seed + i));
                double score = t.chosenCandidate().map(c -> task.score(item, c.text())).orElse(0.0);
                int right = (int) t.candidates().stream().filter(c -> task.score(item, c.text()) >= 1).count();
                return new Run(system.name(), item.id(), score, t.candidates().size(), right, t.generatedTokens(),
                        t.toolTokens(), t.toolCalls(), t.wall().toNanos() / 1e9);
            }));
        }
        return runs;
    }

    /**
     * One row per system: mean score ("accuracy") with its 95% interval ({@link #accuracy}), oracle pass@N (NaN for
     * single-sample systems), and the compute per item: generated tokens, tool calls, seconds.
     */
    public static Table summary(List<Run> runs) {
        List<SummaryRow> rows = new ArrayList<>();
        bySystem(runs).forEach((name, rs) -> rows.add(new SummaryRow(name, rs.size(), accuracy(rs).estimate(),
                accuracy(rs).toString(),
                rs.get(0).samples() > 1
                        ? rs.stream().mapToDouble(r -> r.samplesCorrect() > 0 ? 1 : 0).average().orElse(0) : Double.NaN,
                rs.stream().mapToDouble(Run::generatedTokens).average().orElse(0),
                rs.stream().mapToDouble(Run::toolCalls).average().orElse(0),
                rs.stream().mapToDouble(Run::seconds).average().orElse(0))));
        return Tables.of("accuracy vs compute", SummaryRow.class, rows);
    }

    private record SummaryRow(String system, int items, double accuracy, @Tables.Name("95% interval") String interval,
            @Tables.Name("oracle pass@N") double oracle,
            @Tables.Name("generated tokens/item") double tokens, @Tables.Name("tool calls/item") double toolCalls,
            @Tables.Name("seconds/item") double seconds) {}

    /** The runs grouped by system, in the order the systems first appear. */
    private static Map<String, List<Run>> bySystem(List<Run> runs) {
        Map<String, List<Run>> by = new LinkedHashMap<>();
        for (Run r : runs) by.computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r);
        return by;
    }

    /**
     * The mean score of one system's runs with its 95% interval: Wilson's when every score is 0 or 1, else a
     * seeded percentile bootstrap ({@link Interval#ofMean}).
     */
    public static Interval accuracy(List<Run> runs) {
        return Interval.ofMean(runs.stream().mapToDouble(Run::score).toArray(), new SplittableRandom(0));
    }

    /**
     * pass@k for k = 1..N of one system's runs, averaged over items with the unbiased estimator
     * ({@link PassAtK}): how the oracle ceiling grows with the number of samples.
     */
    public static double[] passAtK(List<Run> runs, String system) {
        List<Run> rs = runs.stream().filter(r -> r.system().equals(system)).toList();
        int n = rs.get(0).samples();
        double[] out = new double[n];
        for (int k = 1; k <= n; k++) {
            final int kk = k;
            out[k - 1] = rs.stream().mapToDouble(r -> PassAtK.estimate(r.samples(), r.samplesCorrect(), kk)).average().orElse(0);
        }
        return out;
    }

    /**
     * Accuracy against generated tokens per item (or seconds per item): one point per system with its 95% interval
     * as an error bar, and a diamond for the oracle pass@N of each sampling system at the same cost.
     */
    public static XYChart chart(List<Run> runs, boolean wallClock) {
        String xCol = wallClock ? "seconds/item" : "generated tokens/item";
        XYChart chart = Charts.scatter("Accuracy vs " + (wallClock ? "wall-clock" : "generated tokens") + " (95% intervals)",
                xCol, "accuracy");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0); // accuracies share one scale across runs
        Map<String, List<Run>> by = bySystem(runs);
        double[] cost = new double[by.size()];
        int i = 0;
        for (var e : by.entrySet()) {
            cost[i] = e.getValue().stream().mapToDouble(r -> wallClock ? r.seconds() : r.generatedTokens()).average().orElse(0);
            Charts.addWithIntervals(chart, e.getKey(), new double[] {cost[i++]}, List.of(accuracy(e.getValue())));
        }
        i = 0;
        for (var e : by.entrySet()) {
            List<Run> rs = e.getValue();
            double x = cost[i++];
            if (rs.get(0).samples() <= 1) continue;
            double oracle = rs.stream().mapToDouble(r -> r.samplesCorrect() > 0 ? 1 : 0).average().orElse(0);
            XYSeries s = chart.addSeries("oracle " + e.getKey(), new double[] {x}, new double[] {oracle});
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /** pass@k against k for sampling systems: how the oracle ceiling grows with the number of samples. */
    public static XYChart passAtKChart(List<Run> runs, List<String> systems) {
        XYChart chart = Charts.line("Oracle pass@k against samples", "samples k", "pass@k");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (String s : systems) {
            double[] p = passAtK(runs, s);
            chart.addSeries(s, IntStream.rangeClosed(1, p.length).asDoubleStream().toArray(), p);
        }
        return chart;
    }
}
