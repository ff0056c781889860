package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Main run in-process: JSON results, and exit code 2 with one clear line for each kind of bad input. */
class MainTest {
    static Path models;
    static JsonObject reference;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        Path root = Path.of(MainTest.class.getResource("/hf-reference").toURI());
        models = root.resolve("models");
        reference = JsonParser.parseString(Files.readString(root.resolve("reference.json"))).getAsJsonObject();
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static JsonObject prompt(String model, int i) {
        return reference.getAsJsonObject("models").getAsJsonObject("models").getAsJsonObject(model)
                .getAsJsonArray("prompts").get(i).getAsJsonObject();
    }

    static String ids(JsonArray a) {
        StringBuilder sb = new StringBuilder();
        a.forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.getAsInt()));
        return sb.toString();
    }

    @Test
    void logitsScoreAndGenerateMatchTheReference() {
        JsonObject p = prompt("llama-tiny", 1);
        String dir = models.resolve("llama-tiny").toString();
        Result logits = run("logits", "--model", dir, "--ids", ids(p.getAsJsonArray("ids")));
        assertEquals(0, logits.code(), logits.err());
        JsonArray rows = JsonParser.parseString(logits.out()).getAsJsonObject().getAsJsonArray("logits");
        assertEquals(7, rows.size());
        JsonArray last = p.getAsJsonArray("last_logits");
        for (int i = 0; i < last.size(); i++) {
            assertEquals(last.get(i).getAsDouble(), rows.get(6).getAsJsonArray().get(i).getAsDouble(), 1e-4);
        }
        Result score = run("score", "--model", dir, "--ids", ids(p.getAsJsonArray("ids")));
        assertEquals(p.get("sum_logprob").getAsDouble(),
                JsonParser.parseString(score.out()).getAsJsonObject().get("sum").getAsDouble(), 1e-3);
        Result gen = run("generate", "--model", dir, "--ids", ids(p.getAsJsonArray("ids")), "--max-new-tokens", "24");
        assertEquals(0, gen.code(), gen.err());
        JsonObject g = JsonParser.parseString(gen.out()).getAsJsonObject();
        assertEquals(ids(p.getAsJsonArray("greedy")), ids(g.getAsJsonArray("sequences").get(0).getAsJsonArray()));
        assertTrue(g.getAsJsonArray("scores").get(0).getAsDouble() < 0);
    }

    @Test
    void generateFromTextWithATokenizer(@TempDir Path tmp) throws IOException {
        Path dir = copy(models.resolve("gpt2-tiny"), tmp.resolve("m"));
        Files.copy(models.resolveSibling("tokenizer/tokenizer.json"), dir.resolve("tokenizer.json"));
        Result r = run("generate", "--model", dir.toString(), "--text", "Hello, world!", "--max-new-tokens", "4");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(1, o.getAsJsonArray("text").size());
        assertEquals(4, o.getAsJsonArray("sequences").get(0).getAsJsonArray().size());
    }

    @Test
    void badInputGivesOneErrorLineAndExitCode2(@TempDir Path tmp) throws IOException {
        String llama = models.resolve("llama-tiny").toString();
        assertError("does not exist", "logits", "--model", tmp.resolve("missing").toString(), "--ids", "1");
        assertError("outside the vocabulary", "logits", "--model", llama, "--ids", "1,512");
        assertError("--ids", "generate", "--model", llama, "--ids", "");
        assertError("unknown subcommand", "frobnicate");
        assertError("unknown option --temprature for generate (did you mean", "generate", "--model", llama, "--ids", "1", "--temprature", "2");

        Path bad = copy(models.resolve("llama-tiny"), tmp.resolve("malformed"));
        Files.writeString(bad.resolve("config.json"), "{\"model_type\": \"llama\",");
        assertError("malformed config JSON", "logits", "--model", bad.toString(), "--ids", "1");

        assertError("not divisible", "logits", "--model", withConfig(tmp, "qwen2-tiny", "indivisible", "\"hidden_size\": 48",
                "\"hidden_size\": 50").toString(), "--ids", "1");
        assertError("unknown architecture", "logits", "--model",
                withConfig(tmp, "llama-tiny", "unknown", "\"model_type\": \"llama\"", "\"model_type\": \"rwkv\"").toString(), "--ids", "1");
        assertError("tensor model.layers.0.mlp.gate_proj.weight has shape (128, 48) but the config needs (64, 48)",
                "logits", "--model", withConfig(tmp, "llama-tiny", "shape", "\"intermediate_size\": 128", "\"intermediate_size\": 64")
                        .toString(), "--ids", "1");
    }

    @Test
    void debugPrintsTheStackTrace() {
        Result r = run("logits", "--model", "/no/such/dir", "--ids", "1", "--debug");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat inferlab."), r.err());
    }

    static void assertError(String fragment, String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), r.out());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    static Path withConfig(Path tmp, String model, String name, String from, String to) throws IOException {
        Path dir = copy(models.resolve(model), tmp.resolve(name));
        String config = Files.readString(dir.resolve("config.json"));
        assertTrue(config.contains(from), from);
        Files.writeString(dir.resolve("config.json"), config.replace(from, to));
        return dir;
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    @Test
    void serveNamesItsModelInValidJsonAndRefusesABlankName() {
        String line = Serve.startLine("http://127.0.0.1:8000", "my \"best\" model\\v2", inferlab.serve.BatchingEngine.Mode.STATIC, false);
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        assertEquals("my \"best\" model\\v2", o.get("model").getAsString());
        assertEquals("static", o.get("batching").getAsString());
        for (String name : new String[] {"", " ", " target"}) {
            Result r = run("serve", "--name", name, "--port", "0");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("error: --name") && r.err().strip().lines().count() == 1, r.err());
        }
    }

    @Test
    void aModelPathThatIsAFileIsNamedAsOneNotAsMissing(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{}");
        Result r = run("logits", "--model", file.toString(), "--ids", "1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a file") && !r.err().contains("does not exist"), r.err());
    }
}
