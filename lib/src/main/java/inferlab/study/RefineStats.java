package inferlab.study;

import inferlab.plot.Charts;
import inferlab.plot.Tables;
import inferlab.prob.Interval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * What iterative refinement does to correctness, from one vector per item: {@code correct[j][i]} is whether
 * item j's answer after iteration i (0 = the draft) is right. With n items and iterations 0..T:
 * <pre>
 * accuracy(i)       = (1/n) Σ_j c[j][i]
 * bestSoFar(i)      = (1/n) Σ_j max_{k ≤ i} c[j][k]           (an oracle picks the best iteration so far)
 * keep(i)           = P(c[i+1] = 1 | c[i] = 1) = #{c[i] = 1, c[i+1] = 1} / #{c[i] = 1}
 * fix(i)            = P(c[i+1] = 1 | c[i] = 0) = #{c[i] = 0, c[i+1] = 1} / #{c[i] = 0}
 * </pre>
 * A refinement step helps on average iff {@code accuracy(i+1) > accuracy(i)}, i.e. iff
 * {@code fix(i)·(1 − accuracy(i)) > (1 − keep(i))·accuracy(i)}: it must repair more than it breaks.
 * A conditional with an empty condition is NaN. Transition arrays have T entries, i = 0..T−1.
 */
public record RefineStats(int items, double[] accuracy, double[] bestSoFar, double[] keep, double[] fix) {

    public static RefineStats of(boolean[][] correct) {
        if (correct.length == 0) throw new IllegalArgumentException("need at least one item");
        int iterations = correct[0].length;
        if (iterations == 0) throw new IllegalArgumentException("need at least one iteration per item");
        for (boolean[] row : correct) {
            if (row.length != iterations) throw new IllegalArgumentException("every item needs " + iterations + " iterations, got " + row.length);
        }
        int n = correct.length;
        double[] acc = new double[iterations], best = new double[iterations];
        double[] keep = new double[iterations - 1], fix = new double[iterations - 1];
        for (int i = 0; i < iterations; i++) {
            int right = 0, everRight = 0;
            for (boolean[] row : correct) {
                if (row[i]) right++;
                for (int k = 0; k <= i; k++) {
                    if (row[k]) {
                        everRight++;
                        break;
                    }
                }
            }
            acc[i] = (double) right / n;
            best[i] = (double) everRight / n;
        }
        for (int i = 0; i + 1 < iterations; i++) {
            keep[i] = transition(correct, i, true);
            fix[i] = transition(correct, i, false);
        }
        return new RefineStats(n, acc, best, keep, fix);
    }

    /** P(c[i+1] = 1 | c[i] = from), NaN when no item has c[i] = from. */
    public static double transition(boolean[][] correct, int i, boolean from) {
        int given = 0, right = 0;
        for (boolean[] row : correct) {
            if (row[i] != from) continue;
            given++;
            if (row[i + 1]) right++;
        }
        return given == 0 ? Double.NaN : (double) right / given;
    }

    /**
     * One row per configuration: accuracy at each iteration, best-so-far after the last, and the mean over
     * transitions of P(right | right) and P(right | wrong) (NaN transitions left out).
     */
    public static Table table(String title, Map<String, RefineStats> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("need at least one configuration");
        int iterations = runs.values().iterator().next().accuracy.length;
        runs.forEach((n, s) -> {
            if (s.accuracy.length != iterations) {
                throw new IllegalArgumentException("every configuration needs " + iterations + " iterations, "
                        + n + " has " + s.accuracy.length);
            }
        });
        List<ConfigurationRow> rows = new ArrayList<>();
        runs.forEach((n, s) -> rows.add(new ConfigurationRow(n, s.items, s.bestSoFar[iterations - 1],
                Arrays.stream(s.keep).filter(p -> !Double.isNaN(p)).average().orElse(Double.NaN),
                Arrays.stream(s.fix).filter(p -> !Double.isNaN(p)).average().orElse(Double.NaN))));
        Table t = Tables.of(title, ConfigurationRow.class, rows);
        for (int i = 0; i < iterations; i++) { // one column per iteration, right after items
            DoubleColumn acc = DoubleColumn.create(i == 0 ? "draft" : "round " + i);
            for (RefineStats s : runs.values()) acc.append(s.accuracy[i]);
            t.insertColumn(2 + i, acc);
        }
        return t;
    }

    private record ConfigurationRow(String configuration, int items, @Tables.Name("best-so-far") double bestSoFar,
            @Tables.Name("P(right|right)") double keep, @Tables.Name("P(right|wrong)") double fix) {}

