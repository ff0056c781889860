package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Greedy decoding and beam search on the three fixture models equal Hugging Face's reference.json. */
class HfDecodingTest {

    static JsonObject reference() throws Exception {
        Path file = Path.of(HfDecodingTest.class.getResource("/hf-reference/reference.json").toURI());
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonObject("models");
    }

    static Path modelDir(String name) throws Exception {
        return Path.of(HfDecodingTest.class.getResource("/hf-reference/models/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tiny", "llama-tiny", "qwen2-tiny"})
    void greedyAndBeamSearchEqualHuggingFace(String name) throws Exception {
        JsonObject ref = reference();
        JsonArray prompts = ref.getAsJsonArray("prompts");
        JsonArray cases = ref.getAsJsonObject("models").getAsJsonObject(name).getAsJsonArray("prompts");
        try (Transformer model = Transformer.load(modelDir(name))) {
            for (int p = 0; p < prompts.size(); p++) {
                int[] prompt = ProcessorCase.ints(prompts.get(p).getAsJsonArray());
                JsonObject c = cases.get(p).getAsJsonObject();
                int[] greedy = ProcessorCase.ints(c.getAsJsonArray("greedy"));
                assertArrayEquals(greedy, Generation.of(greedy.length).run(model, prompt, new Greedy()).ids(),
                        name + " greedy, prompt " + p);
                for (JsonElement e : c.getAsJsonArray("beam")) checkBeam(model, prompt, e.getAsJsonObject(), name + " prompt " + p);
            }
        }
    }

    static void checkBeam(Transformer model, int[] prompt, JsonObject b, String what) {
        int eos = b.get("eos").getAsInt();
        String early = b.get("early_stopping").getAsString();
        var search = new BeamSearch(b.get("num_beams").getAsInt(), b.getAsJsonArray("sequences").size(),
                b.get("length_penalty").getAsDouble(), BeamSearch.EarlyStopping.parse(early));
        List<BeamSearch.Hypothesis> out = search.run(model, prompt, b.get("max_new_tokens").getAsInt(), eos);
        String label = what + " beam lp=" + b.get("length_penalty") + " early=" + early;
        JsonArray sequences = b.getAsJsonArray("sequences");
        JsonArray scores = b.getAsJsonArray("scores");
        assertEquals(sequences.size(), out.size(), label);
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(untilEos(ProcessorCase.ints(sequences.get(i).getAsJsonArray()), eos), out.get(i).ids(),
                    label + " sequence " + i);
            assertEquals(scores.get(i).getAsDouble(), out.get(i).score(), 1e-4 * Math.max(1, Math.abs(scores.get(i).getAsDouble())),
                    label + " score " + i);
        }
    }

    /** HF pads finished beams after EOS; the new tokens end at the first EOS. */
    static int[] untilEos(int[] padded, int eos) {
        for (int i = 0; i < padded.length; i++) if (padded[i] == eos) return Arrays.copyOf(padded, i + 1);
        return padded;
    }
}
