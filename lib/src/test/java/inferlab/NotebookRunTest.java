package inferlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: notebooks run through the real kernel and a real Jupyter client, via the same runner as
 * {@code environment/run-all.sh}. Needs Jupyter and the {@code inferlab-java} kernel, which
 * {@code environment/test.sh} installs before the tests.
 */
class NotebookRunTest {
    private static final Path HOME = Project.home();

    record Run(int exit, String output) {}

    static Run runner(Path out, String... notebooks) throws IOException, InterruptedException {
        return runner(out, 10, notebooks);
    }

    private static Run runner(Path out, int minutes, String... notebooks) throws IOException, InterruptedException {
        String python = System.getenv().getOrDefault("INFERLAB_PYTHON", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            fail(python + " not found: Jupyter is not installed. Run: bash environment/test.sh "
                    + "(or bash environment/setup.sh) to install Jupyter and the notebook kernel.");
        }
        List<String> command = new ArrayList<>(List.of(python,
                HOME.resolve("environment/run_notebooks.py").toString(), "--out", out.toString()));
        command.addAll(List.of(notebooks));
        ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true);
        pb.environment().put("INFERLAB_QUICK", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the notebook runner did not finish in " + minutes + " minutes:\n" + output);
        }
        return new Run(p.exitValue(), output);
    }

    static List<JsonObject> outputData(Path notebook) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        List<JsonObject> data = new ArrayList<>();
        for (JsonElement cell : nb.getAsJsonArray("cells")) {
            JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
            if (outputs == null) continue;
            for (JsonElement o : outputs) {
                if (o.getAsJsonObject().has("data")) data.add(o.getAsJsonObject().getAsJsonObject("data"));
            }
        }
        return data;
    }

    private static String text(JsonElement mimeValue) {
        if (!mimeValue.isJsonArray()) return mimeValue.getAsString();  // nbformat may split text into lines
        StringBuilder sb = new StringBuilder();
        mimeValue.getAsJsonArray().forEach(line -> sb.append(line.getAsString()));
        return sb.toString();
    }

    @Test
    void smokeNotebookShowsAnHtmlTableAndAPngChart(@TempDir Path out) throws Exception {
        Run run = runner(out, "00-smoke");
        assertEquals(0, run.exit(), "the smoke notebook failed:\n" + run.output());
        List<JsonObject> data = outputData(out.resolve("notebooks/00-smoke.ipynb"));

        List<byte[]> images = data.stream().filter(d -> d.has("image/png"))
                .map(d -> Base64.getMimeDecoder().decode(text(d.get("image/png")))).toList();
        assertEquals(1, images.size(), "one chart in " + data);
        assertEquals("PNG", new String(images.get(0), 1, 3, StandardCharsets.US_ASCII));

        assertTrue(data.stream().filter(d -> d.has("text/html")).map(d -> text(d.get("text/html")))
                .anyMatch(html -> html.contains("<table") && html.contains("<th>probability</th>")),
                "an HTML table with the probabilities in " + data);
        assertTrue(Files.size(out.resolve("html/00-smoke.html")) > 0);
        try (Stream<Path> figures = Files.list(out.resolve("figures/00-smoke"))) {
            assertEquals(1, figures.filter(f -> f.toString().endsWith(".png")).count());
        }
    }

    /** Every homework notebook, executed in quick mode, runs without an error cell and draws its figures. */
    @Test
    void everyCourseNotebookRunsInQuickMode(@TempDir Path out) throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(HOME.resolve("notebooks"))) {
            names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ipynb") && !f.startsWith("00-"))
                    .map(f -> f.substring(0, f.length() - ".ipynb".length())).sorted().toList();
        }
        assertTrue(names.size() >= 4, "the homework notebooks: " + names);
        Run run = runner(out, 50, names.toArray(String[]::new));
        assertEquals(0, run.exit(), run.output());
        for (String name : names) {
            long images = outputData(out.resolve("notebooks/" + name + ".ipynb")).stream().filter(d -> d.has("image/png")).count();
            assertTrue(images >= 1, name + " drew no figure");
        }
    }

    /** A misspelt notebook name is bad input: one error line naming the notebooks there are, exit 2, nothing run. */
    @Test
    void anUnknownNotebookIsOneErrorLineAndExitCode2(@TempDir Path out) throws Exception {
        List<String> known;
        try (Stream<Path> files = Files.list(HOME.resolve("notebooks"))) {
            known = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".ipynb"))
                    .map(f -> f.substring(0, f.length() - ".ipynb".length())).sorted().toList();
        }
        Run run = runner(out, "00-smoke", "hw9-nosuch");
        assertEquals(2, run.exit(), run.output());
        assertEquals(List.of("run_notebooks: error: no notebook hw9-nosuch (notebooks: " + String.join(", ", known) + ")"),
                run.output().lines().toList());
        assertTrue(!Files.exists(out.resolve("notebooks")), "nothing ran");
    }

    @Test
    void exceptionsAndCompileErrorsFailTheRun(@TempDir Path dir) throws Exception {
        Path throwing = notebook(dir.resolve("throws.ipynb"),
                "int x = 41 + 1;", "throw new IllegalStateException(\"boom-\" + x);", "System.out.println(\"after\");");
        Path compileError = notebook(dir.resolve("compile-error.ipynb"), "int y = \"not a number\";");
        Run run = runner(dir.resolve("out"), throwing.toString(), compileError.toString());
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("boom-42"), run.output());
        assertTrue(run.output().contains("incompatible types"), run.output());
        assertTrue(run.output().contains("2 of 2 notebook(s) failed"), run.output());
        assertTrue(outputData(dir.resolve("out/notebooks/throws.ipynb")).isEmpty(), "stops at the failing cell");
    }

    static Path notebook(Path path, String... cells) throws IOException {
        JsonArray codeCells = new JsonArray();
        for (String source : cells) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.add("metadata", new JsonObject());
            cell.addProperty("source", source);
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", JsonNull.INSTANCE);
            codeCells.add(cell);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", codeCells);
        nb.add("metadata", new Gson().toJsonTree(
                Map.of("kernelspec", Map.of("name", "inferlab-java", "display_name", "Java (InferLab)"))));
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 4);
        return Files.writeString(path, nb.toString());
    }
}
