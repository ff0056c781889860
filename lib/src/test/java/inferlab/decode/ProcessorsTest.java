package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.study.DecodingExercises;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every case of Hugging Face's processors.json reproduced within 1e-5 (relative above 1: the fixture has 7
 * significant digits), with exactly the same −∞ entries.
 */
class ProcessorsTest {

    static JsonArray cases() throws Exception {
        try (var in = new InputStreamReader(ProcessorsTest.class.getResourceAsStream("/hf-reference/processors.json"),
                StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(in).getAsJsonObject().getAsJsonArray("cases");
        }
    }

    @Test
    void everyReferenceCaseMatchesHuggingFace() throws Exception {
        JsonArray cases = cases();
        assertEquals(570, cases.size());
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            LogitsProcessor p = ProcessorCase.processor(c.get("processor").getAsString(), c.getAsJsonObject("args"));
            float[] out = p.apply(ProcessorCase.ints(c.getAsJsonArray("input_ids")),
                    ProcessorCase.floats(c.getAsJsonArray("logits")));
            float[] expected = ProcessorCase.floats(c.getAsJsonArray("out"));
            String what = c.get("processor").getAsString() + " " + c.get("args");
            assertEquals(expected.length, out.length, what);
            for (int i = 0; i < out.length; i++) {
                if (expected[i] == Float.NEGATIVE_INFINITY) {
                    assertEquals(Float.NEGATIVE_INFINITY, out[i], what + " at " + i);
                } else {
                    // the fixture prints 7 significant digits, so 1e-5 is relative to the logit's size
                    assertEquals(expected[i], out[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
                }
            }
        }
    }

    @Test
    void chainAppliesHuggingFaceOrder() {
        var chain = LogitsProcessorList.sampling(SamplingParams.DEFAULT.withRepetitionPenalty(1.2)
                .withNoRepeatNgramSize(3).withTemperature(0.7).withTopK(10).withTopP(0.9).withMinP(0.1)
                .withTypicalP(0.95).withEpsilon(1e-4).withEta(1e-3));
        List<Class<?>> order = chain.processors().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(RepetitionPenaltyProcessor.class, NoRepeatNGramProcessor.class,
                TemperatureProcessor.class, TopKProcessor.class, TopPProcessor.class, MinPProcessor.class,
                TypicalProcessor.class, EpsilonProcessor.class, EtaProcessor.class), order);
        assertEquals(List.of(TopKProcessor.class), LogitsProcessorList.sampling(SamplingParams.DEFAULT)
                .processors().stream().map(Object::getClass).toList());
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TemperatureProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULT.withTemperature(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new TopKProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> new TopPProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> new TopPProcessor(1.01));
        assertThrows(IllegalArgumentException.class, () -> new MinPProcessor(-0.01));
        assertThrows(IllegalArgumentException.class, () -> new MinPProcessor(1.5));
        assertThrows(IllegalArgumentException.class, () -> new TypicalProcessor(1));
        assertThrows(IllegalArgumentException.class, () -> new TypicalProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> new EpsilonProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> new EtaProcessor(1));
        assertThrows(IllegalArgumentException.class, () -> new RepetitionPenaltyProcessor(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULT.withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.DEFAULT.withRepetitionPenalty(-1));
    }

    @org.junit.jupiter.api.Test
    void topPCheckPassesTheLibraryAndNamesTheCaseAFirstAttemptMisses() {
        java.util.Random rng = new java.util.Random(2);
        float[] z = new float[40];
        for (int i = 0; i < z.length; i++) z[i] = (float) (2 * rng.nextGaussian());
        String ok = DecodingExercises.checkTopP((x, p) -> new TopPProcessor(p).apply(new int[0], x), z);
        org.junit.jupiter.api.Assertions.assertTrue(ok.startsWith("PASS"), ok);
        // stops before the crossing token: keeps tokens while the mass so far is below p, without the one that crosses
        String exclusive = DecodingExercises.checkTopP((x, p) -> {
            float[] probs = inferlab.prob.Softmax.softmax(x), out = x.clone();
            Integer[] order = new Integer[x.length];
            for (int i = 0; i < x.length; i++) order[i] = i;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(probs[b], probs[a]));
            double mass = 0;
            for (int r = 0; r < order.length; r++) {
                mass += probs[order[r]];
                if (r > 0 && mass > p) out[order[r]] = Float.NEGATIVE_INFINITY;
            }
            return out;
        }, z);
        org.junit.jupiter.api.Assertions.assertTrue(exclusive.startsWith("FAIL (0.5, 0.3, 0.2) at p = 0.6"), exclusive);
        String inPlace = DecodingExercises.checkTopP((x, p) -> {
            float[] kept = new TopPProcessor(p).apply(new int[0], x);
            System.arraycopy(kept, 0, x, 0, x.length);
            return x;
        }, z);
        org.junit.jupiter.api.Assertions.assertTrue(inPlace.contains("input logits were modified"), inPlace);
    }

    @org.junit.jupiter.api.Test
    void minPCheckPassesTheLibraryAndFailsAThresholdOnTheLogits() {
        java.util.Random rng = new java.util.Random(3);
        float[] z = new float[40];
        for (int i = 0; i < z.length; i++) z[i] = (float) (2 * rng.nextGaussian());
        String ok = DecodingExercises.checkMinP((x, p) -> new MinPProcessor(p).apply(new int[0], x), z);
        org.junit.jupiter.api.Assertions.assertTrue(ok.startsWith("PASS"), ok);
        // compares p_i with p_min · max p through exp of raw logits: overflows at 1000
        String naive = DecodingExercises.checkMinP((x, p) -> {
            float[] out = x.clone();
            double max = 0;
            for (float v : x) max = Math.max(max, Math.exp(v));
            for (int i = 0; i < x.length; i++) if (Math.exp(x[i]) < p * max) out[i] = Float.NEGATIVE_INFINITY;
            return out;
        }, z);
        org.junit.jupiter.api.Assertions.assertTrue(naive.startsWith("FAIL logits 1000"), naive);
    }
}
