package inferlab.plot;

import inferlab.prob.Calibration;
import inferlab.prob.Interval;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Reliability diagrams and their summary table for named {@link Calibration.Report}s (a model at T = 1 and
 * at a fitted T, say): accuracy against mean confidence per non-empty bucket, against the diagonal of
 * perfect calibration, each point with the 95% Wilson interval of its accuracy as an error bar (a bucket may hold a
 * handful of items, and its point then says little).
 */
public final class ReliabilityDiagram {
    private ReliabilityDiagram() {}

    /** One line of points per report, its ECE in the legend; empty buckets are left out. */
    public static XYChart chart(String title, Map<String, Calibration.Report> reports) {
        XYChart chart = Charts.line(title, "mean confidence in bucket", "accuracy in bucket");
        chart.getStyler().setMarkerSize(8); // a bucket may hold few items: show each as a point
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setLineColor(Color.BLACK);
        diagonal.setMarker(SeriesMarkers.NONE);
        reports.forEach((name, r) -> {
            var bins = r.bins().stream().filter(b -> b.count() > 0).toList();
            Charts.addWithIntervals(chart, String.format(Locale.ROOT, "%s (ECE %.3f)", name, r.ece()),
                    bins.stream().mapToDouble(Calibration.Bin::confidence).toArray(),
                    bins.stream().map(b -> Interval.wilson(Math.round(b.accuracy() * b.count()), b.count())).toList());
        });
        return chart;
    }

    /** Accuracy, ECE, MacroCE, NLL, Brier and the items in each bucket, one row per report. */
    public static Table table(String title, Map<String, Calibration.Report> reports) {
        List<ReportRow> rows = new ArrayList<>();
        reports.forEach((n, r) -> rows.add(new ReportRow(n, r.accuracy(), r.ece(), r.macroCe(), r.nll(), r.brier(),
                r.bins().stream().map(b -> String.valueOf(b.count())).collect(Collectors.joining(" ")))));
        return Tables.of(title, ReportRow.class, rows);
    }

    private record ReportRow(String predictions, double accuracy, @Tables.Name("ECE") double ece,
            @Tables.Name("MacroCE") double macroCe, @Tables.Name("NLL") double nll, @Tables.Name("Brier") double brier,
            @Tables.Name("items per bucket") String counts) {}
}
