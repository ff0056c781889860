package inferlab.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The server end of MCP's stdio transport on any byte stream pair: one JSON-RPC message per line, in UTF-8.
 * The SDK's own stdio server stops reading at the first line it cannot parse (the server then neither answers nor
 * notices the client hanging up), and its internal errors carry Java exception text to the client. Here a line
 * that is not a JSON-RPC request, notification or response is answered with the JSON-RPC error it deserves and
 * the next line is read; an internal error reaches the client as "Internal error", its detail goes to the log.
 * A ping is answered at once, and a request before {@code initialize} with an error (the SDK held both until
 * the session was initialized, which a client that never initializes waited for forever).
 */
final class StreamServerTransport implements McpServerTransportProvider {
    private static final Logger log = LoggerFactory.getLogger(StreamServerTransport.class);

    /** The longest line read, in chars: far above any tool call, low enough that a runaway client cannot exhaust the heap. */
    static final int MAX_LINE = 8 << 20;

    private final InputStream in;
    private final OutputStream out;
    private final McpJsonMapper json;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile McpServerSession session;
    /** Touched by the reader thread only. */
    private boolean initializeSeen;

    StreamServerTransport(InputStream in, OutputStream out, McpJsonMapper json) {
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new Transport());
        Thread reader = new Thread(this::read, "mcp-server-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits until the client is gone: it closed our input, or our output failed. */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private void read() {
        try (Reader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            for (int c; (c = r.read()) >= 0 && ended.getCount() > 0; ) {
                if (c != '\n') {
                    if (line.length() < MAX_LINE) line.append((char) c);
                    else tooLong = true;
                    continue;
                }
                if (tooLong) {
                    send(error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "message longer than " + MAX_LINE + " characters"));
                } else {
                    String text = line.toString();
                    if (!text.isBlank()) handle(text);
                }
                line.setLength(0);
                tooLong = false;
            }
        } catch (IOException e) {
            log.debug("input closed", e);
        } finally {
            end();
        }
    }

    /** Hands a well-formed message to the session; anything else is answered here and never reaches it. */
    private void handle(String line) {
        Object parsed;
        try {
            parsed = json.readValue(line, Object.class);
        } catch (IOException | RuntimeException e) {
            send(error(null, McpSchema.ErrorCodes.PARSE_ERROR, "Parse error: not JSON"));
            return;
        }
        if (!(parsed instanceof Map<?, ?> m) || !"2.0".equals(m.get("jsonrpc"))) {
            send(error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: expected a JSON-RPC 2.0 object"));
            return;
        }
        // MCP: a request's id is a string or an integer, never null; the session could not answer any other
        if (m.containsKey("id") && !(m.get("id") instanceof String || m.get("id") instanceof Integer
                || m.get("id") instanceof Long || m.get("id") instanceof BigInteger)) {
            send(error(null, McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: id must be a string or an integer"));
            return;
        }
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
            send(error(m.get("id"), McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: not a JSON-RPC request, notification or response"));
            return;
        }
        if (message instanceof JSONRPCRequest request) {
            // MCP allows a ping at any time; the SDK would hold it, like any request, until the session is initialized
            if (McpSchema.METHOD_PING.equals(request.method())) {
                send(JSONRPCResponse.result(request.id(), Map.of()));
                return;
            }
            if (McpSchema.METHOD_INITIALIZE.equals(request.method())) {
                initializeSeen = true;
            } else if (!initializeSeen) { // the SDK would hold it forever: a client that never initializes hears nothing
                send(error(request.id(), McpSchema.ErrorCodes.INVALID_REQUEST, "Invalid Request: the first request must be initialize"));
                return;
            }
        }
        session.handle(message).subscribe(null, e -> log.error("cannot handle {}", line.length() > 200 ? line.substring(0, 200) + "..." : line, e));
    }

    /** An error response as a map: the SDK's response record refuses the null id JSON-RPC requires when the id is unknown. */
    private static Map<String, Object> error(Object id, int code, String message) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        response.put("id", id);
        response.put("error", Map.of("code", code, "message", message));
        return response;
    }

    /** Writes one message as one line; a failed write ends the session. */
    private void send(Object message) {
        try {
            JsonLines.write(out, json, message);
        } catch (IOException e) {
            log.debug("output closed", e);
            end();
        }
    }

    /** An internal error's message is the text of a Java exception: the client gets its code, the log its detail. */
    private static Object clientSafe(JSONRPCMessage message) {
        if (message instanceof JSONRPCResponse r && r.error() != null && r.error().code() == McpSchema.ErrorCodes.INTERNAL_ERROR) {
            log.error("internal error answering request {}: {}", r.id(), r.error().message());
            return JSONRPCResponse.error(r.id(), new JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error"));
        }
        return message;
    }

    private void end() {
        if (ended.getCount() == 0) return;
        ended.countDown();
        McpServerSession s = session;
        if (s != null) s.close();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession s = session;
        return s == null ? Mono.error(new IllegalStateException("no session")) : s.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession s = session;
        return s == null ? Mono.empty() : s.closeGracefully();
    }

    /** The session's view of the streams. */
    private final class Transport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return Mono.fromRunnable(() -> send(clientSafe(message)));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return json.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(StreamServerTransport.this::end);
        }
    }
}
