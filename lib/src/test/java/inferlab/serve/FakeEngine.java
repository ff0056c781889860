package inferlab.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A scripted stand-in for a serving engine on loopback: each request to a path gets that path's next scripted
 * {@link Reply} (the last one repeats), written byte for byte, in the pieces given (each flushed on its own, so
 * the client reads them in separate TCP reads). Every request's headers and body are kept.
 */
public final class FakeEngine implements AutoCloseable {
    /** How to answer one request. */
    @FunctionalInterface
    public interface Reply {
        void write(HttpExchange exchange) throws IOException;
    }

    /** One request as the engine saw it. */
    public record Request(String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Deque<Reply>> script = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public FakeEngine() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Scripts the replies to {@code path}, in order. */
    public FakeEngine on(String path, Reply... replies) {
        synchronized (script) {
            script.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
        }
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(path, Map.copyOf(ex.getRequestHeaders()),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Reply reply;
        synchronized (script) {
            Deque<Reply> q = script.get(path);
            reply = q == null ? json(404, "{\"detail\":\"Not Found\"}") : q.size() > 1 ? q.poll() : q.peek();
        }
        try {
            reply.write(ex);
        } finally {
            ex.close();
        }
    }

    /** A whole body with its status and Content-Type {@code application/json}. */
    public static Reply json(int status, String body, String... headers) {
        return raw(status, "application/json", body, headers);
    }

    /** A whole body with the given status, Content-Type and further header name/value pairs. */
    public static Reply raw(int status, String contentType, String body, String... headers) {
        return ex -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            for (int i = 0; i < headers.length; i += 2) ex.getResponseHeaders().set(headers[i], headers[i + 1]);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        };
    }

    /** A 200 JSON body gzip-compressed, with {@code Content-Encoding: gzip}. */
    public static Reply gzipped(String body) {
        return ex -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
                z.write(body.getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, zipped.size());
            ex.getResponseBody().write(zipped.toByteArray());
        };
    }

    /** A 200 event stream (chunked), each piece flushed alone after a short pause. */
    public static Reply sse(String... pieces) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String p : pieces) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(5);
            }
        };
    }

    /** Sends the headers and {@code start} of the body, then goes quiet for {@code millis}. */
    public static Reply stall(String contentType, String start, long millis) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(start.getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            pause(millis);
        };
    }

    /** Promises {@code length} bytes, sends {@code start}, and closes the connection. */
    public static Reply cutShort(String start, int length) {
        return ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, length);
            ex.getResponseBody().write(start.getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush(); // closing the exchange short of the length drops the connection
        };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
