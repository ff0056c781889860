package inferlab.cli;

import inferlab.agent.DocumentStore;
import inferlab.mcp.CourseTools;
import inferlab.mcp.ToolServer;
import inferlab.sandbox.CodeInterpreter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code mcp-server}: the agent's tools as an MCP server on standard input and output, until the client hangs up
 * (closes the input or stops reading the output). Standard output carries the protocol and nothing else: anything else the process prints (the SDK's
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
        try (CodeInterpreter interpreter = tools.contains("calculate") || tools.contains("java") ? new CodeInterpreter() : null;
             ToolServer server = new ToolServer(CourseTools.select(tools, store, interpreter), System.in, out)) {
            server.awaitEnd();
        }
    }
}
