package inferlab.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client for the conformance tests: JSON posts, server-sent events with arrival times, raw sockets. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {}

    static HttpResponse<String> post(String url, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, Duration timeout) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** One server-sent event's data and when it arrived (ms after the request was sent). */
    record Event(String data, double ms) {}

    /** Posts with {@code stream: true}; returns the events' data lines in order, with arrival times. */
    static List<Event> stream(String url, String body) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) throw new AssertionError("HTTP " + r.statusCode());
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) throw new AssertionError("not SSE");
        List<Event> out = new ArrayList<>();
        try (var lines = r.body()) {
            lines.forEach(l -> {
                if (l.startsWith("data: ")) out.add(new Event(l.substring(6), (System.nanoTime() - t0) / 1e6));
            });
        }
        return out;
    }

    /** A raw connection to the server, for clients that misbehave. */
    static Socket connect(String url) throws IOException {
        URI u = URI.create(url);
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(60_000);
        return s;
    }

    static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The request head of a POST with {@code Content-Length: length}. */
    static String head(String path, int length) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** Reads until the server closes or {@code n} bytes arrived. */
    static String read(Socket s, int n) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
