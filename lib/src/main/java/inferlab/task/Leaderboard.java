package inferlab.task;

import inferlab.plot.Charts;
import inferlab.plot.TableImage;
import inferlab.plot.Tables;
import inferlab.prob.Interval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The shared task's leaderboard over a set of runs ({@link SharedTaskResult}s): accuracy per task and overall,
 * requests served, throughput, latency, distance to the accuracy–throughput Pareto frontier and grade tier.
 *
 * <p>The grade anchors are the accuracies of the basic baseline (80%), the improved baseline (90%) and the best
 * run (100%) ({@link Grade}). Efficiency is credited only to runs at or above the basic baseline's accuracy:
 * a run below it has credited throughput 0. The frontier is taken over (accuracy, credited throughput), each
 * axis scaled by its maximum ({@link ParetoFrontier}).
 */
public final class Leaderboard {

    /** One run's row. */
    public record Row(String system, String split, double accuracy, Interval accuracyInterval,
                      Map<String, Interval> accuracyPerTask, int served, int requests, double throughput,
                      Interval throughputInterval, double creditedThroughput, double p50Latency, double p99Latency,
                      boolean onFrontier, double frontierDistance, double grade, String tier) {}

    private final List<Row> rows;
    private final ParetoFrontier frontier;
    private final Grade grade;

