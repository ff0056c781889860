package inferlab.plot;

import inferlab.prob.Interval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart charts with the course's defaults (size, fonts, legend, white background), ready for
 * {@code chart.addSeries(...)} and {@link Display#png}. Every chart of the notebooks starts here, so the
 * figures in the hand-in look alike.
 */
public final class Charts {
    /** Pixel size of every chart: wide enough for a notebook column, readable when printed. */
    public static final int WIDTH = 720, HEIGHT = 420;

    private Charts() {}

    /** Line chart: one line per series, no markers. */
    public static XYChart line(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    /** Scatter chart: one dot per point. */
    public static XYChart scatter(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setSeriesMarkers(new org.knowm.xchart.style.markers.Marker[] {SeriesMarkers.CIRCLE});
        return chart;
    }

    /** Draws {@code s} dashed: the course's style for a model's or an oracle's line next to a measured one. */
    public static XYSeries dashed(XYSeries s) {
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        return s;
    }

    /**
     * Estimates as a line with markers, and each one's 95% interval as a vertical bar in the same colour. The
     * bars are drawn from the interval's own ends, so an asymmetric interval (Wilson's near 0 or 1, a
     * bootstrap's) is shown as it is; XChart's own error bars are symmetric. Returns the estimates' series.
     */
    public static XYSeries addWithIntervals(XYChart chart, String name, double[] x, List<Interval> ci) {
        return addWithIntervals(chart, name, x, ci, nextColour(chart));
    }

    /** As {@link #addWithIntervals(XYChart, String, double[], List)}, in colour {@code c}. */
    public static XYSeries addWithIntervals(XYChart chart, String name, double[] x, List<Interval> ci, Color c) {
        if (x.length != ci.size()) throw new IllegalArgumentException("need one interval per x");
        return addWithBars(chart, name, x, ci.stream().mapToDouble(Interval::estimate).toArray(),
                ci.stream().mapToDouble(Interval::low).toArray(), ci.stream().mapToDouble(Interval::high).toArray(),
                "95% interval", c);
    }

    /**
     * As {@link #addWithIntervals(XYChart, String, double[], List)} for a range that is not a confidence interval:
     * each estimate with a bar from {@code low[i]} to {@code high[i]} (the slowest and fastest of a few timed runs,
     * say).
     */
    public static XYSeries addWithRanges(XYChart chart, String name, double[] x, double[] estimate, double[] low,
                                         double[] high) {
        if (x.length != estimate.length || x.length != low.length || x.length != high.length) {
            throw new IllegalArgumentException("need one estimate, low and high per x");
        }
        return addWithBars(chart, name, x, estimate, low, high, "range", nextColour(chart));
    }

    /** The palette's colour after those of the series already in the legend. */
    private static Color nextColour(XYChart chart) {
        long shown = chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).count();
        Color[] palette = chart.getStyler().getSeriesColors();
        return palette[(int) (shown % palette.length)];
    }

    private static XYSeries addWithBars(XYChart chart, String name, double[] x, double[] estimate, double[] low,
                                        double[] high, String barName, Color c) {
        XYSeries s = chart.addSeries(name, x, estimate);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(SeriesMarkers.CIRCLE);
        for (int i = 0; i < x.length; i++) {
            XYSeries bar = chart.addSeries(name + " (" + barName + " " + i + ")", new double[] {x[i], x[i]},
                    new double[] {low[i], high[i]});
            bar.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            bar.setShowInLegend(false);
            bar.setLineColor(c);
            bar.setLineStyle(new BasicStroke(1.5f));
            bar.setMarker(SeriesMarkers.NONE);
        }
        return s;
    }

    /** Bar chart over categories; several series are drawn side by side. */
    public static CategoryChart bar(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.8);
        return chart;
    }

    /**
     * Adds a bar series of estimates with their 95% intervals as error bars. XChart draws a category chart's
     * error bars symmetric, so each bar spans the interval's larger side, {@code max(estimate − low, high − estimate)}: never narrower
     * than the interval (Wilson's and the bootstrap's are asymmetric near 0 and 1).
     */
    public static CategorySeries addWithIntervals(CategoryChart chart, String name, List<String> categories,
                                                  List<Interval> intervals) {
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        return chart.addSeries(name, categories, intervals.stream().map(Interval::estimate).toList(),
                intervals.stream().map(Charts::halfWidth).toList());
    }

    private static double halfWidth(Interval i) {
        return Math.max(i.estimate() - i.low(), i.high() - i.estimate());
    }

    /** The values as a list, the form XChart's {@code addSeries} takes for category charts. */
    public static List<Double> toList(float[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (float v : values) list.add((double) v);
        return list;
    }

    /** The chart rendered as a PNG image (log axes made readable first, {@link #readableLogAxes}). */
    public static byte[] toPng(Chart<?, ?> chart) {
        if (chart instanceof XYChart xy) readableLogAxes(xy);
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * XChart labels a logarithmic axis at powers of ten only, so data within one or two decades (a roofline's
     * 10–90 TFLOP/s) gets a single label. Such an axis is labelled at 1–9 × 10^k as well; wider ones keep
     * their decade labels, which stay apart.
     */
    static void readableLogAxes(XYChart chart) {
        AxesChartStyler s = chart.getStyler();
        if (s.isXAxisLogarithmic()) s.setXAxisLogarithmicDecadeOnly(decadeLabels(chart, true) >= 2);
        if (s.isYAxisLogarithmic()) s.setYAxisLogarithmicDecadeOnly(decadeLabels(chart, false) >= 2);
    }

    /** Powers of ten within the range of the chart's positive x (or y) data, explicit axis bounds included. */
    static int decadeLabels(XYChart chart, boolean x) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : x ? series.getXData() : series.getYData()) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        Double min = x ? chart.getStyler().getXAxisMin() : chart.getStyler().getYAxisMin();
        Double max = x ? chart.getStyler().getXAxisMax() : chart.getStyler().getYAxisMax();
        if (min != null && min > 0) lo = min;
        if (max != null && max > 0) hi = max;
        if (!(hi >= lo)) return 0;
        return (int) (Math.floor(Math.log10(hi) + 1e-9) - Math.ceil(Math.log10(lo) - 1e-9)) + 1;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleBoxVisible(false);
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
    }
}
