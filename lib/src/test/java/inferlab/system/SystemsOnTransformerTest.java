package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.CalculatorTool;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.model.WorkerPool;
import inferlab.reward.LmFeatures;
import inferlab.sandbox.CodeInterpreter;
import inferlab.task.Arithmetic;
import inferlab.task.Item;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The systems on a real (tiny, random) Llama with a byte-level BPE tokenizer: the HF reference fixture. */
class SystemsOnTransformerTest {
    static Transformer model;

    @BeforeAll
    static void load() {
        model = inferlab.Fixtures.tinyLlamaWithTokenizer();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void batchedGreedyCandidatesEqualOneUnbatchedRun() {
        Completer c = new Completer(model, SystemsTest.GREEDY, 6, List.of(), null, t -> t);
        String one = c.complete("Q: 2+3 = ?\nA:", 1, new Random(1)).candidates().get(0).text();
        for (Trace.Candidate cand : c.complete("Q: 2+3 = ?\nA:", 3, new Random(1)).candidates()) {
            assertEquals(one, cand.text());
            assertEquals(6, cand.generatedTokens());
        }
    }

    /** Items side by side on two engine threads give the runs of one at a time: every field but the seconds. */
    @Test
    void itemsSideBySideGiveTheRunsOfOneAtATime() {
        Arithmetic task = new Arithmetic();
        List<Item> items = task.generate(8, new Random(2));
        Completer greedy = new Completer(model, SystemsTest.GREEDY, 8, List.of("\n"), null, t -> t);
        Completer sampling = greedy.withDecoder(SystemsTest.SAMPLE);
        List<InferenceSystem> systems = List.of(new SingleSample("greedy", greedy), new SelfConsistency(sampling, 4));
        Supplier<List<String>> texts = () -> WorkerPool.map(items.size(), i -> sampling
                .complete(items.get(i).prompt(), 4, new SplittableRandom(i)).candidates().toString());
        List<String> oneAtATime = runsWithoutSeconds(Benchmark.run(systems, task, items, 5));
        List<String> textsOneAtATime = texts.get();
        try {
            Transformer.setJavaEngineThreads(2);
            assertEquals(oneAtATime, runsWithoutSeconds(Benchmark.run(systems, task, items, 5)));
            assertEquals(textsOneAtATime, texts.get(), "the sampled candidates, text for text");
        } finally {
            Transformer.setJavaEngineThreads(1);
        }
    }

    private static List<String> runsWithoutSeconds(List<Benchmark.Run> runs) {
        return runs.stream().map(r -> r.system() + " " + r.item() + " " + r.score() + " " + r.samples() + " "
                + r.samplesCorrect() + " " + r.generatedTokens()).toList();
    }

    @Test
    void toolResultIsSplicedIntoTheTokenStream() {
        Tokenizer tok = model.tokenizer().orElseThrow();
        int[] spelled = tok.encode(" so <<6*7=");
        inferlab.decode.Decoder spell = new inferlab.decode.Decoder() {
            int k;

            @Override
            public int next(int[] history, float[] logits) {
                return k < spelled.length ? spelled[k++] : new inferlab.decode.Greedy().next(history, logits);
            }
        };
        try (CodeInterpreter interpreter = new CodeInterpreter()) {
            Completer c = new Completer(model, rng -> spell, spelled.length + 3, List.of(), new CalculatorTool(interpreter), t -> t);
            Completer.Batch b = c.complete("Q:", 1, new Random(1));
            Trace.Candidate cand = b.candidates().get(0);
            assertTrue(cand.text().startsWith(" so <<6*7=42>>"), cand.text());
            assertEquals("42", cand.segments().get(2).text());
            assertEquals(tok.encode("=42>>").length, b.toolTokens());
            assertEquals(spelled.length + 3, cand.generatedTokens(), "the rolled-back '=' token still counts as generated");
        }
    }

    @Test
    void confidenceFeaturesAreTheTeacherForcedLogProbabilities() {
        Tokenizer tok = model.tokenizer().orElseThrow();
        String problem = "Q: 2+3 = ?\nA:", solution = " 5, because 2 and 3 make 5";
        int[] all = tok.encode(problem + solution);
        int start = tok.encode(problem).length;
        float[] lp = model.score(all);
        double mean = 0, min = Double.POSITIVE_INFINITY;
        for (int t = start; t < all.length; t++) {
            mean += lp[t - 1] / (all.length - start);
            min = Math.min(min, lp[t - 1]);
        }
        double[] f = new LmFeatures(model, 3, 1).of(problem, solution);
        assertEquals(8, f.length);
        assertEquals(mean, f[0], 1e-4);
        assertEquals(min, f[1], 1e-4);
        assertTrue(Arrays.stream(f).allMatch(Double::isFinite));
    }
}
