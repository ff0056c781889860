package inferlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.sandbox.CodeInterpreter;
import inferlab.sandbox.OsSandbox;
import inferlab.system.Completer;
import inferlab.system.ScriptModel;
import inferlab.system.SelfRefine;
import inferlab.system.Trace;
import inferlab.tool.AgentTool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReActTest {
    static CodeInterpreter interpreter;

    @BeforeAll
    static void start() {
        interpreter = new CodeInterpreter();
    }

    @AfterAll
    static void stop() {
        interpreter.close();
    }

    static final String PROMPT = "Q: What is 6*7?\nA:";

    /** A byte-level model that writes {@code script}; the agent's answer ends at a newline. */
    static ReAct agent(String script, Map<String, AgentTool> tools, int maxSteps, ReAct.ToolChoice choice) {
        Completer c = new Completer(new ScriptModel(script, 20f, 20f), SelfRefine.decoder(0), 16, List.of("\n"), null, String::strip);
        return new ReAct("agent", c, 48, "", tools, maxSteps, choice);
    }

    static Map<String, AgentTool> calculator() {
        return Map.of("calculate", AgentTool.of(new CalculatorTool(interpreter)));
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void toolCallsRunAndTheirObservationsAreInjected() {
        String script = "Q: What is 6*7?\nThought: multiply.\nAction: calculate[6*7]\nObservation: 42\nThought: done.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
        ReAct.Episode e = agent(script, calculator(), 4, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
        assertEquals(script.substring(0, script.length() - 1), e.transcript(), "the whole script, the observation from the real tool");
        assertEquals("finish", e.stop());
        assertEquals(2, e.steps());
        assertEquals(1, e.toolCalls());
        assertEquals(0, e.malformed());
        assertEquals(" 42", e.trace().candidates().get(0).text());
        assertEquals("42", e.trace().answer());
        List<Trace.Segment> segs = e.trace().candidates().get(0).segments();
        assertEquals("calculate[6*7]", segs.get(1).text());
        assertEquals(Trace.Segment.Kind.TOOL_RESULT, segs.get(2).kind());
        assertEquals("42", segs.get(2).text());

        // tokens by who wrote them (one byte, one token) add up to the whole context
        ReAct.Tokens t = e.tokens();
        assertEquals(bytes("Q: What is 6*7?\n"), t.prompt());
        assertEquals(bytes(" multiply.\n") + bytes(" done.\n"), t.reasoning());
        assertEquals(bytes(" calculate[6*7]\n"), t.toolCalls());
        assertEquals(bytes("Observation: 42\n"), t.toolResults());
        assertEquals(bytes(" finish\n") + bytes(" 42"), t.answers());
        assertEquals(2 * bytes("Thought:") + 2 * bytes("Action:") + bytes("Q: What is 6*7?\nA:"), t.scaffold());
        assertEquals(bytes(e.transcript()), t.total());
        assertEquals(t.toolResults(), e.trace().toolTokens());
    }

    @Test
    void malformedAndUnknownActionsGetAnObservationAndTheLoopGoesOn() {
        String script = "Q: What is 6*7?\nThought: hmm.\nAction: do it now\nObservation: malformed; write tool[input]\n"
                + "Thought: try.\nAction: google[6*7]\nObservation: unknown tool google; tools: calculate finish\n"
                + "Thought: done.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
        ReAct.Episode e = agent(script, calculator(), 5, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
        assertEquals(script.substring(0, script.length() - 1), e.transcript());
        assertEquals(2, e.malformed());
        assertEquals(0, e.toolCalls());
        assertEquals("finish", e.stop());
        assertEquals("42", e.trace().answer());
    }

    @Test
    void theStepCapEndsTheLoopWithAnAnswer() {
        String step = "Thought: again.\nAction: calculate[1+1]\nObservation: 2\n";
        String script = "Q: What is 6*7?\n" + step + step + step + "Action: finish\nQ: What is 6*7?\nA: 2\n";
        ReAct.Episode e = agent(script, calculator(), 2, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
        assertEquals("max steps", e.stop());
        assertEquals(2, e.steps());
        assertEquals(2, e.toolCalls());
        assertTrue(e.transcript().endsWith("Observation: 2\nAction: finish\nQ: What is 6*7?\nA: 2"), e.transcript());
        assertEquals(bytes(e.transcript()), e.tokens().total());
    }

    @Test
    void hostileCodeInAnActionStaysInTheSandbox() {
        try (CodeInterpreter raw = new CodeInterpreter(CodeInterpreter.Limits.defaults().withTimeout(Duration.ofSeconds(1)), OsSandbox.detect())) {
            CalculatorTool calculator = new CalculatorTool(interpreter);
            Map<String, AgentTool> tools = Map.of("calculate", (problem, input) ->
                    input.startsWith("while") ? raw.run(input) : calculator.call(input));
            // the script's observations are what the sandbox says, so that the scripted model follows on
            String exit = ReAct.observation(calculator.call("System.exit(1)").toolText());
            String spin = ReAct.observation(raw.run("while (true) {}").toolText());
            assertTrue(exit.startsWith("error: rejected"), exit);
            assertTrue(spin.startsWith("error: timeout"), "allowed code that spins: the timeout stops it: " + spin);
            String script = "Q: What is 6*7?\nThought: take over.\nAction: calculate[System.exit(1)]\nObservation: " + exit + "\n"
                    + "Thought: spin.\nAction: calculate[while (true) {}]\nObservation: " + spin + "\nThought: done.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
            ReAct.Episode e = agent(script, tools, 3, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
            assertEquals(script.substring(0, script.length() - 1), e.transcript());
            assertEquals(2, e.toolCalls());
            assertEquals(" 42", e.trace().candidates().get(0).text(), "the agent, and this JVM, go on");
            assertEquals("42", calculator.call("6*7").value());
        }
    }

    /** Each model call reads the whole context before the place it writes (a byte-level model: a token is a byte). */
    @Test
    void everyModelCallIsCountedWithWhatItReadAndWrote() {
        String script = "Q: What is 6*7?\nThought: multiply.\nAction: calculate[6*7]\nObservation: 42\nThought: done.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
        ReAct.Episode e = agent(script, calculator(), 4, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
        String t = e.transcript();
        int thought2 = t.indexOf("Thought:", t.indexOf("Observation")), action2 = t.indexOf("Action:", thought2);
        List<ReAct.Call> want = List.of(
                new ReAct.Call(1, "thought", bytes(t.substring(0, t.indexOf("Thought:") + 8)), bytes(" multiply.\n")),
                new ReAct.Call(1, "action", bytes(t.substring(0, t.indexOf("Action:") + 7)), bytes(" calculate[6*7]\n")),
                new ReAct.Call(2, "thought", bytes(t.substring(0, thought2 + 8)), bytes(" done.\n")),
                new ReAct.Call(2, "action", bytes(t.substring(0, action2 + 7)), bytes(" finish\n")),
                new ReAct.Call(2, "answer", bytes(t.substring(0, t.lastIndexOf("A:") + 2)), bytes(" 42\n")));
        assertEquals(want, e.calls());
        assertEquals(e.trace().generatedTokens(), e.completionTokens(), "every generated token is some call's completion");
        assertEquals(want.stream().mapToInt(ReAct.Call::promptTokens).sum(), e.promptTokens());
        var table = ReAct.usageTable(e);
        assertEquals(want.size() + 1, table.rowCount());
        assertEquals(e.promptTokens(), table.intColumn("prompt tokens").getInt(want.size()), "the last row is the total");

        ReAct.Episode constrained = agent(script, calculator(), 4, ReAct.ToolChoice.CONSTRAINED).run(PROMPT, new Random(1));
        ReAct.Call choice = constrained.calls().get(1);
        assertEquals("choice", choice.kind());
        assertEquals(0, choice.completionTokens(), "scoring the names writes nothing");
        assertEquals(bytes(t.substring(0, t.indexOf("Action:") + 7)) + bytes(" calculate") + bytes(" finish"), choice.promptTokens(),
                "it reads the context and every allowed name");
    }

    @Test
    void constrainedChoiceFollowsTheModelAndRequiredForcesATool() {
        String script = "Q: What is 6*7?\nThought: multiply.\nAction: calculate[6*7]\nObservation: 42\nThought: done.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
        ReAct.Episode free = agent(script, calculator(), 4, ReAct.ToolChoice.FREE).run(PROMPT, new Random(1));
        ReAct.Episode constrained = agent(script, calculator(), 4, ReAct.ToolChoice.CONSTRAINED).run(PROMPT, new Random(1));
        assertEquals(free.transcript(), constrained.transcript(), "a sharp model's own choice is drawn");

        String direct = "Q: What is 6*7?\nThought: easy.\nAction: finish\nQ: What is 6*7?\nA: 42\n";
        ReAct.Episode required = agent(direct, calculator(), 1, ReAct.ToolChoice.REQUIRED).run(PROMPT, new Random(1));
        assertTrue(required.transcript().contains("Action: calculate["), required.transcript());
        assertEquals(1, required.toolCalls() + required.malformed(), "the first action is a tool, whatever the model prefers");
        assertThrows(IllegalArgumentException.class, () -> agent(direct, Map.of(), 1, ReAct.ToolChoice.REQUIRED));
    }

    @Test
    void actionsParseRobustly() {
        assertEquals(new ReAct.Action("calculate", "6*7"), ReAct.Action.parse(" calculate[6*7]"));
        assertEquals(new ReAct.Action("verify", "[[0,1,2]]"), ReAct.Action.parse("Verify[[[0,1,2]]]"));
        assertEquals(new ReAct.Action("search", "tariff of 1828"), ReAct.Action.parse("search[tariff of 1828"), "cut short");
        assertEquals(new ReAct.Action("finish", ""), ReAct.Action.parse(" finish"));
        assertNull(ReAct.Action.parse("calculate[]"));
        assertNull(ReAct.Action.parse("calculate"));
        assertNull(ReAct.Action.parse("The answer is (B)."));
        assertThrows(IllegalArgumentException.class, () -> agent("", Map.of("finish", (p, i) -> null), 1, ReAct.ToolChoice.FREE));
        assertThrows(IllegalArgumentException.class, () -> agent("", Map.of("Search", (p, i) -> null), 1, ReAct.ToolChoice.FREE),
                "actions are read in lower case: 'Search' could never be called");
    }

    @Test
    void fewShotExamplesShowToolsThatWork() {
        Map<String, AgentTool> tools = Map.of("calculate", AgentTool.of(new CalculatorTool(interpreter)),
                "verify", new PathChecker(),
                "search", AgentTool.of(new DocumentStore(List.of("We pay the debts of the nation."), 12)));
        for (String task : AgentPrompts.EXAMPLES.keySet()) {
            String shot = AgentPrompts.fewShot(task, tools);
            for (String line : shot.split("\n")) {
                if (!line.startsWith("Observation: ")) continue;
                String obs = line.substring("Observation: ".length());
                assertTrue(!obs.startsWith("error") && !obs.contains("reads nothing"), task + ": the example's tool call fails: " + line);
            }
            assertTrue(shot.contains("Observation: "), task + ": the example shows a tool call");
        }
    }
}
