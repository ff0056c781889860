package inferlab.cli;

import inferlab.agent.DocumentStore;
import inferlab.mcp.CourseTools;
import inferlab.mcp.ToolServer;
import inferlab.sandbox.CodeInterpreter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/**
 * {@code mcp-server}: the agent's tools as an MCP server on standard input and output, until the client closes
 * the input. Standard output carries the protocol and nothing else: anything else the process prints (the SDK's
 * log, the sandbox's warning) goes to standard error.
 */
@picocli.CommandLine.Command(name = "mcp-server", sortOptions = false,
        description = "Serves the agent's tools over the Model Context Protocol (stdio) until standard input closes.")
public final class McpServe implements Command {
    @Option(names = "--tools", split = ",", paramLabel = "NAME", description = "any of search, calculate, java, verify; default all")
    List<String> tools = new ArrayList<>(CourseTools.NAMES);

    @Override
    public void run(PrintStream out) throws Exception {
        for (String t : tools) {
            if (!CourseTools.NAMES.contains(t)) throw new IllegalArgumentException("unknown tool '" + t + "' (tools: " + String.join(", ", CourseTools.NAMES) + ")");
        }
        if (tools.stream().distinct().count() != tools.size()) throw new IllegalArgumentException("--tools names a tool twice: " + tools);
        System.setOut(System.err); // from here on only the server writes to `out`
        DocumentStore store = tools.contains("search") ? CourseTools.corpus() : null;
        CountDownLatch closed = new CountDownLatch(1);
        try (CodeInterpreter interpreter = tools.contains("calculate") || tools.contains("java") ? new CodeInterpreter() : null;
             ToolServer server = new ToolServer(CourseTools.select(tools, store, interpreter), untilEnd(System.in, closed), out)) {
            closed.await();
        }
    }

    /** {@code in}, counting {@code closed} down when it ends: the client hung up. */
    private static InputStream untilEnd(InputStream in, CountDownLatch closed) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = super.read(b, off, len);
                    if (n < 0) closed.countDown();
                    return n;
                } catch (IOException e) {
                    closed.countDown();
                    throw e;
                }
            }
        };
    }
}
