package inferlab.serve;

import inferlab.model.Completion;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One admitted completions or chat request on its way back to the client: the engine's {@link TokenStream}
 * becomes either one JSON answer or server-sent events ({@code data: {chunk}} per piece of text, a finish chunk
 * per choice, a usage chunk when asked, then {@code data: [DONE]}). If the client goes away (a failed write or a
 * failed connection) the job is cancelled, which frees its batch slots and KV cache.
 */
final class ApiCall implements TokenStream {
    private final ApiRequest api;
    private final String modelName;
    private final Response response;
    private final Callback callback;
    private final Runnable onServed;
    private final String id;
    private final long created = System.currentTimeMillis() / 1000;
    private final Collector collector;
    private final SseWriter events;
    private final boolean[] started;
    private volatile StreamingModel.Handle handle;
    private final AtomicBoolean over = new AtomicBoolean();
    private ClientWatch watch;
    private boolean answering;
    private EndPoint endPoint;
    private long idleTimeout;
    private boolean writing;
    private volatile boolean cancelled;

    ApiCall(ApiRequest api, String modelName, Response response, Callback callback, Runnable onServed) {
        this.api = api;
        this.modelName = modelName;
        this.response = response;
        // the first ending wins: the client may leave just as the answer is written
        this.callback = Callback.from(callback.getInvocationType(), () -> {
            if (over.compareAndSet(false, true)) callback.succeeded();
        }, x -> {
            if (over.compareAndSet(false, true)) callback.failed(x);
        });
        this.onServed = onServed;
        this.id = (api.chat() ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
        int choices = api.job().choices();
        this.collector = api.stream() ? null : new Collector(choices);
        this.events = api.stream() ? new SseWriter(response, this.callback, this::cancel) : null;
        this.started = new boolean[choices];
    }

    /**
     * Submits the job; throws as {@link StreamingModel#submit} does, before anything is written, so the caller can
     * still answer with an error status.
     */
    void start(StreamingModel model, Request request) {
        if (events != null) { // set before submitting: the first event may be written at once
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        }
        // registered first: the answer may be complete (and the request over) before submit returns
        request.addFailureListener(failure -> cancel());
        // while the request waits and runs, the client has nothing to send and nothing to read: its silence is
        // not idleness. The timeout is back in force from the first write on, where a stalled reader shows.
        endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        idleTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(0);
        try {
            handle = model.submit(api.job(), this);
        } catch (RuntimeException refused) {
            writingNow(); // the caller answers with the error
            throw refused;
        }
        if (cancelled) handle.cancel();
        // Jetty notices a client that left only when it writes to it, which a plain answer does once, at the end
        synchronized (this) {
            if (!answering) watch = ClientWatch.start(endPoint, () -> {
                cancel();
                // a client that only shut its sending side (nc -N, a shell pipe) still reads: a 400 that says
                // why, not a 500 from this server
                callback.failed(new HttpException.RuntimeException(400, "the client closed its side of the connection before"
                        + " the answer, which counts as leaving: the request was cancelled"));
            });
        }
    }

    /**
     * Ends the watch before the answer's last write: a client that has it may send its next request at once, which
     * the watch must not read. A client that leaves from here on shows as a failed write.
     */
    private synchronized void lastWrite() {
        answering = true;
        if (watch != null && watch.stop() && !response.isCommitted()) response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    private void cancel() {
        cancelled = true;
        StreamingModel.Handle h = handle;
        if (h != null) h.cancel();
    }

    /** Ends the grace from the idle timeout: from here on the server writes and the client must read. */
    private void writingNow() {
        if (writing) return;
        writing = true;
        endPoint.setIdleTimeout(idleTimeout);
    }

    @Override
    public void onDelta(int choice, Delta d) {
        if (collector != null) {
            collector.onDelta(choice, d);
        } else {
            writingNow();
            events.send(chunk(choice, d, null));
        }
    }

    @Override
    public void onFinish(int choice, String reason) {
        if (collector != null) {
            collector.onFinish(choice, reason);
        } else {
            writingNow();
            events.send(chunk(choice, new Delta("", java.util.List.of()), reason));
        }
    }

    @Override
    public void onComplete(int promptTokens, int completionTokens) {
        lastWrite();
        onServed.run();
        writingNow();
        if (collector != null) {
            collector.onComplete(promptTokens, completionTokens);
            Completion c = collector.result.join();
            String body = (api.chat() ? ChatJson.responseJson(id, modelName, created, c, api.job().tool())
                    : OpenAiJson.responseJson(id, modelName, created, c)).toString();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            Content.Sink.write(response, true, body, callback);
        } else {
            if (api.includeUsage()) {
                events.send(OpenAiJson.usageChunkJson(id, api.chat() ? "chat.completion.chunk" : "text_completion",
                        modelName, created, promptTokens, completionTokens).toString());
            }
            events.end();
        }
    }

    @Override
    public void onError(RuntimeException e) {
        lastWrite();
        writingNow();
        int status = OpenAiServer.status(e);
        if (collector != null) {
            OpenAiServer.error(response, callback, status, e.getMessage());
        } else {
            events.send(OpenAiJson.errorJson(status, e.getMessage()).toString());
            events.end();
        }
    }

    private String chunk(int choice, Delta d, String finishReason) {
        if (!api.chat()) return OpenAiJson.chunkJson(id, modelName, created, choice, d, finishReason, api.includeUsage()).toString();
        boolean first = !started[choice];
        started[choice] = true;
        return ChatJson.chunkJson(id, modelName, created, choice, first, d, finishReason, api.includeUsage(), api.job().tool()).toString();
    }
}
