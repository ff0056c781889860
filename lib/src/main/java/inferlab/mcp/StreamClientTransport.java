package inferlab.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The client end of MCP's stdio transport on any byte stream pair: one JSON-RPC message per line, in UTF-8,
 * with no newline inside a message. The SDK's own stdio client starts a process; this one talks to a server
 * whose streams it is given, such as a {@link ToolServer} in the same JVM over pipes.
 */
final class StreamClientTransport implements McpClientTransport {
    private final InputStream in;
    private final OutputStream out;
    private final McpJsonMapper json;
    private volatile boolean closing;

    StreamClientTransport(InputStream in, OutputStream out, McpJsonMapper json) {
        this.in = in;
        this.out = out;
        this.json = json;
    }

    /** Starts a reader thread handing each incoming message to the session's handler. */
    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            Thread reader = new Thread(() -> read(handler), "mcp-client-reader");
            reader.setDaemon(true);
            reader.start();
        });
    }

    private void read(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; !closing && (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                handler.apply(Mono.just(McpSchema.deserializeJsonRpcMessage(json, line))).subscribe();
            }
        } catch (IOException e) {
            if (!closing) throw new UncheckedIOException("MCP server stream failed", e);
        }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            try {
                JsonLines.write(out, json, message);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to the MCP server", e);
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            try {
                out.close();
                in.close();
            } catch (IOException ignored) {
                // closing: the peer may be gone already
            }
        });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return json.convertValue(data, type);
    }
}
