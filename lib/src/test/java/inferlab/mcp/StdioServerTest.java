package inferlab.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.cli.Main;
import inferlab.tool.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bin/inferlab mcp-server} as a subprocess: MCP on its standard input and output. */
class StdioServerTest {

    @Test
    void aSubprocessServerListsItsToolsAndAnswersCalls() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "inferlab.cli.Main", "mcp-server", "--tools", "calculate,verify");
        try (ToolClient client = ToolClient.subprocess(command, Map.of())) {
            assertEquals(List.of("calculate", "verify"), client.list().stream().map(McpSchema.Tool::name).toList());
            assertEquals("3.5", client.call("calculate", Map.of("expression", "7/2")).toolText());
            ToolResult bad = client.call("calculate", Map.of("expression", "2*(3"));
            assertEquals(ToolResult.Status.COMPILE_ERROR, bad.status(), bad.toString());
            String graph = "Q: 1 shortest path 0 to 2. Edges: 0>1:1 0>2:5 1>2:2\nA:";
            String verdict = client.agentTools().get("verify").call(graph, "[[0,2]]").toolText();
            assertTrue(verdict.startsWith("[0,2] weighs 5; the shortest weighs 3"), verdict);
        }
    }

    @Test
    void badToolNamesAreRefusedBeforeServing() {
        for (String tools : List.of("python", "calculate,calculate", "search,nope")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"mcp-server", "--tools", tools}, new PrintStream(out), new PrintStream(err));
            String e = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, tools);
            assertTrue(e.startsWith("error: ") && e.strip().lines().count() == 1, e);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing on the protocol channel");
        }
    }
}
