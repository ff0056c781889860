package inferlab.speculative;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.model.Transformer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Speculative greedy decoding on the reference checkpoints reproduces Hugging Face's greedy output, whichever
 * checkpoint drafts (they share the 512-token vocabulary but are unrelated, so most drafts are rejected).
 */
class SpeculativeReferenceTest {

    static Path fixtures() throws Exception {
        return Path.of(SpeculativeReferenceTest.class.getResource("/hf-reference").toURI());
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    @Test
    void greedyOutputEqualsHuggingFaceGreedy() throws Exception {
        Path root = fixtures();
        JsonObject models = JsonParser.parseString(Files.readString(root.resolve("reference.json")))
                .getAsJsonObject().getAsJsonObject("models");
        JsonArray prompts = models.getAsJsonArray("prompts");
        String[][] pairs = {{"llama-tiny", "qwen2-tiny"}, {"qwen2-tiny", "gpt2-tiny"}, {"gpt2-tiny", "llama-tiny"}};
        for (String[] pair : pairs) {
            try (Transformer target = Transformer.load(root.resolve("models/" + pair[0]));
                 Transformer draft = Transformer.load(root.resolve("models/" + pair[1]))) {
                JsonArray refs = models.getAsJsonObject("models").getAsJsonObject(pair[0]).getAsJsonArray("prompts");
                for (int p = 0; p < prompts.size(); p++) {
                    int[] prompt = ints(prompts.get(p).getAsJsonArray());
                    // the first 12 of HF's 24 greedy tokens: enough rounds of acceptance and rollback
                    int[] greedy = Arrays.copyOf(ints(refs.get(p).getAsJsonObject().getAsJsonArray("greedy")), 12);
                    try (var drafter = new DraftModelDrafter(draft)) {
                        var r = new SpeculativeDecoder(target, drafter, 3).generate(prompt, greedy.length, 0, new Random(0));
                        assertArrayEquals(greedy, r.tokens(), pair[0] + " drafted by " + pair[1] + ", prompt " + p);
                    }
                    var lookup = new SpeculativeDecoder(target, new PromptLookupDrafter(3, 1), 4)
                            .generate(prompt, greedy.length, 0, new Random(0));
                    assertArrayEquals(greedy, lookup.tokens(), pair[0] + " with prompt lookup, prompt " + p);
                }
            }
        }
    }
}
