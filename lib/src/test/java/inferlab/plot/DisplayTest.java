package inferlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class DisplayTest {
    @Test
    void pngBundleCarriesTheImageAndTheTitle() {
        XYChart chart = Charts.line("Perplexity by step", "step", "ppl");
        chart.addSeries("s", new double[] {1, 2}, new double[] {5, 4});
        byte[] png = Charts.toPng(chart);
        Map<String, String> bundle = Display.pngBundle(png, chart.getTitle());
        assertEquals(List.of("image/png", "text/plain"), List.copyOf(bundle.keySet()));
        assertArrayEquals(png, Base64.getDecoder().decode(bundle.get("image/png")));
        assertEquals("Perplexity by step", bundle.get("text/plain"));
        assertEquals("figure", Display.pngBundle(png, " ").get("text/plain"));
    }

    @Test
    void markdownAndLatexBundles() {
        Map<String, String> md = Display.bundle("text/markdown", "**bold** $x$", "**bold** $x$");
        assertEquals("**bold** $x$", md.get("text/markdown"));
        assertEquals("**bold** $x$", md.get("text/plain"));
        Map<String, String> latex = Display.latexBundle("e^{i\\pi} = -1");
        assertEquals("$$e^{i\\pi} = -1$$", latex.get("text/latex"));
        assertEquals("e^{i\\pi} = -1", latex.get("text/plain"));
    }

    @Test
    void outsideANotebookPrintsThePlainText() {
        assertFalse(Frontend.publish(Display.bundle("text/html", "<b>x</b>", "x")), "no kernel in this JVM");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Display.latex("\\frac{a}{b}");
            Display.markdown("*hi*");
        } finally {
            System.setOut(stdout);
        }
        assertEquals("\\frac{a}{b}\n*hi*\n", captured.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }
}
