package inferlab.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Server-sent events on a Jetty response, written without blocking whoever produces them (the engine's scheduler).
 * Jetty allows one write in flight, so events that arrive meanwhile are queued and go out together in the next
 * write; a client that reads slowly gets fewer, larger writes, and its queue is bounded by its own tokens. When a
 * write fails (the client went away) {@code onFailure} runs once, and the request ends.
 */
final class SseWriter {
    private final Response response;
    private final Callback done;
    private final Runnable onFailure;
    private final StringBuilder pending = new StringBuilder();
    private boolean writing;
    private boolean ending;
    private boolean over;

    SseWriter(Response response, Callback done, Runnable onFailure) {
        this.response = response;
        this.done = done;
        this.onFailure = onFailure;
    }

    /** Queues {@code data: json}. */
    synchronized void send(String json) {
        if (over || ending) return;
        pending.append("data: ").append(json).append("\n\n");
        flush();
    }

    /** Queues {@code data: [DONE]} and ends the response after it. */
    synchronized void end() {
        if (over || ending) return;
        pending.append("data: [DONE]\n\n");
        ending = true;
        flush();
    }

    private void flush() {
        if (writing || over || pending.isEmpty()) return;
        writing = true;
        boolean last = ending;
        ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        pending.setLength(0);
        Callback afterWrite = new Callback() {
            @Override
            public void succeeded() {
                synchronized (SseWriter.this) {
                    writing = false;
                    if (last) {
                        over = true;
                        done.succeeded();
                    } else {
                        flush();
                    }
                }
            }

            @Override
            public void failed(Throwable x) {
                synchronized (SseWriter.this) {
                    writing = false;
                    if (over) return;
                    over = true;
                }
                onFailure.run();
                done.failed(x);
            }
        };
        try {
            response.write(last, bytes, afterWrite);
        } catch (RuntimeException e) { // the response is already over, say: the same as a failed write
            afterWrite.failed(e);
        }
    }
}
