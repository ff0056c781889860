package inferlab.plot;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * Rich notebook output rendered by the library itself, so that it looks the same on every Java kernel.
 *
 * <p>Each call sends one Jupyter MIME bundle (mime type to content, with a {@code text/plain} fallback) to
 * the kernel this JVM runs in (see {@link Frontend}); outside a notebook it prints the plain-text form. The
 * notebook runner also saves every {@code image/png} output as a file under {@code build/figures/}, named
 * after the chart title this class puts in {@code text/plain}.
 */
public final class Display {
    private Display() {}

    /** Shows the chart as a PNG image. */
    public static void png(Chart<?, ?> chart) {
        show(pngBundle(Charts.toPng(chart), chart.getTitle()));
    }

    /** Shows a table as HTML (at most {@link Tables#MAX_ROWS} rows). */
    public static void html(Table table) {
        show(bundle("text/html", Tables.html(table), table.print()));
    }

    /** Shows an HTML fragment. */
    public static void html(String html) {
        show(bundle("text/html", html, html));
    }

    /** Shows Markdown (rendered by the notebook front end, including {@code $...$} math). */
    public static void markdown(String markdown) {
        show(bundle("text/markdown", markdown, markdown));
    }

    /** Shows a display-math formula, given without its {@code $$} delimiters. */
    public static void latex(String math) {
        show(latexBundle(math));
    }

    static Map<String, String> latexBundle(String math) {
        return bundle("text/latex", "$$" + math + "$$", math);
    }

    static Map<String, String> pngBundle(byte[] png, String caption) {
        String text = caption == null || caption.isBlank() ? "figure" : caption;
        return bundle("image/png", Base64.getEncoder().encodeToString(png), text);
    }

    static Map<String, String> bundle(String mime, String content, String plain) {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put(mime, content);
        bundle.put("text/plain", plain);
        return bundle;
    }

    static void show(Map<String, String> bundle) {
        if (!Frontend.publish(bundle)) System.out.println(bundle.get("text/plain"));
    }
}
