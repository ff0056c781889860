package inferlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reader of an executed notebook sees: no stray log lines in its outputs, and an HTML export whose math
 * renders wherever the export is opened (checked in a real headless Chromium).
 */
class NotebookExportTest {
    @TempDir
    static Path out;
    static NotebookRunTest.Run run;

    @BeforeAll
    static void runOneNotebook() throws Exception {
        Path nb = out.resolve("export.ipynb");
        NotebookRunTest.notebook(nb,
                "var model = inferlab.model.Models.defaultModel();\nSystem.out.println(\"loaded \" + model.getClass().getSimpleName());",
                "inferlab.plot.Display.markdown(\"Euler: $e^{i\\\\pi} + 1 = 0$ and $$\\\\sum_{k=1}^{n} k = \\\\frac{n(n+1)}{2}$$\");\nmodel.close();");
        run = NotebookRunTest.runner(out.resolve("build"), nb.toString());
        assertEquals(0, run.exit(), run.output());
    }

    /** Loading a model starts DJL's engine, which logs a GPU probe at WARN; the kernel keeps such lines out. */
    @Test
    void outputsHoldNoLogLines() throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(out.resolve("build/notebooks/export.ipynb"))).getAsJsonObject();
        List<String> streams = new ArrayList<>();
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
            for (JsonElement o : outputs == null ? new JsonArray() : outputs) {
                JsonObject output = o.getAsJsonObject();
                if (output.get("output_type").getAsString().equals("stream")) {
                    JsonElement text = output.get("text");
                    StringBuilder sb = new StringBuilder();
                    if (text.isJsonArray()) text.getAsJsonArray().forEach(l -> sb.append(l.getAsString()));
                    else sb.append(text.getAsString());
                    streams.add(output.get("name").getAsString() + ": " + sb);
                }
            }
        }
        assertTrue(streams.stream().anyMatch(s -> s.startsWith("stdout: loaded ")), "the model cell ran: " + streams);
        for (String s : streams) {
            assertFalse(s.startsWith("stderr"), "a stderr output in the notebook: " + s);
            assertFalse(s.matches("(?s).*\\b(WARN|INFO|DEBUG)\\b.*"), "a log line in the notebook: " + s);
        }
    }

    /**
     * The export, copied alone with its mathjax/ folder to a fresh directory (as in the hand-in), opened in
     * headless Chromium: MathJax typesets the formulas (CommonHTML output elements) and no raw TeX is left.
     */
    @Test
    void htmlExportRendersItsMathInHeadlessChromium(@TempDir Path elsewhere) throws Exception {
        String browser = Stream.of("chromium", "chromium-browser", "google-chrome").map(NotebookExportTest::onPath)
                .filter(p -> p != null).findFirst().orElse(null);
        assumeTrue(browser != null, "no chromium on PATH: install Debian's chromium (apt-get install chromium) to check"
                + " that exported HTML renders its math; skipped");
        Path html = out.resolve("build/html/export.html");
        String page = Files.readString(html);
        assertFalse(page.contains("file:///usr/share/javascript/mathjax"), "the export must not point at this machine's MathJax");
        assertTrue(page.contains("https://cdn.jsdelivr.net/npm/mathjax@2"), "a public fallback when mathjax/ is missing");
        Files.copy(html, elsewhere.resolve("export.html"));
        copyTree(out.resolve("build/html/mathjax"), elsewhere.resolve("mathjax"));

        String dom = dumpDom(browser, elsewhere.resolve("export.html"));
        assertTrue(dom.contains("class=\"mjx-chtml"), "MathJax CommonHTML output in the rendered page");
        assertTrue(dom.contains("MathJax_CHTML_Display") || dom.contains("mjx-chtml MJXc-display"), "the display formula rendered");
        assertFalse(dom.contains("$e^{i\\pi} + 1 = 0$"), "raw TeX left in the page");
    }

    private static String dumpDom(String browser, Path page) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        ProcessBuilder pb = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--allow-file-access-from-files",
                "--virtual-time-budget=20000", "--dump-dom", page.toUri().toString());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
        return dom;
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
