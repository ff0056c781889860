package inferlab.mcp;

import inferlab.tool.ToolResult;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * An MCP server (Model Context Protocol, revision 2025-11-25, on the official Java SDK) offering any set of
 * {@link ServedTool}s: {@code tools/list} gives each tool's name, description and input schema;
 * {@code tools/call} runs it and answers with its text as one text content.
 *
 * <p>The protocol separates two kinds of failure. A call that reached the tool and failed (a snippet that does
 * not compile, a timeout in the sandbox, arguments the schema refuses, a handler that threw) is a result with
 * {@code isError: true}, so the model sees it and can try again; only a call the server cannot route (an
 * unknown tool, a malformed request) is a JSON-RPC error. The text of an error result is the failure's
 * message, and its status ({@link ToolResult.Status}) travels in the result's {@code _meta} under
 * {@link #STATUS}, so a client rebuilds the very {@link ToolResult} the tool returned.
 *
 * <p>Messages are newline-delimited JSON-RPC on a byte stream pair: the process's standard input and output
 * ({@link #stdio}), or pipes to a client in the same JVM ({@link ToolClient#inProcess}).
 */
public final class ToolServer implements AutoCloseable {

    /** The {@code _meta} key of a result's {@link ToolResult.Status}. */
    public static final String STATUS = "inferlab/status";

    private final McpSyncServer server;
    private final StreamServerTransport transport;

    /** Serves {@code tools} on newline-delimited JSON-RPC read from {@code in} and written to {@code out}. */
    public ToolServer(List<ServedTool> tools, InputStream in, OutputStream out) {
        if (new HashSet<>(tools.stream().map(ServedTool::name).toList()).size() != tools.size()) {
            throw new IllegalArgumentException("tool names must be distinct, got " + tools.stream().map(ServedTool::name).toList());
        }
        this.transport = new StreamServerTransport(in, out, McpJsonDefaults.getMapper());
        this.server = McpServer.sync(transport)
                .serverInfo("inferlab-tools", "0.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tools.stream().map(ToolServer::specification).toList())
                .build();
    }

    /** A server on this process's standard input and output (nothing else may write to that output). */
    public static ToolServer stdio(List<ServedTool> tools, OutputStream stdout) {
        return new ToolServer(tools, System.in, stdout);
    }

    /** Waits until the client hangs up: it closes the server's input, or the server's output fails. */
    public void awaitEnd() throws InterruptedException {
        transport.awaitEnd();
    }

    /** The names the server lists, in order. */
    public List<String> toolNames() {
        return server.listTools().stream().map(McpSchema.Tool::name).toList();
    }

    private static SyncToolSpecification specification(ServedTool t) {
        McpSchema.Tool tool = McpSchema.Tool.builder(t.name()).description(t.description()).inputSchema(t.inputSchema()).build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> result(call(t, request.arguments())))
                .build();
    }

    /** The tool's result; whatever the handler throws becomes a failed result, never a protocol error. */
    static ToolResult call(ServedTool t, Map<String, Object> arguments) {
        long t0 = System.nanoTime();
        try {
            return t.handler().apply(arguments == null ? Map.of() : arguments);
        } catch (RuntimeException e) {
            return new ToolResult(ToolResult.Status.EXCEPTION, "", "", String.valueOf(e.getMessage()),
                    java.time.Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** OK: the text the model reads ({@link ToolResult#toolText}); a failure: its message, flagged isError. */
    static CallToolResult result(ToolResult r) {
        String text = r.ok() ? r.toolText() : r.message();
        return CallToolResult.builder()
                .content(List.of(new TextContent(text)))
                .isError(!r.ok())
                .meta(Map.of(STATUS, r.status().name()))
                .build();
    }

    @Override
    public void close() {
        server.closeGracefully();
    }
}
