package inferlab.decode;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.task.GraphPaths;
import inferlab.task.Instructions;
import inferlab.task.Item;
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
        target = Transformer.load(Project.data().resolve("models/target"));
        draft = Transformer.load(Project.data().resolve("models/draft"));
    }

    @AfterAll
    static void close() {
        target.close();
        draft.close();
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
            for (Item item : TaskSets.load(task, "validation").subList(0, 2)) {
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
    void smallerWinsCheckPassesOnlyWhenTheTargetScoresBelowTheDraft() {
        String degenerate = Exercises.checkSmallerWins(target, DecodingBenchmark.temperature(5), draft, DecodingBenchmark.greedy(), GraphPaths.NAME, 3);
        assertTrue(degenerate.startsWith("PASS"), degenerate);
        String fair = Exercises.checkSmallerWins(target, DecodingBenchmark.greedy(), draft, DecodingBenchmark.temperature(5), GraphPaths.NAME, 3);
        assertTrue(fair.startsWith("FAIL"), fair);
        String same = Exercises.checkSmallerWins(target, DecodingBenchmark.greedy(), draft, DecodingBenchmark.greedy(), GraphPaths.NAME, 3);
        assertTrue(same.startsWith("FAIL"), "a tie is not below: " + same);
    }

    private static DecodingBenchmark.Row find(List<DecodingBenchmark.Row> rows, String method, String task) {
        return rows.stream().filter(r -> r.method().equals(method) && r.task().equals(task)).findFirst().orElseThrow();
    }
}
