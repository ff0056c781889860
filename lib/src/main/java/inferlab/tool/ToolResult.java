package inferlab.tool;

import inferlab.plot.Tables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        List<SnippetRow> rows = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            ToolResult r = results.get(i);
            rows.add(new SnippetRow(snippets.get(i).strip().replace('\n', ' '), r.status(),
                    r.ok() ? r.toolText() : r.message(), r.elapsed().toNanos() / 1e6));
        }
        return Tables.of(title, SnippetRow.class, rows);
    }

    private record SnippetRow(@Tables.Name("snippet") String code, Status status,
            @Tables.Name("value or message") String text, double ms) {}

    /** The text fed back to the model: the value (or the output if there is none), or "error: ...". */
    public String toolText() {
        if (ok()) return value.isEmpty() ? output.strip() : value;
        return "error: " + status.name().toLowerCase() + (message.isEmpty() ? "" : ": " + message);
    }
}
