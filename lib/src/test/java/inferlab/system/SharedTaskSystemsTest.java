package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.Transformer;
import inferlab.speculative.PromptLookupDrafter;
import inferlab.task.GraphPaths;
import inferlab.task.Instructions;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.TaskSets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry and the baselines' building blocks on the HF reference Llama (tiny, random). */
class SharedTaskSystemsTest {
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
    void speculativeGreedyWritesExactlyTheGreedyText() {
        CompletionModel greedy = SharedTaskSystems.greedy(model, "greedy");
        CompletionModel fast = new SpeculativeGreedy("spec", model, new PromptLookupDrafter(3, 1), 4);
        for (Item item : TaskSets.load(Instructions.NAME, "validation").subList(0, 3)) {
            CompletionRequest r = CompletionRequest.greedy(item.prompt(), 12);
            assertEquals(greedy.complete(r).text(), fast.complete(r).text(), item.id());
        }
    }

    @Test
    void improvedBaselineRoutesEachTaskToItsMethod() {
        Router router = SharedTaskSystems.improved(model);
        assertInstanceOf(GraphSolver.class, router.route(GraphPaths.NAME));
        assertEquals("self-consistency@" + SharedTaskSystems.VOTES, router.route(MultipleChoice.NAME).name());
        assertEquals("greedy (continuous batching)", router.route(Instructions.NAME).name());
        Item choice = TaskSets.load(MultipleChoice.NAME, "validation").get(0);
        var c = router.complete(CompletionRequest.greedy(choice.prompt(), 64).withSampling(0, 1, 0, 3));
        assertTrue(c.completionTokens() <= SharedTaskSystems.VOTES * SharedTaskSystems.CHOICE_TOKENS,
                "votes are capped at " + SharedTaskSystems.CHOICE_TOKENS + " tokens each: " + c.completionTokens());
        assertTrue(router.dot().contains("graph-solver") && router.dot().startsWith("digraph"));
    }

    @Test
    void studentsRegisterTheirOwnSystems() {
        GraphSolver solver = new GraphSolver();
        SharedTaskSystems.register("solver-only", m -> new Router("solver-only", Map.of(GraphPaths.NAME, solver), solver));
        assertTrue(SharedTaskSystems.names().containsAll(List.of("baseline-a", "baseline-b", "solver-only")));
        Router mine = (Router) SharedTaskSystems.create("solver-only", model);
        assertSame(solver, mine.route(GraphPaths.NAME));
        var e = assertThrows(IllegalArgumentException.class, () -> SharedTaskSystems.create("nope", model));
        assertTrue(e.getMessage().contains("baseline-a"), e.getMessage());
    }
}
