package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code process} reproduces Hugging Face's processor outputs; {@code generate}'s decoders; bad parameters exit 2. */
class DecodeCliTest {

    record Result(int code, String out, String err) {}

    static Result run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Result run(byte[] stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(saved);
        }
    }

    static Path fixtures() throws Exception {
        return Path.of(DecodeCliTest.class.getResource("/hf-reference").toURI());
    }

    @Test
    void processReproducesHuggingFaceOutputs() throws Exception {
        JsonArray cases = JsonParser.parseString(Files.readString(fixtures().resolve("processors.json")))
                .getAsJsonObject().getAsJsonArray("cases");
        JsonArray input = new JsonArray();
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject().deepCopy();
            c.remove("out");
            input.add(c);
        }
        Result r = run(input.toString(), "process");
        assertEquals(0, r.code(), r.err());
        JsonArray got = JsonParser.parseString(r.out()).getAsJsonArray();
        assertEquals(cases.size(), got.size());
        for (int k = 0; k < cases.size(); k++) {
            JsonArray expected = cases.get(k).getAsJsonObject().getAsJsonArray("out");
            JsonArray out = got.get(k).getAsJsonObject().getAsJsonArray("out");
            for (int i = 0; i < expected.size(); i++) {
                if (expected.get(i).isJsonNull()) {
                    assertTrue(out.get(i).isJsonNull(), "case " + k + " at " + i);
                } else {
                    double x = expected.get(i).getAsDouble();
                    assertEquals(x, out.get(i).getAsDouble(), 1e-5 * Math.max(1, Math.abs(x)), "case " + k + " at " + i);
                }
            }
        }
    }

    @Test
    void generateRunsBeamSearchAndSeededSampling() throws Exception {
        JsonObject models = JsonParser.parseString(Files.readString(fixtures().resolve("reference.json")))
                .getAsJsonObject().getAsJsonObject("models");
        JsonObject beam = models.getAsJsonObject("models").getAsJsonObject("qwen2-tiny").getAsJsonArray("prompts")
                .get(0).getAsJsonObject().getAsJsonArray("beam").get(2).getAsJsonObject();
        String dir = fixtures().resolve("models/qwen2-tiny").toString();
        String ids = models.getAsJsonArray("prompts").get(0).getAsJsonArray().toString().replaceAll("[\\[\\] ]", "");
        Result r = run("", "generate", "--model", dir, "--ids", ids, "--max-new-tokens", "16", "--num-beams", "4",
                "--num-return-sequences", "4", "--length-penalty", beam.get("length_penalty").getAsString(),
                "--early-stopping", beam.get("early_stopping").getAsString(), "--eos-token-id", beam.get("eos").getAsString());
        assertEquals(0, r.code(), r.err());
        JsonObject g = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(beam.getAsJsonArray("scores").get(0).getAsDouble(), g.getAsJsonArray("scores").get(0).getAsDouble(), 1e-3);
        assertEquals(4, g.getAsJsonArray("sequences").size());

        String[] sampling = {"generate", "--model", dir, "--ids", ids, "--max-new-tokens", "12", "--do-sample",
            "--temperature", "1.5", "--top-p", "0.95", "--seed", "7"};
        assertEquals(run("", sampling).out(), run("", sampling).out());
        Result mirostat = run("", "generate", "--model", dir, "--ids", ids, "--mirostat", "2", "--tau", "4", "--seed", "1");
        assertEquals(0, mirostat.code(), mirostat.err());
    }

    @Test
    void badParametersExitTwoWithOneLine() throws Exception {
        String dir = fixtures().resolve("models/gpt2-tiny").toString();
        String[][] bad = {
            {"--do-sample", "--temperature", "-1"}, {"--do-sample", "--top-p", "1.5"}, {"--top-k", "-3"},
            {"--num-beams", "0"}, {"--num-beams", "2", "--num-return-sequences", "3"}, {"--typical-p", "0"},
            {"--min-p", "2"}, {"--epsilon", "1"}, {"--eta", "-0.1"}, {"--repetition-penalty", "0"},
            {"--early-stopping", "sometimes", "--num-beams", "2"}, {"--mirostat", "3"},
        };
        for (String[] extra : bad) {
            String[] args = new String[5 + extra.length];
            System.arraycopy(new String[] {"generate", "--model", dir, "--ids", "1,2"}, 0, args, 0, 5);
            System.arraycopy(extra, 0, args, 5, extra.length);
            Result r = run("", args);
            assertEquals(2, r.code(), String.join(" ", extra));
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
        Result notJson = run("not json", "process");
        assertEquals(2, notJson.code());
        Result unknown = run("[{\"processor\": \"top_q\", \"args\": {}, \"input_ids\": [], \"logits\": [1.0]}]", "process");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("top_q"), unknown.err());
    }

    @Test
    void aCaseFieldOfTheWrongJsonTypeIsNamedNotCastOrRounded() {
        String good = "{\"processor\": \"top_k\", \"args\": {\"top_k\": 2}, \"input_ids\": [1], \"logits\": [1.0, null, 3.0]}";
        assertEquals(0, run("[" + good + "]", "process").code());
        String[][] cases = {
            {"\"input_ids\": [1]", "\"input_ids\": null", "\"input_ids\" must be a JSON list"},
            {"\"logits\": [1.0, null, 3.0]", "\"logits\": \"x\"", "\"logits\" must be a JSON list"},
            {"\"logits\": [1.0, null, 3.0]", "\"logits\": [1.0, [2], 3.0]", "a logit must be a number, got [2]"},
            {"\"input_ids\": [1]", "\"input_ids\": [1.5]", "a token id must be a whole number, got 1.5"},
            {"\"input_ids\": [1]", "\"input_ids\": [\"7\"]", "a token id must be a number, got \"7\""},
            {"\"input_ids\": [1]", "\"input_ids\": [1e10]", "a token id must be a whole number"},
            {"{\"top_k\": 2}", "{\"top_k\": \"x\"}", "argument \"top_k\" must be a number"},
            {"{\"top_k\": 2}", "{\"top_k\": 2.7}", "argument \"top_k\" must be a whole number, got 2.7"},
            {"{\"top_k\": 2}", "[]", "\"args\" must be a JSON object"},
            {"\"top_k\",", "7,", "\"processor\" must be a string"},
        };
        for (String[] c : cases) {
            assertTrue(good.contains(c[0]), c[0]);
            Result r = run("[" + good.replace(c[0], c[1]) + "]", "process");
            assertEquals(2, r.code(), c[1]);
            assertTrue(r.err().startsWith("error: " + c[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        byte[] bytes = ("[" + good + "]").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        invalid[bytes.length] = (byte) 0xff;
        assertEquals("error: stdin is not UTF-8 text", run(invalid, "process").err().strip());
    }
}
