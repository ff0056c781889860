package inferlab.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** MCP's stdio framing, shared by both ends: one JSON-RPC message per line, in UTF-8. */
final class JsonLines {
    private JsonLines() {}

    /** Writes {@code message} as one line (the JSON writer escapes newlines inside strings), whole, then flushes. */
    static void write(OutputStream out, McpJsonMapper json, Object message) throws IOException {
        byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(line);
            out.flush();
        }
    }
}
