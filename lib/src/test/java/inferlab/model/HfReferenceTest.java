package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader and forward pass against Hugging Face transformers' outputs on the tiny fixture checkpoints, on both
 * engines (DJL and the plain-Java {@link JavaTransformer}).
 */
class HfReferenceTest {
    static Path root;
    static JsonObject reference;
    static final java.util.Map<String, Transformer> models = new java.util.HashMap<>();

    @BeforeAll
    static void load() throws Exception {
        root = Path.of(HfReferenceTest.class.getResource("/hf-reference").toURI());
        reference = JsonParser.parseString(Files.readString(root.resolve("reference.json"))).getAsJsonObject();
        for (String name : List.of("gpt2-tiny", "llama-tiny", "qwen2-tiny")) {
            models.put(name, Transformer.load(root.resolve("models").resolve(name)));
        }
    }

    @AfterAll
    static void close() {
        models.values().forEach(Transformer::close);
    }

    /** Every fixture model on every engine. */
    static List<Arguments> modelsOnEngines() {
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("gpt2-tiny", "llama-tiny", "qwen2-tiny")) {
            for (Transformer.Engine e : List.of(Transformer.Engine.DJL, Transformer.Engine.JAVA)) out.add(Arguments.of(name, e));
        }
        return out;
    }

    static List<JsonObject> prompts(String model) {
        List<JsonObject> out = new ArrayList<>();
        reference.getAsJsonObject("models").getAsJsonObject("models").getAsJsonObject(model).getAsJsonArray("prompts")
                .forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsFloat();
        return out;
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    static int[] greedy(LanguageModel model, int[] prompt, int n) {
        try (Session s = model.newSession()) {
            float[][] logits = s.append(prompt);
            int[] out = new int[n];
            float[] last = logits[logits.length - 1];
            for (int i = 0; i < n; i++) {
                out[i] = argmax(last);
                last = s.append(out[i])[0];
            }
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("modelsOnEngines")
    void logitsMatchTransformers(String name, Transformer.Engine engine) {
        LanguageModel model = models.get(name).on(engine);
        for (JsonObject p : prompts(name)) {
            int[] ids = ints(p.getAsJsonArray("ids"));
            float[][] logits;
            try (Session s = model.newSession()) {
                logits = s.append(ids);
            }
            assertArrayEquals(floats(p.getAsJsonArray("last_logits")), logits[ids.length - 1], 1e-4f, name + " last");
            if (p.has("all_logits")) {
                JsonArray all = p.getAsJsonArray("all_logits");
                for (int t = 0; t < all.size(); t++) {
                    assertArrayEquals(floats(all.get(t).getAsJsonArray()), logits[t], 1e-4f, name + " position " + t);
                }
            }
            int[] argmax = ints(p.getAsJsonArray("argmax_per_pos"));
            for (int t = 0; t < ids.length; t++) assertEquals(argmax[t], argmax(logits[t]), name + " argmax at " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("modelsOnEngines")
    void scoreMatchesTransformers(String name, Transformer.Engine engine) {
        for (JsonObject p : prompts(name)) {
            int[] ids = ints(p.getAsJsonArray("ids"));
            if (ids.length < 2) continue;
            float[] lp = models.get(name).on(engine).score(ids);
            assertArrayEquals(floats(p.getAsJsonArray("logprob_of_next_given_prefix")), lp, 1e-4f);
            double sum = 0;
            for (float x : lp) sum += x;
            assertEquals(p.get("sum_logprob").getAsDouble(), sum, 1e-3);
        }
    }

    @ParameterizedTest
    @MethodSource("modelsOnEngines")
    void greedyMatchesTransformers(String name, Transformer.Engine engine) {
        for (JsonObject p : prompts(name)) {
            int[] ids = ints(p.getAsJsonArray("ids"));
            int[] expected = ints(p.getAsJsonArray("greedy"));
            assertArrayEquals(expected, greedy(models.get(name).on(engine), ids, expected.length), name);
        }
    }

    @org.junit.jupiter.api.Test
    void tokenizerMatchesTransformers() {
        try (HfTokenizer tok = new HfTokenizer(root.resolve("tokenizer/tokenizer.json"), 512)) {
            for (var e : reference.getAsJsonObject("tokenizer").getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                int[] ids = tok.encode(c.get("text").getAsString());
                assertArrayEquals(ints(c.getAsJsonArray("ids")), ids, c.get("text").getAsString());
                assertEquals(c.get("decoded").getAsString(), tok.decode(ids));
            }
        }
    }
}
