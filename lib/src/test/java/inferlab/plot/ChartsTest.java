package inferlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

class ChartsTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static BufferedImage decode(byte[] png) throws IOException {
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), "PNG signature");
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    @Test
    void lineChartRendersAsPngOfTheDefaultSize() throws IOException {
        XYChart chart = Charts.line("loss", "step", "nats");
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3.0, 2.1, 1.7});
        BufferedImage image = decode(Charts.toPng(chart));
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
    }

    @Test
    void seriesAreDrawn() throws IOException {
        XYChart empty = Charts.scatter("points", "x", "y");
        empty.addSeries("none", new double[] {0}, new double[] {0});
        XYChart full = Charts.scatter("points", "x", "y");
        full.addSeries("some", new double[] {0, 1, 2, 3}, new double[] {0, 3, 1, 2});
        assertNotEquals(distinctColours(decode(Charts.toPng(empty))), distinctColours(decode(Charts.toPng(full))));
    }

    @Test
    void barChartTakesFloatValues() throws IOException {
        CategoryChart chart = Charts.bar("p", "token", "probability");
        chart.addSeries("T = 1", List.of("a", "b"), Charts.toList(new float[] {0.25f, 0.75f}));
        assertEquals(List.of(0.25, 0.75), Charts.toList(new float[] {0.25f, 0.75f}));
        assertEquals(Charts.WIDTH, decode(Charts.toPng(chart)).getWidth());
    }

    private static long distinctColours(BufferedImage image) {
        return Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))
                .distinct().count();
    }

    /** A log axis over less than two decades gets labels between the powers of ten; a wide one keeps decades. */
    @Test
    void narrowLogAxesAreLabelledBetweenDecades() throws IOException {
        XYChart narrow = Charts.line("roofline", "intensity", "TFLOP/s");
        narrow.addSeries("attained", new double[] {1, 10, 100}, new double[] {12, 40, 90});
        narrow.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        BufferedImage labelled = decode(Charts.toPng(narrow));
        assertFalse(narrow.getStyler().isYAxisLogarithmicDecadeOnly(), "12..90: no power of ten inside");
        assertTrue(narrow.getStyler().isXAxisLogarithmicDecadeOnly(), "1..100: three powers of ten inside");
        narrow.getStyler().setYAxisLogarithmicDecadeOnly(true);
        BufferedImage decadesOnly = decode(org.knowm.xchart.BitmapEncoder.getBitmapBytes(narrow, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG));
        assertTrue(darkPixelsLeft(labelled) > darkPixelsLeft(decadesOnly) + 100,
                "more y tick labels: " + darkPixelsLeft(labelled) + " vs " + darkPixelsLeft(decadesOnly));

        XYChart wide = Charts.line("wide", "x", "y");
        wide.addSeries("s", new double[] {1, 2, 3}, new double[] {0.01, 1, 1000});
        wide.getStyler().setYAxisLogarithmic(true);
        Charts.toPng(wide);
        assertTrue(wide.getStyler().isYAxisLogarithmicDecadeOnly());
        assertEquals(0, Charts.decadeLabels(narrow, false));
        assertEquals(6, Charts.decadeLabels(wide, false));
    }

    /** Dark pixels in the left 70 columns, where the y axis's tick labels are drawn. */
    private static int darkPixelsLeft(BufferedImage image) {
        int n = 0;
        for (int x = 0; x < 70; x++)
            for (int y = 0; y < image.getHeight(); y++) if ((image.getRGB(x, y) & 0xFF) < 128) n++;
        return n;
    }

    /** Each bucket of a reliability diagram carries the Wilson interval of its accuracy: wide for 4 items, narrow for 400. */
    @Test
    void reliabilityPointsCarryTheirBucketsWilsonIntervals() throws IOException {
        var few = new inferlab.prob.Calibration.Bin(0.6, 0.7, 4, 0.65, 0.75);
        var many = new inferlab.prob.Calibration.Bin(0.9, 1.0, 400, 0.95, 0.9);
        var report = new inferlab.prob.Calibration.Report(1, List.of(few, many), 0, 0, 0, 0, 0.9);
        XYChart chart = ReliabilityDiagram.chart("calibration", java.util.Map.of("model", report));
        for (int i = 0; i < 2; i++) {
            var interval = i == 0 ? inferlab.prob.Interval.wilson(3, 4) : inferlab.prob.Interval.wilson(360, 400);
            double[] bar = chart.getSeriesMap().get("model (ECE 0.000) (95% interval " + i + ")").getYData();
            assertArrayEquals(new double[] {interval.low(), interval.high()}, bar, 1e-12);
        }
        assertEquals(Charts.WIDTH, decode(Charts.toPng(chart)).getWidth());
    }

    /** A range (not a confidence interval) is drawn as a bar from its low to its high end at each x. */
    @Test
    void rangesAreBarsFromLowToHigh() throws IOException {
        XYChart chart = Charts.line("timing", "prompt", "seconds");
        Charts.addWithRanges(chart, "measured", new double[] {1, 2}, new double[] {0.5, 0.7}, new double[] {0.4, 0.6},
                new double[] {0.9, 0.8});
        assertArrayEquals(new double[] {0.4, 0.9}, chart.getSeriesMap().get("measured (range 0)").getYData(), 0);
        assertArrayEquals(new double[] {0.6, 0.8}, chart.getSeriesMap().get("measured (range 1)").getYData(), 0);
        assertArrayEquals(new double[] {0.5, 0.7}, chart.getSeriesMap().get("measured").getYData(), 0);
        assertEquals(Charts.WIDTH, decode(Charts.toPng(chart)).getWidth());
    }
}
