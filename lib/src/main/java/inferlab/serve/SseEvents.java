package inferlab.serve;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads server-sent events (the "event stream" format of the HTML standard) as completions streams use them: an
 * event is its {@code data:} lines, joined by newlines, ended by a blank line. Lines may end in LF, CRLF or CR;
 * lines starting with ':' are comments, which servers and proxies send as keep-alives; one space after a field's
 * colon is dropped; an event the stream ends in the middle of is dropped, as the format says. Older llama.cpp
 * servers wrote a failure as an {@code error:} field, read here as an event named "error".
 */
final class SseEvents {
    /** One event: its name ("message" unless the server named it) and its data. */
    record Event(String name, String data) {}

    private final BufferedReader in;

    SseEvents(BufferedReader in) {
        this.in = in;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
        String name = null;
        StringBuilder data = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null) return new Event(name == null ? "message" : name, data.toString());
                name = null; // an event without data is not dispatched
                continue;
            }
            if (line.startsWith(":")) continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "error" -> {
                    name = "error";
                    data = new StringBuilder(value);
                }
                default -> { } // id, retry: nothing a completion needs
            }
        }
        return null;
    }
}
