package inferlab.mcp;

import inferlab.tool.AgentTool;
import inferlab.tool.ToolResult;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An MCP client of a tool server: it connects and initializes, discovers the tools from {@code tools/list}
 * (every page), calls them with {@code tools/call}, and turns them into {@link AgentTool}s, so a
 * {@link inferlab.agent.ReAct} agent calls a server's tools as it calls local ones.
 *
 * <p>The adapter maps the agent's {@code tool[input]} onto the tool's input schema: the input goes to the
 * schema's one required string property other than {@link ServedTool#PROBLEM}, and the question to
 * {@code problem} when the schema has it. A result comes back as the {@link ToolResult} the tool returned:
 * its text content, an {@code isError} result as a failure with the status of {@link ToolServer#STATUS}
 * (EXCEPTION from a server that does not send one). A protocol error (an unknown tool, a dead server) is
 * a failed result too: a bad call never stops the agent.
 */
public final class ToolClient implements AutoCloseable {
    private final McpSyncClient client;
    private final AutoCloseable server;

    private ToolClient(McpClientTransport transport, AutoCloseable server, Duration timeout) {
        this.client = McpClient.sync(transport).requestTimeout(timeout).initializationTimeout(timeout)
                .clientInfo(new McpSchema.Implementation("inferlab-agent", "0.1.0")).build();
        this.server = server;
        client.initialize();
    }

    /**
     * A server for {@code tools} in this JVM and a client connected to it over two pipes: the messages are the
     * same JSON lines as over stdio, only no process is started.
     */
    public static ToolClient inProcess(List<ServedTool> tools) {
        try {
            Pipe toServer = Pipe.open(), toClient = Pipe.open();
            ToolServer server = new ToolServer(tools, Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
            var transport = new StreamClientTransport(Channels.newInputStream(toClient.source()),
                    Channels.newOutputStream(toServer.sink()), McpJsonDefaults.getMapper());
            return new ToolClient(transport, server, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client of a server started as a subprocess, {@code command} (for example {@code bin/inferlab mcp-server}),
     * speaking MCP on its standard input and output; its standard error is logged, never parsed.
     */
    public static ToolClient subprocess(List<String> command, Map<String, String> environment) {
        ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size()))
                .env(environment).build();
        return new ToolClient(new StdioClientTransport(params, McpJsonDefaults.getMapper()), () -> {}, Duration.ofSeconds(120));
    }

    /** The server's tools, every page of {@code tools/list}, in its order. */
    public List<McpSchema.Tool> list() {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }

    /** Calls the tool {@code name}; the answer as the {@link ToolResult} the tool returned, failures included. */
    public ToolResult call(String name, Map<String, Object> arguments) {
        long t0 = System.nanoTime();
        try {
            return result(client.callTool(new McpSchema.CallToolRequest(name, arguments)), Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) { // McpError and transport failures: data for the agent, as every tool failure is
            return new ToolResult(ToolResult.Status.EXCEPTION, "", "", "mcp: " + e.getMessage(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    static ToolResult result(CallToolResult r, Duration elapsed) {
        String text = r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
        if (!Boolean.TRUE.equals(r.isError())) return new ToolResult(ToolResult.Status.OK, text, "", "", elapsed);
        Object status = r.meta() == null ? null : r.meta().get(ToolServer.STATUS);
        ToolResult.Status s = ToolResult.Status.EXCEPTION;
        for (ToolResult.Status v : ToolResult.Status.values()) if (v != ToolResult.Status.OK && v.name().equals(status)) s = v;
        return new ToolResult(s, "", "", text, elapsed);
    }

    /**
     * name → agent tool, one per listed tool whose schema the agent can fill (exactly one required string besides
     * the question); other tools are left out. Names are the server's.
     */
    public Map<String, AgentTool> agentTools() {
        Map<String, AgentTool> out = new LinkedHashMap<>();
        for (McpSchema.Tool t : list()) {
            String argument = inputArgument(t);
            if (argument == null) continue;
            boolean wantsProblem = properties(t).containsKey(ServedTool.PROBLEM);
            out.put(t.name(), (problem, input) -> {
                Map<String, Object> args = new LinkedHashMap<>();
                if (wantsProblem) args.put(ServedTool.PROBLEM, problem);
                args.put(argument, input);
                return call(t.name(), args);
            });
        }
        return out;
    }

    /** The one required string property other than the question, or null when there is not exactly one. */
    static String inputArgument(McpSchema.Tool t) {
        Map<String, Object> props = properties(t);
        Object required = t.inputSchema() == null ? null : t.inputSchema().get("required");
        Set<String> req = required instanceof List<?> l ? l.stream().map(String::valueOf).collect(Collectors.toSet()) : Set.of();
        List<String> candidates = props.entrySet().stream()
                .filter(e -> !e.getKey().equals(ServedTool.PROBLEM) && req.contains(e.getKey()))
                .filter(e -> e.getValue() instanceof Map<?, ?> m && "string".equals(m.get("type")))
                .map(Map.Entry::getKey).toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(McpSchema.Tool t) {
        Object p = t.inputSchema() == null ? null : t.inputSchema().get("properties");
        return p instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @Override
    public void close() throws Exception {
        client.closeGracefully();
        server.close();
    }
}
