package inferlab.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a {@link CompletionModel} over the OpenAI API on loopback: {@code POST /v1/completions},
 * {@code POST /v1/chat/completions}, {@code GET /v1/models}, {@code GET /health}.
 *
 * <p>Requests beyond {@code maxConcurrent} get 429 at once rather than queueing without bound; a bad request
 * gets 400 with the API's error body. Batching across requests is the model's business (see
 * {@link BatchingEngine}): the server only runs each request on its own thread.
 */
public final class OpenAiServer implements AutoCloseable {

    /** Request limits; anything above them is refused with a 4xx and a message. */
    public record Limits(int maxConcurrent, int maxTokens, int maxBodyBytes) {
        public static Limits defaults() {
            return new Limits(64, 1024, 1 << 20);
        }
    }

    private final CompletionModel model;
    private final String modelName;
    private final ChatTemplate template;
    private final Limits limits;
    private final Semaphore slots;
    private final HttpServer http;
    private final ExecutorService pool;
    private final AtomicLong served = new AtomicLong();

    public OpenAiServer(CompletionModel model, String modelName, ChatTemplate template, String host, int port, Limits limits)
            throws IOException {
        this.model = model;
        this.modelName = modelName;
        this.template = template;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConcurrent());
        this.http = HttpServer.create(new InetSocketAddress(host, port), 512);
        this.pool = Executors.newFixedThreadPool(limits.maxConcurrent() + 4);
        http.setExecutor(pool);
        http.createContext("/", this::handle);
    }

    public OpenAiServer start() {
        http.start();
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    public String url() {
        return "http://" + http.getAddress().getHostString() + ":" + port();
    }

    public long served() {
        return served.get();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().replaceAll("/+$", "");
            String method = ex.getRequestMethod();
            switch (path) {
                case "/health" -> send(ex, 200, "{\"status\":\"ok\"}");
                case "/v1/models" -> send(ex, 200, modelsJson().toString());
                case "/v1/completions", "/v1/chat/completions" -> {
                    if (!method.equals("POST")) {
                        error(ex, 405, "use POST for " + path);
                    } else if (!slots.tryAcquire()) {
                        error(ex, 429, "too many concurrent requests (limit " + limits.maxConcurrent() + "); retry later");
                    } else {
                        try {
                            answer(ex, path.endsWith("chat/completions"));
                        } finally {
                            slots.release();
                        }
                    }
                }
                default -> error(ex, 404, "no route " + path);
            }
        } catch (IOException clientWentAway) {
            // nothing to answer to
        }
    }

    private void answer(HttpExchange ex, boolean chat) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(limits.maxBodyBytes() + 1);
            if (bytes.length > limits.maxBodyBytes()) {
                error(ex, 413, "request body over " + limits.maxBodyBytes() + " bytes");
                return;
            }
            body = new String(bytes, StandardCharsets.UTF_8);
        }
        CompletionRequest request;
        JsonObject json;
        try {
            json = OpenAiJson.object(body);
            if (json.has("model") && !json.get("model").isJsonNull() && !json.get("model").getAsString().equals(modelName)) {
                error(ex, 404, "model '" + json.get("model").getAsString() + "' not found; this server has '" + modelName + "'");
                return;
            }
            if (chat) {
                json = json.deepCopy();
                json.addProperty("prompt", template.render(ChatTemplate.parseMessages(json)));
            }
            request = OpenAiJson.parseRequest(json.toString());
            if (chat) {
                List<String> stop = new ArrayList<>(request.stop());
                stop.add(template.endOfTurn());
                request = request.withStop(stop);
            }
            if (request.maxTokens() > limits.maxTokens()) {
                throw new IllegalArgumentException("max_tokens " + request.maxTokens() + " is over this server's limit " + limits.maxTokens());
            }
        } catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            error(ex, 400, e.getMessage());
            return;
        }
        Completion c;
        try {
            c = model.complete(request);
        } catch (IllegalArgumentException e) {
            error(ex, 400, e.getMessage());
            return;
        } catch (RuntimeException e) {
            error(ex, 500, "generation failed: " + e);
            return;
        }
        served.incrementAndGet();
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
        long created = System.currentTimeMillis() / 1000;
        send(ex, 200, (chat ? chatJson(id, created, c) : OpenAiJson.responseJson(id, modelName, created, c)).toString());
    }

    private JsonObject chatJson(String id, long created, Completion c) {
        JsonObject o = OpenAiJson.responseJson(id, modelName, created, c);
        o.addProperty("object", "chat.completion");
        for (var e : o.getAsJsonArray("choices")) {
            JsonObject ch = e.getAsJsonObject();
            JsonObject msg = new JsonObject();
            msg.addProperty("role", "assistant");
            msg.addProperty("content", ch.remove("text").getAsString());
            ch.add("message", msg);
        }
        return o;
    }

    private JsonObject modelsJson() {
        JsonObject m = new JsonObject();
        m.addProperty("id", modelName);
        m.addProperty("object", "model");
        m.addProperty("owned_by", "inferlab");
        JsonArray data = new JsonArray();
        data.add(m);
        JsonObject o = new JsonObject();
        o.addProperty("object", "list");
        o.add("data", data);
        return o;
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        send(ex, status, OpenAiJson.errorJson(status, message).toString());
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
