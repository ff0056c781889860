package inferlab.system;

/**
 * A tool a {@link ReAct} agent calls by name, {@code Action: name[input]}. Unlike a {@link Tool} it also sees
 * the problem being solved, so a checker can verify a proposed answer against the question's own data (the
 * {@link PathChecker} reads the graph from the question).
 */
@FunctionalInterface
public interface AgentTool {
    ToolResult call(String problem, String input);

    /** A tool that does not need the problem (the interpreter, a search engine). */
    static AgentTool of(Tool tool) {
        return (problem, input) -> tool.call(input);
    }
}
