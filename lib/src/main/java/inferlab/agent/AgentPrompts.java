package inferlab.agent;

import inferlab.task.GraphPaths;
import inferlab.task.MultipleChoice;
import inferlab.task.WordProblems;
import inferlab.tool.AgentTool;
import java.util.List;
import java.util.Map;

/**
 * Few-shot examples for {@link ReAct}, one solved question per task in the agent's format. Each step names
 * the tool it needs; a step whose tool the agent lacks is left out, so an agent is never shown a tool it
 * cannot call. Observations are not written by hand: the agent's own tools produce them when the examples
 * are rendered. One example only, and a small one: the model's context holds 256 tokens.
 */
public final class AgentPrompts {
    private AgentPrompts() {}

    /** A Thought/Action step; {@code tool} null for the final step, whose input is the answer after "A:". */
    record Step(String tool, String thought, String input) {}

    record Example(String question, List<Step> steps) {}

    private static final String GRAPH_QUESTION = "Q: 1 shortest path 0 to 2. Edges: 0>1:1 0>2:5 1>2:2";

    static final Map<String, Example> EXAMPLES = Map.of(
            GraphPaths.NAME, new Example(GRAPH_QUESTION, List.of(
                    new Step("verify", "check 0>1>2.", "submit_paths(paths=[[0,1,2]], weights=[3])"),
                    // the final answer in the format the model was trained on: the scratchpad, then the call
                    new Step(null, "done.", GraphPaths.answer(GraphPaths.parseGraph(GRAPH_QUESTION), 1)))),
            WordProblems.NAME, new Example("Q: Ann has 3 bags of 4 apples. How many apples does she have?", List.of(
                    new Step("calculate", "3 bags of 4 apples.", "3*4"),
                    new Step(null, "multiply.", "She has 3*4 = <<3*4=12>>12 apples.\n#### 12"))),
            MultipleChoice.NAME, new Example("Q: Fill in the blank: We pay the ___.\n(A) debts (B) rivers (C) songs (D) hills", List.of(
                    new Step("search", "look it up.", "pay the debts"),
                    new Step(null, "(A) fits.", "debts, so the answer is (A)."))));

    /** The example of {@code task} with the steps {@code tools} allow, observations from those tools. */
    public static String fewShot(String task, Map<String, AgentTool> tools) {
        Example ex = EXAMPLES.get(task);
        if (ex == null) throw new IllegalArgumentException("no agent example for task " + task + " (have: " + EXAMPLES.keySet() + ")");
        StringBuilder sb = new StringBuilder(ex.question()).append('\n');
        for (Step s : ex.steps()) {
            if (s.tool() != null && !tools.containsKey(s.tool())) continue;
            sb.append("Thought: ").append(s.thought()).append('\n');
            if (s.tool() == null) {
                sb.append("Action: ").append(ReAct.FINISH).append('\n').append(ex.question()).append("\nA: ").append(s.input()).append('\n');
            } else {
                sb.append("Action: ").append(s.tool()).append('[').append(s.input()).append("]\n");
                String obs = tools.get(s.tool()).call(ex.question() + "\nA:", s.input()).toolText();
                sb.append("Observation: ").append(ReAct.observation(obs)).append('\n');
            }
        }
        return sb.append('\n').toString();
    }
}
