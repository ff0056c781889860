package inferlab.system;

import inferlab.measure.Measure;
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
import java.util.function.ToDoubleBiFunction;
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
     * @param score   the task's grade of the chosen candidate, 0 when nothing was chosen
     * @param answers each candidate's parsed answer, "" when it has none
     * @param correct whether each candidate is graded fully correct
     */
    public record Run(String system, String item, double score, List<String> answers, List<Boolean> correct,
                      int generatedTokens, int toolTokens, long toolCalls, double seconds) {
        public int samples() {
            return answers.size();
        }

        public int samplesCorrect() {
            return (int) correct.stream().filter(c -> c).count();
        }
    }

    public static List<Run> run(List<InferenceSystem> systems, Task task, List<Item> items, long seed) {
        List<Run> runs = new ArrayList<>();
        for (InferenceSystem system : systems) {
            runs.addAll(WorkerPool.map(items.size(), i -> {
                Item item = items.get(i);
                Trace t = system.solve(item.prompt(), new SplittableRandom(seed + i));
                double score = t.chosenCandidate().map(c -> task.score(item, c.text())).orElse(0.0);
                List<String> answers = t.candidates().stream().map(Trace.Candidate::answer).toList();
                List<Boolean> right = t.candidates().stream().map(c -> task.score(item, c.text()) >= 1).toList();
                return new Run(system.name(), item.id(), score, answers, right, t.generatedTokens(),
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
                rs.get(0).samples() > 1 ? oracle(rs) : Double.NaN,
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

    /** Oracle pass@N of one system's runs: the share of items on which some candidate is right. */
    public static double oracle(List<Run> runs) {
        return runs.stream().mapToDouble(r -> r.samplesCorrect() > 0 ? 1 : 0).average().orElse(0);
    }

    /**
     * The mean score of one system's runs with its 95% interval: Wilson's when every score is 0 or 1, else a
     * seeded percentile bootstrap ({@link Interval#ofMean}).
     */
    public static Interval accuracy(List<Run> runs) {
        return Interval.ofMean(runs.stream().mapToDouble(Run::score).toArray(), new SplittableRandom(0));
    }

    /**
     * pass@k for k = 1..N of one system's runs with 95% intervals over items, from the unbiased estimator
     * ({@link PassAtK}): how the oracle ceiling grows with the number of samples.
     */
    public static List<Interval> passAtK(List<Run> runs, String system) {
        return perK(runs, system, (r, k) -> PassAtK.estimate(r.samples(), r.samplesCorrect(), k));
    }

    /**
     * maj@k for k = 1..N of one system's runs with 95% intervals over items ({@link MajorityAtK}): what a vote of
     * k of the samples would score. At k = N it differs from {@link SelfConsistency}'s own score only where the
     * top answers tie: the estimate splits a tie evenly, the system breaks it by probability.
     */
    public static List<Interval> majorityAtK(List<Run> runs, String system) {
        return perK(runs, system, (r, k) -> MajorityAtK.estimate(r.answers(), r.correct(), k));
    }

    /** The mean over items of {@code perItem(run, k)} for k = 1..N, each with its interval ({@link Interval#ofMean}). */
    private static List<Interval> perK(List<Run> runs, String system, ToDoubleBiFunction<Run, Integer> perItem) {
        List<Run> rs = runs.stream().filter(r -> r.system().equals(system)).toList();
        if (rs.isEmpty()) throw new IllegalArgumentException("no runs of system '" + system + "'");
        List<Interval> out = new ArrayList<>();
        for (int k = 1; k <= rs.get(0).samples(); k++) {
            int kk = k;
            out.add(Interval.ofMean(rs.stream().mapToDouble(r -> perItem.applyAsDouble(r, kk)).toArray(), new SplittableRandom(0)));
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
            XYSeries s = chart.addSeries("oracle " + e.getKey(), new double[] {x}, new double[] {oracle(rs)});
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /** maj@k and pass@k of one sampling system for k = 1..N, each with its 95% interval: the numbers of {@link #samplesChart}. */
    public static Table samplesTable(List<Run> runs, String system) {
        List<Interval> vote = majorityAtK(runs, system), oracle = passAtK(runs, system);
        List<SamplesRow> rows = new ArrayList<>();
        for (int k = 0; k < vote.size(); k++) rows.add(new SamplesRow(k + 1, vote.get(k).toString(), oracle.get(k).toString()));
        return Tables.of(system + ": vote and oracle against samples", SamplesRow.class, rows);
    }

    private record SamplesRow(@Tables.Name("samples k") int k, @Tables.Name("vote, maj@k [95% interval]") String vote,
            @Tables.Name("oracle, pass@k [95% interval]") String oracle) {}

    /**
     * A vote against a single-answer baseline item by item, from the same items: the items the baseline gets
     * wrong, on how many of them some sample is right, how many the vote rescues, how many the baseline gets
     * right and the vote loses, and how scattered the samples' answers are where the baseline is wrong (the
     * median number of distinct answers among the N). A vote can only rescue an item on which the right answer
     * is the most frequent, so many distinct answers mean little to rescue.
     */
    public static Table versus(List<Run> runs, String system, String baseline) {
        Map<String, Run> base = new LinkedHashMap<>();
        for (Run r : runs) if (r.system().equals(baseline)) base.put(r.item(), r);
        int items = 0, wrong = 0, someRight = 0, rescued = 0, lost = 0;
        List<Double> distinct = new ArrayList<>(); // per item where the baseline is wrong
        for (Run r : runs) {
            Run b = base.get(r.item());
            if (!r.system().equals(system) || b == null) continue;
            items++;
            if (b.score() >= 1) {
                if (r.score() < 1) lost++;
                continue;
            }
            wrong++;
            if (r.samplesCorrect() > 0) someRight++;
            if (r.score() >= 1) rescued++;
            distinct.add((double) r.answers().stream().filter(a -> !a.isEmpty()).distinct().count());
        }
        if (items == 0) throw new IllegalArgumentException("no item has runs of both '" + system + "' and '" + baseline + "'");
        return Tables.of(system + " against " + baseline + ", item by item", VersusRow.class, List.of(new VersusRow(items,
                wrong, someRight, rescued, lost, distinct.isEmpty() ? Double.NaN
                : Measure.median(distinct.stream().mapToDouble(Double::doubleValue).toArray()))));
    }

    private record VersusRow(int items, @Tables.Name("baseline wrong") int wrong,
            @Tables.Name("of those, some sample right") int someRight, @Tables.Name("vote rescues") int rescued,
            @Tables.Name("vote loses") int lost,
            @Tables.Name("distinct answers where the baseline is wrong (median)") double distinct) {}

    /**
     * A sampling system's vote (maj@k) and oracle (pass@k, dashed) against the number of samples k, each with
     * its 95% intervals, beside a single-answer {@code baseline} system's accuracy (dashed, flat): where the vote
     * overtakes the baseline, if it does, and how much of the oracle's headroom it leaves.
     */
    public static XYChart samplesChart(List<Run> runs, String system, String baseline) {
        XYChart chart = Charts.line(system + ": vote and oracle against samples (95% intervals)", "samples k", "accuracy");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        List<Interval> vote = majorityAtK(runs, system);
        double[] k = IntStream.rangeClosed(1, vote.size()).asDoubleStream().toArray();
        Charts.addWithIntervals(chart, "vote, maj@k", k, vote);
        Charts.dashed(Charts.addWithIntervals(chart, "oracle, pass@k", k, passAtK(runs, system)));
        Interval base = accuracy(runs.stream().filter(r -> r.system().equals(baseline)).toList());
        Charts.dashed(Charts.addWithIntervals(chart, baseline, new double[] {1, k.length}, List.of(base, base)));
        return chart;
    }
}