    /**
     * Wilson's 95% interval of accuracy(i) for every iteration i, from the k of n items right after it. With
     * 30 items a half-width is about ±0.17 near 0.5; the same items are scored at every iteration, so the
     * transitions (keep, fix) are the more sensitive, paired view.
     */
    public Interval[] accuracyIntervals() {
        return IntStream.range(0, accuracy.length).mapToObj(i -> Interval.wilson(Math.round(accuracy[i] * items), items))
                .toArray(Interval[]::new);
    }

    /**
     * Wilson's 95% interval of keep(i) ({@code from} true) or fix(i) for every transition i, null where the
     * condition is empty. keep(i) conditions on the accuracy(i)·n items right at i, fix(i) on the others, so
     * a transition's interval is wide when few items start on its side.
     */
    public Interval[] transitionIntervals(boolean from) {
        double[] p = from ? keep : fix;
        return IntStream.range(0, p.length).mapToObj(i -> {
            long right = Math.round(accuracy[i] * items), given = from ? right : items - right;
            return given == 0 ? null : Interval.wilson(Math.round(p[i] * given), given);
        }).toArray(Interval[]::new);
    }

    /**
     * Accuracy per iteration with its 95% interval (solid) and the oracle best-so-far (dashed), one colour per
     * configuration; configurations are offset by 0.05 along x so that their interval bars do not overlap.
     */
    public static XYChart accuracyChart(String title, Map<String, RefineStats> runs) {
        XYChart chart = unitChart(title, "iteration (0 = draft)", "accuracy (95% interval)", iterations(runs) - 1);
        int k = 0;
        for (Map.Entry<String, RefineStats> e : runs.entrySet()) {
            RefineStats s = e.getValue();
            double shift = 0.05 * (k++ - (runs.size() - 1) / 2.0);
            double[] x = IntStream.range(0, s.accuracy.length).mapToDouble(i -> i + shift).toArray();
            XYSeries acc = Charts.addWithIntervals(chart, e.getKey(), x, List.of(s.accuracyIntervals()));
            style(acc, acc.getLineColor(), false);
            style(chart.addSeries(e.getKey() + " best-so-far", x, s.bestSoFar), acc.getLineColor(), true);
        }
        return chart;
    }

    /**
     * A line chart over the whole-numbered steps 0..last, labelled on those steps only (the x axis runs a step beyond
     * both ends), whose y axis is a probability.
     */
    private static XYChart unitChart(String title, String xLabel, String yLabel, int last) {
        XYChart chart = Charts.line(title, xLabel, yLabel);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setMarkerSize(7);
        chart.getStyler().setYAxisDecimalPattern("0.0#");
        // XChart spaces ticks by a hint in pixels: about 1.2 steps' width (the plot is roughly the chart less its legend
        // and y axis) makes it choose a step of one
        int perStep = (int) (1.2 * (chart.getWidth() - 250) / (last + 1.0));
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(last + 0.5).setXAxisTickMarkSpacingHint(Math.max(perStep, 10));
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static int iterations(Map<String, RefineStats> runs) {
        return runs.values().stream().mapToInt(s -> s.accuracy.length).max().orElse(1);
    }

    /**
     * keep(i) = P(correct at i+1 | correct at i) (solid) and fix(i) = P(correct at i+1 | incorrect at i)
     * (dashed) against i, each with its 95% interval ({@link #transitionIntervals}), keep and fix offset along x so
     * that their bars do not overlap; NaN points (an empty condition) are left out.
     */
    public static XYChart transitionChart(String title, Map<String, RefineStats> runs) {
        XYChart chart = unitChart(title, "transition i -> i+1", "probability (95% interval)",
                Math.max(0, iterations(runs) - 2));
        int k = 0;
        for (Map.Entry<String, RefineStats> e : runs.entrySet()) {
            Color color = color(chart, k);
            double shift = 0.04 * (2 * k++ - (2 * runs.size() - 1) / 2.0);
            addFinite(chart, e.getKey() + " keep", e.getValue().transitionIntervals(true), shift, color, false);
            addFinite(chart, e.getKey() + " fix", e.getValue().transitionIntervals(false), shift + 0.04, color, true);
        }
        return chart;
    }

    private static void addFinite(XYChart chart, String name, Interval[] ci, double shift, Color color, boolean dashed) {
        int[] at = IntStream.range(0, ci.length).filter(i -> ci[i] != null).toArray();
        if (at.length == 0) return;
        style(Charts.addWithIntervals(chart, name, Arrays.stream(at).mapToDouble(i -> i + shift).toArray(),
                Arrays.stream(at).mapToObj(i -> ci[i]).toList(), color), color, dashed);
    }

    /** One colour per configuration, so its two lines read as a pair. */
    private static Color color(XYChart chart, int k) {
        Color[] palette = chart.getStyler().getSeriesColors();
        return palette[k % palette.length];
    }

    private static void style(XYSeries s, Color color, boolean dashed) {
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        if (dashed) Charts.dashed(s);
        else s.setLineStyle(new BasicStroke(2f));
    }
}
