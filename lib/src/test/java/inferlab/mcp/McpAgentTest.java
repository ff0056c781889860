package inferlab.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.AgentPrompts;
import inferlab.agent.CalculatorTool;
import inferlab.agent.DocumentStore;
import inferlab.agent.PathChecker;
import inferlab.agent.ReAct;
import inferlab.decode.Greedy;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.sandbox.CodeInterpreter;
import inferlab.system.Answers;
import inferlab.system.Completer;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.TaskSets;
import inferlab.tool.AgentTool;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The embedded model's ReAct agent runs the same with its tools behind an MCP server as with them in hand. */
class McpAgentTest {

    @Test
    void mcpBackedToolsGiveTheSameEpisodesAsDirectTools() throws Exception {
        Transformer model = Models.defaultModel();
        DocumentStore store = CourseTools.corpus();
        int toolCalls = 0;
        try (CodeInterpreter interpreter = new CodeInterpreter();
             ToolClient client = ToolClient.inProcess(CourseTools.select(List.of("search", "calculate", "verify"), store, interpreter))) {
            Map<String, AgentTool> direct = Map.of("search", AgentTool.of(store), "calculate", AgentTool.of(new CalculatorTool(interpreter)),
                    "verify", new PathChecker());
            Map<String, AgentTool> mcp = client.agentTools();
            assertEquals(direct.keySet(), mcp.keySet(), "discovered from tools/list");
            for (String task : List.of(GraphPaths.NAME, MultipleChoice.NAME)) {
                Completer answer = new Completer(model, rng -> new Greedy(), 24, List.of("\n"), null, Answers.parser(task));
                List<Item> items = TaskSets.load(task, "validation").stream()
                        .filter(i -> model.tokenizer().orElseThrow().encode(i.prompt()).length <= 60).limit(2).toList();
                ReAct withDirect = new ReAct("direct", answer, 12, AgentPrompts.fewShot(task, direct), direct, 2, ReAct.ToolChoice.REQUIRED);
                ReAct withMcp = new ReAct("mcp", answer, 12, AgentPrompts.fewShot(task, mcp), mcp, 2, ReAct.ToolChoice.REQUIRED);
                assertEquals(withDirect.fewShot(), withMcp.fewShot(), "the example's observations come from the tools");
                for (int j = 0; j < items.size(); j++) {
                    ReAct.Episode a = withDirect.run(items.get(j).prompt(), new SplittableRandom(11 + j));
                    ReAct.Episode b = withMcp.run(items.get(j).prompt(), new SplittableRandom(11 + j));
                    String what = task + " item " + j;
                    assertEquals(a.transcript(), b.transcript(), what);
                    assertEquals(a.trace().candidates().get(0).segments(), b.trace().candidates().get(0).segments(), what);
                    assertEquals(a.trace().answer(), b.trace().answer(), what);
                    assertEquals(a.tokens(), b.tokens(), what);
                    assertEquals(a.calls(), b.calls(), what);
                    assertEquals(a.completionTokens(), a.trace().generatedTokens(), "every generated token is in a call's completion");
                    toolCalls += b.toolCalls();
                }
            }
        }
        // equal transcripts prove something only if some episode did call a tool through the server
        assertTrue(toolCalls > 0, "no episode called a tool");
    }
}
