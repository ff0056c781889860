package inferlab.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.CalculatorTool;
import inferlab.agent.DocumentStore;
import inferlab.agent.PathChecker;
import inferlab.sandbox.CodeInterpreter;
import inferlab.tool.AgentTool;
import inferlab.tool.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our tools over MCP, in process: listed with their schemas, answering as the tools do, failing as results. */
class ToolServerTest {
    static CodeInterpreter interpreter;
    static DocumentStore store;
    static ToolClient client;

    static final String GRAPH = "Q: 1 shortest path 0 to 3. Edges: 0>1:2 0>2:4 1>3:5 2>3:1 1>2:1\nA:";

    @BeforeAll
    static void start() {
        interpreter = new CodeInterpreter();
        store = new DocumentStore(List.of(
                "The tariff on wool was raised. Congress debated the tariff for weeks.",
                "We must pay the public debt. The debt fell by a third in ten years.",
                "The army guards the frontier. Soldiers were sent west."), 8);
        client = ToolClient.inProcess(CourseTools.select(CourseTools.NAMES, store, interpreter));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        interpreter.close();
    }

    @Test
    void listsEveryToolWithItsSchema() {
        List<McpSchema.Tool> tools = client.list();
        assertEquals(CourseTools.NAMES, tools.stream().map(McpSchema.Tool::name).toList());
        Map<String, String> argument = Map.of("search", "query", "calculate", "expression", "java", "code", "verify", "paths");
        for (McpSchema.Tool t : tools) {
            assertFalse(t.description().isBlank(), t.name());
            assertEquals("object", t.inputSchema().get("type"), t.name());
            assertEquals(argument.get(t.name()), ToolClient.inputArgument(t), t.name());
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) t.inputSchema().get("properties");
            assertEquals("string", props.get(argument.get(t.name())).get("type"));
            List<?> required = (List<?>) t.inputSchema().get("required");
            assertTrue(required.contains(argument.get(t.name())), t.name());
            assertEquals(t.name().equals("verify"), required.contains(ServedTool.PROBLEM), t.name() + " reads the question only if it checks answers");
        }
        assertEquals(CourseTools.NAMES, List.copyOf(client.agentTools().keySet()), "every tool is usable by the agent");
    }

    /** Through the client, each tool returns what it returns when called directly: status and the model's text. */
    @Test
    void callsThroughTheClientMatchDirectCalls() {
        Map<String, AgentTool> mcp = client.agentTools();
        Map<String, AgentTool> direct = Map.of("calculate", AgentTool.of(new CalculatorTool(interpreter)), "search", AgentTool.of(store),
                "java", AgentTool.of(interpreter::run), "verify", new PathChecker());
        Map<String, List<String>> inputs = Map.of(
                "calculate", List.of("7/2", "3*4+1", "1/3", "2*(3", "1+", "Math.max(2, 9)"),
                "search", List.of("tariff on wool", "public debt", "frontier soldiers", "zebra"),
                "java", List.of("1 + 1", "System.out.println(\"hi\")", "int x = ;", "new java.io.File(\"/etc\").list()"),
                "verify", List.of("[[0,2,3]]", "[[0,1,3]]", "[[0,3]]", "submit_paths(paths=[[0,1,2,3]], weights=[4])"));
        int failures = 0;
        for (var e : inputs.entrySet()) {
            for (String input : e.getValue()) {
                ToolResult want = direct.get(e.getKey()).call(GRAPH, input), got = mcp.get(e.getKey()).call(GRAPH, input);
                String what = e.getKey() + "[" + input + "]";
                assertEquals(want.status(), got.status(), what);
                assertEquals(want.toolText(), got.toolText(), what);
                if (!want.ok()) failures++;
            }
        }
        assertTrue(failures >= 3, "the inputs include failures (compile errors, rejected code), got " + failures);
        assertEquals("3.5", mcp.get("calculate").call("", "7/2").toolText());
        assertEquals("The tariff on wool was raised.", mcp.get("search").call("", "tariff on wool").toolText());
        assertEquals("OK", ToolClient.result(ToolServer.result(direct.get("java").call("", "1 + 1")), Duration.ZERO).status().name());
    }

    /** A failed call is a result with isError (text: the message, status in _meta), never a protocol error. */
    @Test
    void toolFailuresAreIsErrorResults() throws Exception {
        ServedTool throwing = new ServedTool("boom", "always throws", Map.of("type", "object"), args -> {
            throw new IllegalStateException("kaput");
        });
        List<ServedTool> tools = List.of(CourseTools.calculate(interpreter), CourseTools.java(interpreter), throwing);
        Pipe toServer = Pipe.open(), toClient = Pipe.open();
        try (ToolServer server = new ToolServer(tools, Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()))) {
            var transport = new StreamClientTransport(Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()),
                    McpJsonDefaults.getMapper());
            McpSyncClient raw = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
            raw.initialize();
            McpSchema.CallToolResult ok = raw.callTool(new McpSchema.CallToolRequest("calculate", Map.of("expression", "6*7")));
            assertFalse(ok.isError());
            assertEquals("42", ((McpSchema.TextContent) ok.content().get(0)).text());

            McpSchema.CallToolResult compile = raw.callTool(new McpSchema.CallToolRequest("java", Map.of("code", "int x = ;")));
            assertTrue(compile.isError());
            assertEquals("COMPILE_ERROR", compile.meta().get(ToolServer.STATUS));
            String message = ((McpSchema.TextContent) compile.content().get(0)).text();
            assertEquals(interpreter.run("int x = ;").message(), message);

            McpSchema.CallToolResult thrown = raw.callTool(new McpSchema.CallToolRequest("boom", Map.of()));
            assertTrue(thrown.isError());
            assertEquals("kaput", ((McpSchema.TextContent) thrown.content().get(0)).text());

            McpSchema.CallToolResult missing = raw.callTool(new McpSchema.CallToolRequest("calculate", Map.of()));
            assertTrue(missing.isError(), "arguments the schema refuses are a tool error");
            McpSchema.CallToolResult wrongType = raw.callTool(new McpSchema.CallToolRequest("calculate", Map.of("expression", 42)));
            assertTrue(wrongType.isError());
            raw.closeGracefully();
        }
        // through the adapter: an unknown tool is a protocol error on the wire, a failed result for the agent
        ToolResult unknown = client.call("nope", Map.of("x", "1"));
        assertEquals(ToolResult.Status.EXCEPTION, unknown.status());
        assertTrue(unknown.toolText().startsWith("error: exception: mcp: "), unknown.toolText());
        assertNotEquals("", unknown.message());
    }

    @Test
    void refusesDuplicateNamesAndUnknownTools() {
        var calc = CourseTools.calculate(interpreter);
        var dup = assertThrows(IllegalArgumentException.class, () -> new ToolServer(List.of(calc, calc), System.in, System.out));
        assertTrue(dup.getMessage().contains("distinct"));
        var unknown = assertThrows(IllegalArgumentException.class, () -> CourseTools.select(List.of("python"), store, interpreter));
        assertTrue(unknown.getMessage().contains("python"));
    }
}
