package inferlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
}
