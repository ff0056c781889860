package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.model.CompletionRequest;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.task.SharedTask;
import inferlab.task.TaskSets;
import inferlab.tool.ToolResult;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The router's classifier and the graph-solver route on the stored task splits. */
class RouterTest {

    @Test
    void classifiesEveryPromptOfTheThreeTasksByFormat() {
        for (String split : List.of("validation", "test")) {
            for (String task : SharedTask.TASKS) {
                for (Item item : TaskSets.load(task, split)) assertEquals(task, Router.classify(item.prompt()), item.id());
            }
        }
        for (String other : List.of("arithmetic", "word-problems", "continuation")) {
            for (Item item : TaskSets.load(other, "validation")) assertEquals(Router.OTHER, Router.classify(item.prompt()), item.id());
        }
    }

    @Test
    void graphSolverAnswersEveryValidationGraphPerfectly() {
        GraphSolver solver = new GraphSolver();
        SharedTask exact = new SharedTask("validation", false, TaskSets.load(GraphPaths.NAME, "validation"));
        SharedTask course = new SharedTask("validation", true, exact.items());
        int differ = 0;
        for (Item item : exact.items()) {
            String text = solver.complete(CompletionRequest.greedy(item.prompt(), 128)).text();
            assertEquals(1.0, exact.grade(item, text).value(), item.id() + ": " + text);
            if (course.grade(item, text).value() < 1) differ++;
        }
        // the solver is exact, so under the course rule it loses points exactly where the course's gold holds a
        // path outside the true top P (where the course found fewer paths, all true ones, it still scores 1)
        long expected = exact.items().stream().filter(i -> !new HashSet<>(GraphPaths.parsePaths(i.answer()))
                .containsAll(GraphPaths.parsePaths(i.meta().get("course").getAsString()))).count();
        assertTrue(expected > 0, "validation has items where the course rule differs");
        assertEquals(expected, differ);
    }

    @Test
    void graphSolverAsAToolRefusesOtherQuestions() {
        ToolResult r = new GraphSolver().call("Q: 347 + 29 = ?\nA:");
        assertFalse(r.ok());
        assertTrue(r.toolText().startsWith("error"), r.toolText());
    }
}
