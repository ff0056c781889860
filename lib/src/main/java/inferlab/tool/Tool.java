package inferlab.tool;

/**
 * Something a model can call mid-generation: it writes {@code <<INPUT=} and the tool's text is injected
 * after the {@code =}, followed by {@code >>}. The sandboxed {@link inferlab.sandbox.CodeInterpreter} is one; a
 * task-specific solver can be another.
 */
@FunctionalInterface
public interface Tool {
    ToolResult call(String input);
}
