package inferlab.tool;

import inferlab.sandbox.CodeInterpreter;

/**
 * Something a model can call mid-generation: it writes {@code <<INPUT=} and the tool's text is injected
 * after the {@code =}, followed by {@code >>}. The sandboxed {@link CodeInterpreter} is one; a task-specific
 * solver can be another.
 */
@FunctionalInterface
public interface Tool {
    ToolResult call(String input);
}
