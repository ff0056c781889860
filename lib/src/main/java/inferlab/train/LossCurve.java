package inferlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The loss curve of a training log as a PNG: training loss per step and validation loss where measured. */
public final class LossCurve {
    private LossCurve() {}

    public static XYChart chart(List<Trainer.LogRow> log) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Training loss")
                .xAxisTitle("tokens seen").yAxisTitle("cross-entropy (nats/token)").build();
        if (log.isEmpty()) return chart;
        chart.addSeries("train", log.stream().mapToDouble(Trainer.LogRow::tokens).toArray(),
                log.stream().mapToDouble(Trainer.LogRow::trainLoss).toArray());
        List<Trainer.LogRow> val = log.stream().filter(r -> !Double.isNaN(r.validationLoss())).toList();
        if (!val.isEmpty()) {
            chart.addSeries("validation", val.stream().mapToDouble(Trainer.LogRow::tokens).toArray(),
                    val.stream().mapToDouble(Trainer.LogRow::validationLoss).toArray());
        }
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    public static void write(List<Trainer.LogRow> log, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart(log), png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
