package inferlab.system;

import java.time.Duration;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a tool call returned: a status, the value of the last expression, what the code printed, and for
 * failures a message. A failure is data, not an exception: the system puts it back into the context.
 */
public record ToolResult(Status status, String value, String output, String message, Duration elapsed) {

    public enum Status {
        /** Ran to completion. */
        OK,
        /** Refused by the sandbox policy (it references something off the allowlist) before running. */
        REJECTED,
        /** Did not compile. */
        COMPILE_ERROR,
        /** Threw (including OutOfMemoryError and StackOverflowError). */
        EXCEPTION,
        /** Exceeded the wall-clock limit and was killed. */
        TIMEOUT,
        /** Printed more than the output limit and was killed. */
        OUTPUT_LIMIT,
        /** The process died without a result (exit, crash, a kill from an rlimit). */
        CRASHED
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** One row per snippet: the code, status, value or message, milliseconds; for notebooks. */
    public static Table table(String title, List<String> snippets, List<ToolResult> results) {
        StringColumn code = StringColumn.create("snippet"), status = StringColumn.create("status"),
                text = StringColumn.create("value or message");
        DoubleColumn ms = DoubleColumn.create("ms");
        for (int i = 0; i < snippets.size(); i++) {
            ToolResult r = results.get(i);
            code.append(snippets.get(i).strip().replace('\n', ' '));
            status.append(r.status().name());
            text.append(r.ok() ? r.toolText() : r.message());
            ms.append(r.elapsed().toNanos() / 1e6);
        }
        return Table.create(title, code, status, text, ms);
    }

    /** The text fed back to the model: the value (or the output if there is none), or "error: ...". */
    public String toolText() {
        if (ok()) return value.isEmpty() ? output.strip() : value;
        return "error: " + status.name().toLowerCase() + (message.isEmpty() ? "" : ": " + message);
    }
}
