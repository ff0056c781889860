package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.decode.SamplingParams;
import inferlab.model.GenerationConfig;
import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.task.GraphPaths;
import inferlab.task.Instructions;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DecodingBenchmarkTest {
    private static Transformer target, draft;

    @BeforeAll
    static void load() {
        target = Models.target();
        draft = Models.draft();
    }

    @AfterAll
    static void close() {
        target.close();
        draft.close();
    }

    /** "Model default" is what generate() does for the model: its generation_config.json, else greedy. */
    @Test
    void modelDefaultFollowsEachModelsGenerationConfig() {
        List<Item> items = TaskSets.load(Instructions.NAME, "validation").subList(0, 2);
        assertEquals(GenerationConfig.parse("{\"bos_token_id\": 0, \"eos_token_id\": 0}"), target.generationConfig(),
                "the embedded file sets only BOS/EOS ids");
        DecodingBenchmark.Row byDefault = DecodingBenchmark.row(DecodingBenchmark.modelDefault(), "target", target, Instructions.NAME, items, 3);
        DecodingBenchmark.Row greedy = DecodingBenchmark.row(DecodingBenchmark.greedy(), "target", target, Instructions.NAME, items, 3);
        assertEquals(greedy.score(), byDefault.score(), 1e-12);
        assertEquals(greedy.tokens(), byDefault.tokens());

        GenerationConfig sampling = GenerationConfig.parse("{\"do_sample\": true, \"temperature\": 1.3, \"top_p\": 0.95}");
        LanguageModel sampler = withGenerationConfig(target, sampling);
        DecodingBenchmark.Row sampled = DecodingBenchmark.row(DecodingBenchmark.modelDefault(), "t", sampler, Instructions.NAME, items, 3);
        DecodingBenchmark.Row explicit = DecodingBenchmark.row(DecodingBenchmark.sampling("s",
                SamplingParams.DEFAULT.withTemperature(1.3).withTopP(0.95)), "t", target, Instructions.NAME, items, 3);
        assertEquals(explicit.score(), sampled.score(), 1e-12);
        assertEquals(explicit.tokens(), sampled.tokens());
        assertNotEquals(greedy.tokens(), sampled.tokens(), "T = 1.3 does not write the greedy text");

        LanguageModel beams = withGenerationConfig(target, GenerationConfig.parse("{\"num_beams\": 3}"));
        assertEquals(DecodingBenchmark.row(DecodingBenchmark.beam(3), "t", target, Instructions.NAME, items, 3).tokens(),
                DecodingBenchmark.row(DecodingBenchmark.modelDefault(), "t", beams, Instructions.NAME, items, 3).tokens());
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.row(DecodingBenchmark.modelDefault(), "t",
                withGenerationConfig(target, GenerationConfig.parse("{\"num_beams\": 3, \"do_sample\": true}")), Instructions.NAME, items, 3));
    }

    /** {@code model} with another generation config. */
    private static LanguageModel withGenerationConfig(LanguageModel model, GenerationConfig config) {
        return new LanguageModel() {
            public int vocabSize() { return model.vocabSize(); }
            public java.util.Optional<Tokenizer> tokenizer() { return model.tokenizer(); }
            public int eosTokenId() { return model.eosTokenId(); }
            public inferlab.model.Session newSession() { return model.newSession(); }
            public GenerationConfig generationConfig() { return config; }
        };
    }

    @Test
    void greedyRowIsDirectGreedyGenerationGradedByTheTask() {
        List<DecodingBenchmark.Row> rows = DecodingBenchmark.run(Map.of("target", target),
                List.of(DecodingBenchmark.greedy(), DecodingBenchmark.beam(1)), List.of(GraphPaths.NAME, Instructions.NAME), 2, 0);
        assertEquals(4, rows.size());
        Tokenizer tok = target.tokenizer().orElseThrow();
        for (String task : List.of(GraphPaths.NAME, Instructions.NAME)) {
            Task grader = TaskSets.grader(task);
            double total = 0;
            long tokens = 0;
            for (Item item : DecodingBenchmark.items(task, 2, List.of(target))) {
                int[] prompt = tok.encode(item.prompt());
                int max = tok.encode(" " + item.answer()).length + DecodingBenchmark.SLACK;
                Generation.Result r = Generation.of(max).withEos(target.eosTokenId()).withStop(tok, "\nQ:")
                        .run(target, prompt, new Greedy());
                total += grader.check(item, r.text()).value();
                tokens += r.ids().length;
            }
            DecodingBenchmark.Row greedy = find(rows, "greedy", task), beam = find(rows, "beam 1", task);
            assertEquals(2, greedy.n());
            assertEquals(total / 2, greedy.score(), 1e-12, task);
            assertEquals(tokens, greedy.tokens(), task);
            // one beam is greedy search; it only runs past the stop string, which the benchmark cuts off
            assertEquals(greedy.score(), beam.score(), 1e-12, task);
            assertTrue(beam.tokens() >= greedy.tokens(), task);
        }
    }

    @Test
    void samplingRowsAreReproducibleFromTheSeed() {
        var a = DecodingBenchmark.run(Map.of("draft", draft), List.of(DecodingBenchmark.modelDefault()), List.of(Instructions.NAME), 2, 5);
        var b = DecodingBenchmark.run(Map.of("draft", draft), List.of(DecodingBenchmark.modelDefault()), List.of(Instructions.NAME), 2, 5);
        assertEquals(a.get(0).score(), b.get(0).score());
        assertEquals(a.get(0).tokens(), b.get(0).tokens());
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.temperature(0));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.temperature(-1));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.temperature(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.typical(1.5));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.topP(0));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.topK(0));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.beam(0));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.run(Map.of("draft", draft),
                List.of(DecodingBenchmark.greedy()), List.of(GraphPaths.NAME), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> DecodingBenchmark.run(Map.of("draft", draft),
                List.of(DecodingBenchmark.greedy()), List.of("no-such-task"), 1, 0));
    }

    @Test
    void itemsAreTheFirstWhoseGoldAnswerFitsTheContext() {
        Tokenizer tok = target.tokenizer().orElseThrow();
        List<Item> first = TaskSets.load(GraphPaths.NAME, "validation").subList(0, 40);
        List<Item> fitting = first.stream()
                .filter(i -> tok.encode(i.prompt()).length + tok.encode(" " + i.answer()).length <= target.contextLength()).toList();
        assertTrue(fitting.size() < first.size(), "some of the first 40 graph items have answers longer than the context");
        assertEquals(fitting.subList(0, 10), DecodingBenchmark.items(GraphPaths.NAME, 10, List.of(target)));
    }

    @Test
    void smallerWinsCheckPassesOnlyWhenTheTargetScoresBelowTheDraft() {
        // sampling at T = 5 is close to uniform over the vocabulary, and never names the option and its letter
        String degenerate = DecodingExercises.checkSmallerWins(target, DecodingBenchmark.temperature(5), draft, DecodingBenchmark.greedy(), MultipleChoice.NAME, 10);
        assertTrue(degenerate.startsWith("PASS"), degenerate);
        String fair = DecodingExercises.checkSmallerWins(target, DecodingBenchmark.greedy(), draft, DecodingBenchmark.temperature(5), GraphPaths.NAME, 3);
        assertTrue(fair.startsWith("FAIL"), fair);
        String same = DecodingExercises.checkSmallerWins(target, DecodingBenchmark.greedy(), draft, DecodingBenchmark.greedy(), GraphPaths.NAME, 3);
        assertTrue(same.startsWith("FAIL"), "a tie is not below: " + same);
    }

    private static DecodingBenchmark.Row find(List<DecodingBenchmark.Row> rows, String method, String task) {
        return rows.stream().filter(r -> r.method().equals(method) && r.task().equals(task)).findFirst().orElseThrow();
    }
}
