package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.PathChecker;
import inferlab.study.RefineStats;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.tool.ToolResult;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelfRefineTest {
    static final String PROMPT = "Q: What is 6*7?\nA:";
    /** The scripted model answers 41, then 42 after "too small", 40 after "too big"; it critiques the same way. */
    static final String SCRIPT = PROMPT + " 41\nFeedback: too small\n" + PROMPT + " 42\nFeedback: too big\n" + PROMPT + " 40\n";

    static Completer completer() {
        return new Completer(new ScriptModel(SCRIPT, 20f, 20f), SelfRefine.decoder(0), 16, List.of("\n"), null, String::strip);
    }

    /** A checker of the arithmetic: says which way the answer is off, stops at 42. */
    static final Feedback CHECKER = (problem, answer, rng) -> {
        int v = Integer.parseInt(answer.strip());
        return v == 42 ? new Feedback.Critique("correct", true, 0, false)
                : new Feedback.Critique(v < 42 ? "too small" : "too big", false, 0, false);
    };

    static List<String> answers(Trace t) {
        return t.candidates().stream().map(c -> c.text().strip()).toList();
    }

    @Test
    void everyIterationIsRecordedAndTheFeedbackSteersTheNextAnswer() {
        Trace t = new SelfRefine("refine", completer(), 0, 0, CHECKER, 3).solve(PROMPT, new Random(1));
        assertEquals(List.of("41", "42", "42", "42"), answers(t), "fixed after 'too small', then kept after 'correct'");
        assertEquals("Feedback: too small", t.candidates().get(1).segments().get(0).text());
        assertEquals(Trace.Segment.Kind.TOOL_RESULT, t.candidates().get(1).segments().get(0).kind());
        assertEquals("Feedback: correct", t.candidates().get(2).segments().get(0).text());
        assertEquals(3, t.chosen());
        assertEquals("42", t.answer());
        assertTrue(t.aggregation().contains("stop after iteration 1"), t.aggregation());
        // the draft and one refinement were generated (" 41\n", " 42\n"); the kept iterations cost nothing
        assertEquals(8, t.generatedTokens());
        assertEquals("Feedback: too small".length() + "Feedback: correct".length(), t.toolTokens());

        Trace wrongWay = new SelfRefine("refine", completer(), 0, 0, Feedback.generic("too big"), 2).solve(PROMPT, new Random(1));
        assertEquals(List.of("41", "40", "40"), answers(wrongWay), "the same model follows the other feedback");
    }

    @Test
    void theModelCanCritiqueItself() {
        Feedback critic = Feedback.model(completer().model(), 0, 16);
        Trace t = new SelfRefine("self", completer(), 0, 0, critic, 3).solve(PROMPT, new Random(1));
        // critiques " too small" after 41, " too big" after 42, then (no "40\nFeedback:" in the script) " too small"
        assertEquals(List.of("41", "42", "40", "42"), answers(t));
        assertEquals(Trace.Segment.Kind.MODEL, t.candidates().get(1).segments().get(0).kind());
        assertEquals("Feedback: too big", t.candidates().get(2).segments().get(0).text());
        int critiques = " too small\n".length() + " too big\n".length() + " too small\n".length();
        assertEquals(4 * " 41\n".length() + critiques, t.generatedTokens(), "critique tokens count as generated");
        assertEquals(0, t.toolTokens());
    }

    @Test
    void correctnessVectorsFeedRefineStats() {
        Task exact = new Task() {
            public String name() { return "six-times-seven"; }
            public List<Item> generate(int n, java.util.random.RandomGenerator rng) { return List.of(); }
            public String parse(String output) { return output.strip(); }
            public inferlab.task.Score check(Item item, String output) {
                return inferlab.task.Score.of(output.strip().equals(item.answer()), "");
            }
        };
        List<Item> items = List.of(new Item("a", "t", PROMPT, "42", null), new Item("b", "t", PROMPT, "41", null));
        boolean[][] c = new SelfRefine("refine", completer(), 0, 0, CHECKER, 2).correctness(exact, items, 3);
        assertEquals(List.of(List.of(false, true, true), List.of(true, false, false)),
                java.util.Arrays.stream(c).map(r -> List.of(r[0], r[1], r[2])).toList());
        RefineStats s = RefineStats.of(c);
        assertEquals(1, RefineStats.table("t", java.util.Map.of("x", s)).rowCount());
        assertEquals(1.0, s.bestSoFar()[1], 1e-12);
        assertEquals(0.0, s.keep()[0], 1e-12);
        assertEquals(1.0, s.fix()[0], 1e-12);
    }

    @Test
    void pathCheckerSaysWhatIsWrongWithoutTheAnswer() {
        String q = "Q: 1 shortest path 0 to 3. Edges: 0>1:1 0>2:5 1>3:2 2>3:1\nA:";
        assertEquals("[0,2,3] weighs 6; the shortest weighs 3", PathChecker.check(q, "submit_paths(paths=[[0,2,3]], weights=[6])").text());
        assertEquals("[0,3] has no edge 0>3", PathChecker.check(q, "submit_paths(paths=[[0,3]], weights=[3])").text());
        assertEquals("[0,1,2] does not go from 0 to 3", PathChecker.check(q, "submit_paths(paths=[[0,1,2]], weights=[3])").text());
        assertEquals("[0,1,3] weighs 3, not 4", PathChecker.check(q, "submit_paths(paths=[[0,1,3]], weights=[4])").text());
        assertFalse(PathChecker.check(q, "submit_paths(paths=[[0,1,3]], weights=[4])").correct(), "the grader reads weights too");
        assertEquals(new PathChecker.Check("no submit_paths(paths=..., weights=...) call: the grader reads nothing", false),
                PathChecker.check(q, "[[0,1,3]]"));
        assertEquals(new PathChecker.Check("correct", true), PathChecker.check(q, "submit_paths(paths=[[0,1,3]], weights=[3])"));
        assertEquals("no path in the answer", PathChecker.check(q, "The answer is (B).").text());
        String tie = "Q: 1 shortest path 0 to 3. Edges: 0>1:1 1>3:2 0>3:3\nA:";
        assertEquals("[0,1,3] weighs 3; ties the shortest, but ties go to fewer hops, then the smaller node sequence",
                PathChecker.check(tie, "submit_paths(paths=[[0,1,3]], weights=[3])").text(), "[0,3] weighs 3 in one hop");
        String q2 = q.replace("1 shortest path", "2 shortest paths");
        assertEquals("asked for 2 paths, got 1", PathChecker.check(q2, "submit_paths(paths=[[0,1,3]], weights=[3])").text());
        assertEquals(ToolResult.Status.EXCEPTION, new PathChecker().call("Q: What is 6*7?\nA:", "[[0,1]]").status());
        Item item = new GraphPaths().generate(1, new Random(5)).get(0);
        assertTrue(PathChecker.check(item.prompt(), item.answer()).correct(), "gold is correct");
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SelfRefine("x", completer(), 0, 0, CHECKER, -1));
        assertThrows(IllegalArgumentException.class, () -> new SelfRefine("x", completer(), -0.5, 0, CHECKER, 1));
    }
}