    /**
     * @param basic  the system name of the basic baseline (e.g. "baseline-b")
     * @param strong the system name of the improved baseline (e.g. "baseline-a")
     */
    public Leaderboard(List<SharedTaskResult> results, String basic, String strong) {
        if (results.isEmpty()) throw new IllegalArgumentException("no results for a leaderboard");
        double basicAcc = accuracyOf(results, basic), strongAcc = accuracyOf(results, strong);
        double best = results.stream().mapToDouble(r -> r.summary().accuracy()).max().orElseThrow();
        this.grade = new Grade(basicAcc, Math.max(basicAcc, strongAcc), Math.max(best, Math.max(basicAcc, strongAcc)));
        List<ParetoFrontier.Point> points = new ArrayList<>();
        for (SharedTaskResult r : results) {
            points.add(new ParetoFrontier.Point(r.system(), r.summary().accuracy(), credited(r, basicAcc)));
        }
        this.frontier = new ParetoFrontier(points);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            SharedTaskResult r = results.get(i);
            SharedTaskResult.Summary s = r.summary();
            ParetoFrontier.Point p = points.get(i);
            out.add(new Row(r.system(), r.split(), s.accuracy(), r.accuracyInterval(), perTaskIntervals(r), s.served(),
                    s.requests(), s.throughput(), r.throughputInterval(), p.throughput(), s.p50Latency(), s.p99Latency(),
                    frontier.frontier().contains(p),
                    frontier.distance(p), grade.percent(s.accuracy()), grade.tier(s.accuracy())));
        }
        out.sort(Comparator.comparingDouble(Row::accuracy).reversed().thenComparing(Row::system));
        this.rows = List.copyOf(out);
    }

    /** The leaderboard of the stored baselines ({@code baselines}) plus any other runs, anchored on baseline-b/-a. */
    public static Leaderboard of(List<SharedTaskResult> results) {
        return new Leaderboard(results, "baseline-b", "baseline-a");
    }

    /** Throughput counted for efficiency: the run's, if its accuracy reaches the basic baseline's; else 0. */
    static double credited(SharedTaskResult r, double basicAccuracy) {
        return r.summary().accuracy() >= basicAccuracy ? r.summary().throughput() : 0;
    }

    private static double accuracyOf(List<SharedTaskResult> results, String system) {
        return results.stream().filter(r -> r.system().equals(system)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run of " + system + " among the results; the grade is anchored on it"))
                .summary().accuracy();
    }

    /** Each task's accuracy with its 95% interval ({@link Interval#ofMean}; unserved requests score 0). */
    private static Map<String, Interval> perTaskIntervals(SharedTaskResult r) {
        Map<String, double[]> scores = r.scoresByTask();
        Map<String, Interval> out = new LinkedHashMap<>();
        for (String task : SharedTask.TASKS) {
            if (scores.containsKey(task)) out.put(task, Interval.ofMean(scores.get(task), new SplittableRandom(0)));
        }
        return out;
    }

    /** Rows by decreasing accuracy. */
    public List<Row> rows() {
        return rows;
    }

    public ParetoFrontier frontier() {
        return frontier;
    }

    public Grade grade() {
        return grade;
    }

    /** The leaderboard as a table: one row per run. */
    public Table table() {
        Table t = Tables.of("Shared task leaderboard (" + rows.get(0).split() + ")", TableRow.class, rows.stream()
                .map(r -> new TableRow(r.system(), r.accuracyInterval().toString(), r.served(), r.requests(),
                        r.throughputInterval().toString(), r.creditedThroughput(), r.p50Latency(), r.p99Latency(),
                        r.frontierDistance(), r.grade(), r.tier()))
                .toList());
        for (int i = 0; i < SharedTask.TASKS.size(); i++) {
            String task = SharedTask.TASKS.get(i);
            StringColumn c = StringColumn.create(task);
            for (Row r : rows) {
                Interval v = r.accuracyPerTask().get(task);
                c.append(v == null ? "" : v.toString());
            }
            t.insertColumn(2 + i, c); // the tasks' accuracies right after the overall one
        }
        return t;
    }

    /** Accuracies and throughput are shown as "estimate [95% interval]". */
    private record TableRow(String system, @Tables.Name("accuracy [95%]") String accuracy, int served, int requests,
            @Tables.Name("throughput (req/s) [95%]") String throughput, @Tables.Name("credited (req/s)") double credited,
            @Tables.Name("p50 latency (s)") double p50, @Tables.Name("p99 latency (s)") double p99,
            @Tables.Name("frontier distance") double frontierDistance, @Tables.Name("grade (%)") double grade, String tier) {}

    /**
     * Accuracy of each task (bars grouped by task, one series per run) and the overall accuracy, with 95% intervals
     * as error bars.
     */
    public CategoryChart accuracyChart() {
        CategoryChart c = Charts.bar("Shared task: accuracy per task (95% intervals)", "task", "accuracy");
        List<String> categories = new ArrayList<>(SharedTask.TASKS);
        categories.add("mean");
        for (Row r : rows) {
            List<Interval> values = new ArrayList<>();
            for (String t : SharedTask.TASKS) values.add(r.accuracyPerTask().getOrDefault(t, new Interval(0, 0, 0)));
            values.add(r.accuracyInterval());
            Charts.addWithIntervals(c, r.system(), categories, values);
        }
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        return c;
    }

    /**
     * Accuracy against credited throughput, one point per run with its accuracy interval as an error bar and its
     * throughput interval as a horizontal segment, and the Pareto frontier drawn as the staircase that bounds the
     * dominated region.
     */
    public XYChart frontierChart() {
        XYChart c = Charts.scatter("Accuracy vs throughput (Pareto frontier)", "credited throughput (requests/s)", "accuracy");
        List<double[]> stairs = staircase(frontier.frontier());
        XYSeries line = c.addSeries("Pareto frontier", stairs.stream().mapToDouble(p -> p[0]).toArray(),
                stairs.stream().mapToDouble(p -> p[1]).toArray());
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        for (Row r : rows) {
            XYSeries point = Charts.addWithIntervals(c, r.system() + " (" + r.tier() + ")",
                    new double[] {r.creditedThroughput()}, List.of(r.accuracyInterval()));
            if (r.creditedThroughput() > 0) { // the throughput interval, in the point's colour
                XYSeries span = c.addSeries(r.system() + " throughput 95%",
                        new double[] {r.throughputInterval().low(), r.throughputInterval().high()},
                        new double[] {r.accuracy(), r.accuracy()});
                span.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                span.setMarker(SeriesMarkers.NONE);
                span.setShowInLegend(false);
                span.setLineColor(point.getMarkerColor());
            }
        }
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    /**
     * The frontier's staircase as a polyline: from (0, a_0) across to (t_0, a_0), down to (t_0, a_1), across to
     * (t_1, a_1), ..., down to (t_k, 0), for frontier points by increasing throughput t (decreasing accuracy a).
     */
    public static List<double[]> staircase(List<ParetoFrontier.Point> frontier) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < frontier.size(); i++) {
            ParetoFrontier.Point p = frontier.get(i);
            out.add(new double[] {i == 0 ? 0 : frontier.get(i - 1).throughput(), p.accuracy()});
            out.add(new double[] {p.throughput(), p.accuracy()});
        }
        if (!frontier.isEmpty()) out.add(new double[] {frontier.get(frontier.size() - 1).throughput(), 0});
        return out;
    }

    /**
     * Writes the report figures into {@code dir}: the table as PNG and CSV, the per-task accuracy chart and
     * the frontier chart as PNG and PDF. Returns the files written.
     */
    public List<Path> export(Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            Table t = table();
            files.add(write(dir.resolve("results-table.png"), TableImage.png(t)));
            Path csv = dir.resolve("results-table.csv");
            t.write().csv(csv.toFile());
            files.add(csv);
            files.addAll(chart(dir, "accuracy-per-task", accuracyChart()));
            files.addAll(chart(dir, "frontier", frontierChart()));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write figures to " + dir, e);
        }
    }

    private static List<Path> chart(Path dir, String name, Chart<?, ?> chart) throws IOException {
        Path png = write(dir.resolve(name + ".png"), Charts.toPng(chart));
        Path pdf = dir.resolve(name + ".pdf");
        VectorGraphicsEncoder.saveVectorGraphic(chart, pdf.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
        return List.of(png, pdf);
    }

    private static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }
}
