package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.model.HfTokenizer;
import inferlab.model.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generation loop's stopping rules and streaming, and seeded sampling, on a fixture model. */
class GenerationTest {
    static Transformer model;
    static HfTokenizer tokenizer;
    static final int[] PROMPT = {316, 233, 178, 61, 282, 395, 195};

    @BeforeAll
    static void load() throws Exception {
        Path root = Path.of(GenerationTest.class.getResource("/hf-reference").toURI());
        model = Transformer.load(root.resolve("models/gpt2-tiny"));
        tokenizer = new HfTokenizer(root.resolve("tokenizer/tokenizer.json"), model.vocabSize());
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    @Test
    void eosEndsGenerationAndIsKept() {
        int[] greedy = Generation.of(20).run(model, PROMPT, new Greedy()).ids();
        int eos = greedy[5];
        int first = 0;
        while (greedy[first] != eos) first++;
        Generation.Result r = Generation.of(20).withEos(eos).run(model, PROMPT, new Greedy());
        assertArrayEquals(Arrays.copyOf(greedy, first + 1), r.ids());
        assertEquals(Generation.Stop.EOS, r.stop());
    }

    @Test
    void stopStringCutsTheTextAndEndsGeneration() {
        Generation.Result full = Generation.of(24).withTokenizer(tokenizer).run(model, PROMPT, new Greedy());
        String stop = full.text().substring(full.text().length() / 2, full.text().length() / 2 + 2);
        int at = full.text().indexOf(stop);
        Generation.Result r = Generation.of(24).withStop(tokenizer, stop).run(model, PROMPT, new Greedy());
        assertEquals(Generation.Stop.STOP_STRING, r.stop());
        assertEquals(full.text().substring(0, at), r.text());
        assertArrayEquals(Arrays.copyOf(full.ids(), r.ids().length), r.ids());
        assertTrue(tokenizer.decode(r.ids()).contains(stop));
        assertTrue(!tokenizer.decode(Arrays.copyOf(r.ids(), r.ids().length - 1)).contains(stop), "stops at the first token completing it");
    }

    @Test
    void listenerSeesEveryTokenInOrderWithItsLogProb() {
        List<int[]> seen = new ArrayList<>();
        List<Float> logProbs = new ArrayList<>();
        Generation.Result r = Generation.of(10).onToken((step, id, lp) -> {
            seen.add(new int[] {step, id});
            logProbs.add(lp);
        }).run(model, PROMPT, new Sampler(SamplingParams.DEFAULT, new Random(3)));
        assertEquals(10, seen.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, seen.get(i)[0]);
            assertEquals(r.ids()[i], seen.get(i)[1]);
            assertEquals(r.logProbs()[i], logProbs.get(i));
        }
        int[] all = Arrays.copyOf(PROMPT, PROMPT.length + 10);
        System.arraycopy(r.ids(), 0, all, PROMPT.length, 10);
        float[] scored = Arrays.copyOfRange(model.score(all), PROMPT.length - 1, all.length - 1);
        for (int i = 0; i < 10; i++) assertEquals(scored[i], r.logProbs()[i], 1e-4);
        double sum = 0;
        for (float lp : r.logProbs()) sum += lp;
        assertEquals(sum, r.score(), 1e-6);
    }

    @Test
    void seedsMakeSamplingReproducible() {
        SamplingParams p = SamplingParams.DEFAULT.withTemperature(1.3).withTopP(0.95);
        int[] a = Generation.of(16).run(model, PROMPT, new Sampler(p, new Random(11))).ids();
        int[] b = Generation.of(16).run(model, PROMPT, new Sampler(p, new Random(11))).ids();
        int[] c = Generation.of(16).run(model, PROMPT, new Sampler(p, new Random(12))).ids();
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        int[] greedy = Generation.of(16).run(model, PROMPT, new Greedy()).ids();
        assertArrayEquals(greedy, Generation.of(16).run(model, PROMPT, new Sampler(p.withTemperature(0), new Random(5))).ids());
    }

    @Test
    void samplingFollowsTheProcessedDistribution() {
        float[] logits = {2f, 1f, 0.5f, -1f, 0f};
        Sampler s = new Sampler(SamplingParams.DEFAULT.withTopK(3).withTemperature(0.8), new Random(0));
        float[] expected = Ranking.softmax(LogitsProcessorList.sampling(SamplingParams.DEFAULT.withTopK(3).withTemperature(0.8))
                .apply(new int[0], logits));
        int n = 40_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < n; i++) counts[s.next(new int[0], logits)]++;
        for (int i = 0; i < logits.length; i++) {
            double sd = Math.sqrt(expected[i] * (1 - expected[i]) / n);
            assertEquals(expected[i], counts[i] / (double) n, 5 * sd + 1e-9, "token " + i);
        }
        assertEquals(0, counts[3]);
        assertEquals(0, counts[4]);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Generation.of(0));
        assertThrows(IllegalArgumentException.class, () -> Generation.of(5).withStop(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> Generation.of(5).run(model, new int[0], new Greedy()));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(0, 1, 1, BeamSearch.EarlyStopping.TRUE));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(2, 3, 1, BeamSearch.EarlyStopping.TRUE));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.EarlyStopping.parse("maybe"));
    }
}
