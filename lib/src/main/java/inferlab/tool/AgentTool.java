package inferlab.tool;

/**
 * A tool a {@link inferlab.agent.ReAct} agent calls by name, {@code Action: name[input]}. Unlike a {@link Tool}
 * it also sees the problem being solved, so a checker can verify a proposed answer against the question's own
 * data (the {@link inferlab.agent.PathChecker} reads the graph from the question).
 */
@FunctionalInterface
public interface AgentTool {
    ToolResult call(String problem, String input);

    /**
     * A tool from a function of (problem, input) to the observation text; an exception it throws becomes a
     * failed result with its message, so a bad input never stops the agent.
     */
    static AgentTool text(java.util.function.BiFunction<String, String, String> f) {
        return (problem, input) -> {
            long t0 = System.nanoTime();
            try {
                return new ToolResult(ToolResult.Status.OK, f.apply(problem, input), "", "", java.time.Duration.ofNanos(System.nanoTime() - t0));
            } catch (RuntimeException e) {
                return new ToolResult(ToolResult.Status.EXCEPTION, "", "", String.valueOf(e.getMessage()),
                        java.time.Duration.ofNanos(System.nanoTime() - t0));
            }
        };
    }

    /** A tool that does not need the problem (the interpreter, a search engine). */
    static AgentTool of(Tool tool) {
        return (problem, input) -> tool.call(input);
    }
}
