package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import inferlab.decode.TemperatureProcessor;
import inferlab.decode.TopKProcessor;
import inferlab.decode.ZipfModel;
import inferlab.model.Transformer;
import inferlab.task.Arithmetic;
import inferlab.task.Item;
import inferlab.task.TextStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison numbers HW2 plots, checked on a model with a known distribution and on graded tasks. */
class ComparisonTest {
    static final ZipfModel MODEL = new ZipfModel(500);
    static final List<int[]> PROMPTS = IntStream.range(0, 6).mapToObj(i -> new int[] {7 * i + 1}).toList();

    @Test
    void qualityMeasuresWhatEachMethodWrites() {
        var greedy = Comparison.quality(MODEL, PROMPTS, Comparison.decoder(s -> new Greedy()), 40);
        var sampled = Comparison.quality(MODEL, PROMPTS,
                Comparison.decoder(s -> new Sampler(SamplingParams.ancestral(1), new Random(s))), 40);
        assertTrue(greedy.perplexity() < sampled.perplexity(), greedy + " vs " + sampled);
        assertTrue(greedy.distinct2() < sampled.distinct2(), greedy + " vs " + sampled);
        // independently: greedy's perplexity from the rank-1 probabilities along its own path
        double logProb = 0;
        for (int[] p : PROMPTS) {
            Generation.Result r = Generation.of(40).run(MODEL, p, new Greedy());
            int prev = p[0];
            for (int id : r.ids()) {
                logProb += inferlab.prob.Softmax.logSoftmax(MODEL.logits(prev))[id];
                prev = id;
            }
        }
        assertEquals(Math.exp(-logProb / (40.0 * PROMPTS.size())), greedy.perplexity(), 1e-3 * greedy.perplexity());
    }

    @Test
    void keptCountsFiniteLogits() {
        float[] z = MODEL.logits(3);
        assertEquals(40, Comparison.kept(new TopKProcessor(40), new int[0], z));
        assertEquals(z.length, Comparison.kept(new TemperatureProcessor(2), new int[0], z));
    }

    @Test
    void oneBeamIsGreedy() {
        List<Comparison.BeamPoint> sweep = Comparison.beamSweep(MODEL, PROMPTS, new int[] {1, 3}, 12);
        double greedy = 0, repetition = 0;
        for (int[] p : PROMPTS) {
            Generation.Result r = Generation.of(12).run(MODEL, p, new Greedy());
            greedy += r.score() / 12;
            repetition += TextStats.repetitionRate(r.ids(), Comparison.WINDOW);
        }
        assertEquals(greedy / PROMPTS.size(), sweep.get(0).score(), 1e-4);
        assertEquals(repetition / PROMPTS.size(), sweep.get(0).repetition(), 1e-12);
        assertTrue(sweep.get(1).score() >= sweep.get(0).score() - 1e-6, sweep.toString());
    }

    @Test
    void accuracyGradesTheGeneratedText(@TempDir Path tmp) throws Exception {
        Path fixtures = Path.of(getClass().getResource("/hf-reference").toURI());
        Path dir = Files.createDirectories(tmp.resolve("m"));
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(fixtures.resolve("models/gpt2-tiny").resolve(f), dir.resolve(f));
        }
        Files.copy(fixtures.resolve("tokenizer/tokenizer.json"), dir.resolve("tokenizer.json"));
        Arithmetic task = new Arithmetic();
        List<Item> items = task.generate(6, new Random(4));
        try (Transformer model = Transformer.load(dir)) {
            var tok = model.tokenizer().orElseThrow();
            Comparison.Method oracle = (m, prompt, g, seed) -> {
                String text = tok.decode(prompt);
                String answer = items.stream().filter(it -> tok.decode(tok.encode(it.prompt())).equals(text))
                        .findFirst().orElseThrow().answer();
                int[] ids = tok.encode(" " + answer + "\nQ: 1 + 1 = ?");
                return new Generation.Result(ids, new float[ids.length], 0, tok.decode(ids), Generation.Stop.MAX_NEW_TOKENS);
            };
            assertEquals(1.0, Comparison.accuracy(model, task, items, oracle, 8).estimate());
            Comparison.Method wrong = (m, prompt, g, seed) -> new Generation.Result(new int[0], new float[0], 0, " -1",
                    Generation.Stop.EOS);
            assertEquals(0.0, Comparison.accuracy(model, task, items, wrong, 8).estimate());
        }
    }
}
