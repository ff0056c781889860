package inferlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The loss curve of a training log as a PNG: training loss as a moving average over {@value #WINDOW} steps
 * (single batches are noisy) and validation loss where measured.
 */
public final class LossCurve {
    private LossCurve() {}

    static final int WINDOW = 50;

    public static XYChart chart(List<Trainer.LogRow> log) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Training loss")
                .xAxisTitle("tokens seen (millions)").yAxisTitle("cross-entropy (nats/token)").build();
        if (log.isEmpty()) return chart;
        double[] smooth = new double[log.size()];
        for (int i = 0; i < log.size(); i++) {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - WINDOW + 1); j <= i; j++) {
                double l = log.get(j).trainLoss();
                if (Double.isFinite(l)) { sum += l; n++; } // skipped (non-finite) steps are left out
            }
            smooth[i] = n == 0 ? Double.NaN : sum / n;
        }
        chart.addSeries("train (mean of " + WINDOW + " steps)", millions(log), smooth);
        List<Trainer.LogRow> val = log.stream().filter(r -> !Double.isNaN(r.validationLoss())).toList();
        if (!val.isEmpty()) {
            chart.addSeries("validation", millions(val),
                    val.stream().mapToDouble(Trainer.LogRow::validationLoss).toArray());
        }
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setXAxisDecimalPattern("0.#");
        return chart;
    }

    private static double[] millions(List<Trainer.LogRow> rows) {
        return rows.stream().mapToDouble(r -> r.tokens() / 1e6).toArray();
    }

    /** {@code LossCurve <training-log.csv> <out.png>}: redraws a model directory's curve. */
    public static void main(String[] args) {
        write(Trainer.LogRow.read(Path.of(args[0])), Path.of(args[1]));
    }

    public static void write(List<Trainer.LogRow> log, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart(log), png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
