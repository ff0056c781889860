package inferlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Notebooks are committed without outputs, on the project's kernel, with clean sources. */
class CommittedNotebooksTest {
    @Test
    void notebooksHaveNoOutputsAndUseTheInferLabKernel() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Project.home().resolve("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty());
        for (Path path : notebooks) {
            JsonObject nb = JsonParser.parseString(Files.readString(path)).getAsJsonObject();
            assertEquals("inferlab-java",
                    nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString(),
                    path + ": kernel");
            for (JsonElement c : nb.getAsJsonArray("cells")) {
                JsonObject cell = c.getAsJsonObject();
                JsonElement src = cell.get("source"); // nbformat allows one string or a list of lines
                String source = src.isJsonArray()
                        ? String.join("", src.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList())
                        : src.getAsString();
                // a LaTeX command written through an unescaped string ("\rho", "\approx") leaves a control character
                assertTrue(source.chars().allMatch(ch -> ch >= 32 || ch == '\n' || ch == '\t'),
                        path.getFileName() + ": a control character in a cell: " + source.lines()
                                .filter(l -> l.chars().anyMatch(ch -> ch < 32 && ch != '\t')).findFirst().orElse(""));
                if (!cell.get("cell_type").getAsString().equals("code")) continue;
                assertTrue(cell.getAsJsonArray("outputs").isEmpty() && cell.get("execution_count").isJsonNull(),
                        path.getFileName() + " has outputs; clear them before committing: "
                                + "jupyter nbconvert --clear-output --inplace notebooks/" + path.getFileName());
            }
        }
    }
}
