package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import inferlab.model.CompletionModel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link CompletionModel} over the OpenAI API: {@code POST /v1/completions},
 * {@code POST /v1/chat/completions}, {@code GET /v1/models}, {@code GET /health}, answering as vLLM and llama.cpp's
 * server do (see {@link ApiRequest} for what a request may say), in one JSON body or as server-sent events.
 *
 * <p>It runs on Jetty 12's core API rather than the JDK's {@code com.sun.net.httpserver}, which has no read
 * timeouts and a thread per exchange, so a few clients sending headers slowly froze it. Jetty reads with
 * non-blocking I/O (a stalled client costs a connection, not a thread), has idle timeouts, a connection limit and
 * asynchronous writes, which server-sent events need; its core API, without servlets or a web framework on top
 * (Javalin would add both, and Kotlin), keeps the handlers thin. Nothing here waits: the body is read
 * asynchronously, requests go to the model's bounded queue, and the answer is written as the model produces it.
 *
 * <p>Status codes: 400 for a request the model cannot serve (checked whole before it is queued, so it never
 * shares a batch) and for a body that is not JSON (by its {@code Content-Type} or its bytes), 401 without the API
 * key, 404 for an unknown route or model, 405 with {@code Allow} for a route asked with the wrong method, 408 for a
 * body not sent within {@link Limits#bodyTimeout}, 413 for a body over {@link Limits#maxBodyBytes}, 415 for a
 * compressed body ({@code Content-Encoding}) and 501 for a transfer coding besides chunked, 429 with
 * {@code Retry-After} only when the model's queue is full, 503 while shutting down. Errors have the API's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, including those Jetty answers itself
 * ({@link ApiErrorHandler}).
 */
public final class OpenAiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);

    /**
     * Request limits; anything above them is refused with a 4xx and a message.
     *
     * @param maxConnections open connections at most (further ones wait in the accept queue)
     * @param maxTokens      max_tokens at most; the model's context bounds it too
     * @param maxBodyBytes   request body size at most
     * @param maxChoices     choices per request at most: n times the number of prompts
     * @param idleTimeout    a connection with no traffic this long is closed (unless its answer is being generated)
     * @param bodyTimeout    the whole request body must arrive within this, and a connection sending a request head
     *                       for two to three times this is closed ({@link HeadDeadline})
     */
    public record Limits(int maxConnections, int maxTokens, int maxBodyBytes, int maxChoices, Duration idleTimeout,
                         Duration bodyTimeout) {
        public Limits {
            if (maxConnections < 1 || maxTokens < 1 || maxBodyBytes < 1 || maxChoices < 1) {
                throw new IllegalArgumentException("limits must be >= 1");
            }
        }

        /** Room for the shared task's 300 concurrent clients; max_tokens bounded by the model's context only. */
        public static Limits defaults() {
            return new Limits(1024, Integer.MAX_VALUE, 1 << 20, 16, Duration.ofSeconds(30), Duration.ofSeconds(10));
        }

        public Limits withMaxTokens(int maxTokens) {
            return new Limits(maxConnections, maxTokens, maxBodyBytes, maxChoices, idleTimeout, bodyTimeout);
        }
    }

    private final StreamingModel model;
    private final boolean ownsModel;
    private final String modelName;
    private final ChatTemplate template;
    private final Limits limits;
    private final byte[] apiKey;
    private final Server http;
    private final ServerConnector connector;
    private final AtomicLong served = new AtomicLong();

    public OpenAiServer(CompletionModel model, String modelName, ChatTemplate template, String host, int port, Limits limits) {
        this(model, modelName, template, host, port, limits, null);
    }

    /**
     * @param model  served as is when it streams ({@link BatchingEngine}); any other model is run by a
     *               {@link PooledModel} of 8 threads
     * @param apiKey when not null, every {@code /v1} request needs {@code Authorization: Bearer apiKey}
     */
    public OpenAiServer(CompletionModel model, String modelName, ChatTemplate template, String host, int port, Limits limits,
                        String apiKey) {
        this.ownsModel = !(model instanceof StreamingModel);
        this.model = model instanceof StreamingModel s ? s : new PooledModel(model, 8, BatchingEngine.DEFAULT_QUEUE);
        this.modelName = modelName;
        this.template = template;
        this.limits = limits;
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("inferlab-http");
        threads.setDaemon(true);
        this.http = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setRequestHeaderSize(16 * 1024);
        this.connector = new ServerConnector(http, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        http.addConnector(connector);
        http.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        connector.addEventListener(new HeadDeadline(connector.getScheduler(), limits.bodyTimeout()));
        http.setErrorHandler(new ApiErrorHandler());
        http.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        });
    }

    public OpenAiServer start() {
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve on " + connector.getHost() + ":" + connector.getPort() + ": " + e.getMessage(), e);
        }
        if (apiKey == null && !isLoopback(connector.getHost())) { // on stderr, whatever the log level
            System.err.println("warning: serving on " + connector.getHost() + " without an API key: anyone who can reach"
                    + " this address can use the model (set --api-key or INFERLAB_API_KEY)");
        }
        return this;
    }

    /** True for addresses only this machine can reach. */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String url() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Requests answered in full. */
    public long served() {
        return served.get();
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            LOG.warn("stopping the server: {}", e.toString());
        }
        if (ownsModel) ((PooledModel) model).close();
    }

    private void route(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request).replaceAll("/+$", "");
        String method = request.getMethod();
        String allowed = switch (path) {
            case "/health", "/v1/models" -> "GET";
            case "/v1/completions", "/v1/chat/completions" -> "POST";
            default -> null;
        };
        // only a POST to a POST route reads a body; any other answer leaves it unread and Jetty then drops the
        // connection, so the answer must say it closes, or a client reusing the connection gets nothing back
        boolean readsBody = "POST".equals(allowed) && method.equals("POST");
        if (!readsBody && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
            closeAfter(response);
        }
        if (path.startsWith("/v1/") && !authorized(request)) { // before 404: the key guards which routes exist too
            error(response, callback, 401, "a valid API key is required: send 'Authorization: Bearer <key>'");
            return;
        }
        if (allowed == null) {
            error(response, callback, 404, "no route " + (path.isEmpty() ? "/" : path));
            return;
        }
        if (!method.equals(allowed) && !(allowed.equals("GET") && method.equals("HEAD"))) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed.equals("GET") ? "GET, HEAD" : allowed);
            error(response, callback, 405, "use " + allowed + " for " + path);
            return;
        }
        switch (path) {
            case "/health" -> json(response, callback, 200, "{\"status\":\"ok\"}");
            case "/v1/models" -> json(response, callback, 200, modelsJson().toString());
            default -> {
                String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
                String coding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
                String transfer = request.getHeaders().get(HttpHeader.TRANSFER_ENCODING);
                if (coding != null && !coding.strip().equalsIgnoreCase("identity")) { // read as is, gzip was "not UTF-8"
                    closeAfter(response);
                    response.getHeaders().put(HttpHeader.ACCEPT_ENCODING, "identity");
                    error(response, callback, 415, "this server reads request bodies without a Content-Encoding, not '" + coding + "'");
                } else if (transfer != null && !transfer.strip().equalsIgnoreCase("chunked")) { // Jetty undoes chunked only
                    closeAfter(response);
                    error(response, callback, 501, "this server reads the chunked transfer coding alone, not '" + transfer + "'");
                } else if (type != null && !isJson(type)) {
                    closeAfter(response);
                    error(response, callback, 400, "the body must be JSON with 'Content-Type: application/json', not '" + type + "'");
                } else if (request.getLength() > limits.maxBodyBytes()) {
                    closeAfter(response);
                    error(response, callback, 413, "the request body is over " + limits.maxBodyBytes() + " bytes");
                } else {
                    readBody(request, response, callback, path.endsWith("chat/completions"));
                }
            }
        }
    }

    /** {@code application/json} or a {@code +json} type, with any parameters ({@code charset=utf-8}). */
    static boolean isJson(String contentType) {
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return mime.equals("application/json") || mime.startsWith("application/") && mime.endsWith("+json");
    }

    private boolean authorized(Request request) {
        if (apiKey == null) return true;
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(apiKey, h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the body without holding a thread, within {@link Limits#bodyTimeout}, then answers. */
    private void readBody(Request request, Response response, Callback callback, boolean chat) {
        Content.Source.asByteArrayAsync(request, limits.maxBodyBytes())
                .orTimeout(limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((bytes, failure) -> {
                    if (failure != null) {
                        closeAfter(response);
                        if (failure instanceof TimeoutException) {
                            error(response, callback, 408, "the request body did not arrive within " + limits.bodyTimeout().toSeconds() + " s");
                        } else if (Request.getContentBytesRead(request) > limits.maxBodyBytes() || failure instanceof IllegalArgumentException) {
                            error(response, callback, 413, "the request body is over " + limits.maxBodyBytes() + " bytes");
                        } else { // a malformed body (bad chunking); if the client left instead, nobody reads this
                            error(response, callback, 400, "the request body could not be read: " + inferlab.Errors.reason(failure));
                        }
                        return;
                    }
                    String body;
                    try { // strictly: new String(...) would turn bad bytes into U+FFFD in the prompt
                        body = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
                    } catch (CharacterCodingException e) {
                        error(response, callback, 400, "the request body is not valid UTF-8");
                        return;
                    }
                    answer(body, chat, request, response, callback);
                });
    }

    private void answer(String body, boolean chat, Request request, Response response, Callback callback) {
        try {
            ApiRequest api = ApiRequest.parse(body, chat, template, Math.min(limits.maxTokens(), model.contextLength()),
                    limits.maxChoices());
            if (api.model() != null && !api.model().equals(modelName)) {
                error(response, callback, 404, "the model '" + api.model() + "' does not exist; this server has '" + modelName + "'");
                return;
            }
            new ApiCall(api, modelName, response, callback, served::incrementAndGet).start(model, request);
        } catch (RuntimeException e) {
            int status = status(e);
            if (status == 429) response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            if (status >= 500) LOG.warn("request failed: {}", e.toString());
            error(response, callback, status, e.getMessage());
        } catch (StackOverflowError e) { // thrown here it would vanish in the body's future and leave the client waiting
            error(response, callback, 400, "the request is nested too deeply to read");
        }
    }

    /** The HTTP status for a failure: the request's fault, a full queue, a closing server, or ours. */
    static int status(RuntimeException e) {
        if (e instanceof Overloaded) return 429;
        if (e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException) return 400;
        if (e instanceof IllegalStateException) return 503;
        return 500;
    }

    static void error(Response response, Callback callback, int status, String message) {
        json(response, callback, status, OpenAiJson.errorJson(status, message).toString());
    }

    private static void json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    /** The rest of an unread body is not worth reading: close the connection after the answer. */
    private static void closeAfter(Response response) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    private JsonObject modelsJson() {
        JsonObject m = new JsonObject();
        m.addProperty("id", modelName);
        m.addProperty("object", "model");
        m.addProperty("created", 0);
        m.addProperty("owned_by", "inferlab");
        if (model.contextLength() < Integer.MAX_VALUE) m.addProperty("max_model_len", model.contextLength());
        JsonArray data = new JsonArray();
        data.add(m);
        JsonObject o = new JsonObject();
        o.addProperty("object", "list");
        o.add("data", data);
        return o;
    }
}
