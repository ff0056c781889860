package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that are wrong at the HTTP level (method, content type, framing, the request head itself) get a 4xx in
 * the API's error shape, and the server goes on answering a good request after each.
 */
class HttpErrorsTest {
    static Loopback server;
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String GOOD = "{\"prompt\": \"The nation\", \"max_tokens\": 2}";

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.serve(inferlab.Fixtures.tinyLlamaWithTokenizer(), "llama-tiny", 4, OpenAiServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServes() throws Exception {
        assertEquals(200, Http.post(server.url() + "/v1/completions", GOOD).statusCode());
    }

    static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body is {"error": {message, type, param, code}} with the response's status as code. */
    static JsonObject apiError(int status, String body) {
        JsonObject e = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
        assertNotNull(e, body);
        assertTrue(e.has("message") && e.has("type") && e.has("param"), body);
        assertEquals(status, e.get("code").getAsInt(), body);
        return e;
    }

    @Test
    void everyRouteRefusesTheOtherMethodsWith405AndAllow() throws Exception {
        for (String path : new String[] {"/health", "/v1/models"}) {
            for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
                HttpResponse<String> r = send(method, path, "application/json", "{}");
                assertEquals(405, r.statusCode(), method + " " + path + ": " + r.body());
                assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
                apiError(405, r.body());
            }
            assertEquals(200, send("GET", path, null, null).statusCode());
        }
        HttpResponse<String> r = send("DELETE", "/v1/completions", null, null);
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("Allow").orElse(""));
        assertEquals("no route /", apiError(404, send("GET", "/", null, null).body()).get("message").getAsString());
    }

    /**
     * An answer given before the request's body is read (401, 404, 405) says it closes the connection: Jetty drops a
     * connection whose body is left unread, and a client reusing it for its next request got no answer at all.
     */
    @Test
    void anAnswerThatLeavesTheBodyUnreadClosesTheConnectionAndSaysSo() throws Exception {
        for (String head : new String[] {"POST /health", "PUT /v1/completions", "POST /nowhere"}) {
            try (Socket s = Http.connect(server.url())) {
                // the body's two bytes are never sent: the answer comes before it
                Http.write(s, head + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n");
                String answer = Http.read(s, 4096);
                assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
                assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), head + ": " + answer);
            }
        }
    }

    @Test
    void aBodyOfAnotherContentTypeIsRefusedAndJsonWithACharsetIsNot() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> r = send("POST", "/v1/completions", type, GOOD);
            assertEquals(400, r.statusCode(), type);
            assertTrue(apiError(400, r.body()).get("message").getAsString().contains("application/json"), r.body());
        }
        assertEquals(200, send("POST", "/v1/completions", "application/json; charset=utf-8", GOOD).statusCode());
        assertEquals(200, send("POST", "/v1/completions", "Application/JSON", GOOD).statusCode());
    }

    @Test
    void malformedJsonIsExplainedWithoutJavaClassNames() throws Exception {
        for (String body : new String[] {"{\"prompt\": ", "{\"prompt\": \"hi\"} xyz"}) {
            HttpResponse<String> r = send("POST", "/v1/completions", "application/json", body);
            String message = apiError(400, r.body()).get("message").getAsString();
            assertTrue(message.startsWith("body is not valid JSON: ") && message.contains("line 1"), message);
            assertFalse(message.contains("Exception") || message.contains("https://"), message);
        }
    }

    @Test
    void aValueOfTheWrongJsonTypeWhereAStringBelongsIsA400NotAGsonMessage() throws Exception {
        String[][] cases = { // body, path, what the message says
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"model\": []}", "/v1/completions", "'model' must be a string"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"model\": [\"a\", \"b\"]}", "/v1/completions", "'model' must be a string"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"model\": {}}", "/v1/completions", "'model' must be a string"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"model\": 5}", "/v1/completions", "'model' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": [\"a\", \"b\"], \"text\": \"hi\"}]}]}", "/v1/chat/completions", "'type' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": null, \"text\": \"hi\"}]}]}", "/v1/chat/completions", "only text content parts"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": {}}]}]}", "/v1/chat/completions", "'text' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": [1, 2]}]}]}", "/v1/chat/completions", "'text' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": null}]}]}", "/v1/chat/completions", "'text' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logprobs\": true, \"top_logprobs\": 21}", "/v1/chat/completions", "'top_logprobs' must be in [0, 20], got 21"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_completion_tokens\": -1}", "/v1/chat/completions", "'max_completion_tokens' must be >= 0, got -1"},
            {"{\"prompt\": \"hi\", \"max_tokens\": -3}", "/v1/completions", "'max_tokens' must be >= 0, got -3"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"seed\": 1e99999}", "/v1/completions", "'seed' must be a 64-bit integer"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"seed\": 1.5}", "/v1/completions", "'seed' must be a 64-bit integer"},
            // fields the server does not use are still of the API's type, as OpenAI and vLLM check them
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"top_k\": -5}", "/v1/completions", "'top_k' must be -1 or 0 (off) or at least 1"},
            {"{\"prompt\": \"hi\", \"max_tokens\": 1, \"user\": 5}", "/v1/completions", "'user' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"user\": [\"a\"]}", "/v1/chat/completions", "'user' must be a string"},
            {"{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"parallel_tool_calls\": \"x\"}", "/v1/chat/completions", "'parallel_tool_calls' must be true or false"},
            {"{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": 5, \"arguments\": \"{}\"}}]}]}", "/v1/chat/completions", "'name' must be a string"},
            {"{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\", \"function\": {\"arguments\": \"{}\"}}]}]}", "/v1/chat/completions", "'tool_calls' must be a list of"},
            {"{\"messages\": [{\"role\": \"assistant\", \"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": 5}}]}]}", "/v1/chat/completions", "arguments of a tool call"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("POST", c[1], "application/json", c[0]);
            assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
            String message = apiError(400, r.body()).get("message").getAsString();
            assertTrue(message.contains(c[2]), c[0] + ": " + message);
        }
    }

    @Test
    void aBodyThatIsNotStrictJsonOrNotUtf8IsRefused() throws Exception {
        String[] bodies = { // Gson's lenient reader took each of these as {"prompt": "hi", "max_tokens": 1}
            "{prompt: \"hi\", max_tokens: 1}",
            "{'prompt': 'hi', 'max_tokens': 1}",
            "{\"prompt\": \"hi\"; \"max_tokens\": 1}",
            "{\"prompt\": \"hi\", \"max_tokens\": 1,}",
        };
        for (String body : bodies) {
            HttpResponse<String> r = send("POST", "/v1/completions", "application/json", body);
            assertEquals(400, r.statusCode(), body + ": " + r.body());
            String message = apiError(400, r.body()).get("message").getAsString();
            assertTrue(message.startsWith("body is not valid JSON: "), message);
        }
        byte[] head = "{\"prompt\": \"hi".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\", \"max_tokens\": 1}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xff; // never valid in UTF-8
        body[head.length + 1] = (byte) 0xc3; // a lead byte without its continuation
        System.arraycopy(tail, 0, body, head.length + 2, tail.length);
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(apiError(400, r.body()).get("message").getAsString().contains("UTF-8"), r.body());
        // the same text escaped: half a surrogate pair, anywhere in the body, was taken and became '?' in the prompt
        for (String bad : new String[] {"{\"prompt\": \"hi\\ud800\", \"max_tokens\": 1}", "{\"prompt\": [\"\\udc00\"], \"max_tokens\": 1}",
                "{\"prompt\": \"hi\", \"max_tokens\": 1, \"stop\": [\"\\ud83d\"]}", "{\"prompt\": \"hi\", \"max_tokens\": 1, \"x\\udfff\": 1}"}) {
            r = send("POST", "/v1/completions", "application/json", bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(apiError(400, r.body()).get("message").getAsString().contains("unpaired surrogate"), r.body());
        }
        assertEquals(200, send("POST", "/v1/completions", "application/json", "{\"prompt\": \"hi \\ud83d\\ude00\", \"max_tokens\": 1}").statusCode());
    }

    /** A compressed body was read as it is: gzip answered \"not valid UTF-8\", any other coding was ignored. */
    @Test
    void aCompressedBodyIsRefusedNotReadAsItIs() throws Exception {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(GOOD.getBytes(StandardCharsets.UTF_8));
        }
        String[][] cases = {{"gzip", null}, {"br", GOOD}, {"x-custom", GOOD}};
        for (String[] c : cases) {
            HttpRequest.BodyPublisher body = c[1] == null ? HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())
                    : HttpRequest.BodyPublishers.ofString(c[1]);
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                    .header("Content-Type", "application/json").header("Content-Encoding", c[0]).POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(415, r.statusCode(), c[0] + ": " + r.body());
            assertEquals("identity", r.headers().firstValue("Accept-Encoding").orElse(""));
            assertTrue(apiError(415, r.body()).get("message").getAsString().contains("'" + c[0] + "'"), r.body());
        }
        assertEquals(200, CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/completions"))
                .header("Content-Type", "application/json").header("Content-Encoding", "identity")
                .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        // a transfer coding before chunked: Jetty undid the chunks and passed the gzip on
        try (Socket s = Http.connect(server.url())) {
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream(); // in one write: it is answered at its head
            request.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: gzip, chunked\r\n\r\n" + Integer.toHexString(gz.size()) + "\r\n").getBytes(StandardCharsets.UTF_8));
            gz.writeTo(request);
            request.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(request.toByteArray());
            String answer = Http.read(s, 4096);
            assertTrue(answer.startsWith("HTTP/1.1 501"), answer);
            assertTrue(apiError(501, answer.substring(answer.indexOf("\r\n\r\n") + 4, answer.lastIndexOf('}') + 1))
                    .get("message").getAsString().contains("'gzip, chunked'"), answer);
        }
    }

    /** The sampler refuses a temperature of 1e400 (infinite) as the request's sequences are built, after admission. */
    @Test
    void aRequestRefusedAsItIsQueuedKeepsNoSlots() throws Exception {
        String body = "{\"prompt\": \"hi\", \"max_tokens\": 1, \"n\": 16, \"temperature\": 1e400}";
        for (int i = 0; i < 2 * BatchingEngine.DEFAULT_QUEUE / 16; i++) { // each kept 16 slots: the queue filled for good
            HttpResponse<String> r = send("POST", "/v1/completions", "application/json", body);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(apiError(400, r.body()).get("message").getAsString().contains("temperature must be finite"), r.body());
        }
        assertEquals(0, server.engine().active());
    }

    @Test
    void anUnknownChatRoleIsRefused() throws Exception {
        for (String role : new String[] {"wizard", "user\\nassistant", "5"}) {
            HttpResponse<String> r = send("POST", "/v1/chat/completions", "application/json",
                    "{\"messages\": [{\"role\": \"" + role + "\", \"content\": \"hi\"}], \"max_tokens\": 1}");
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(apiError(400, r.body()).get("message").getAsString().contains("role"), r.body());
        }
        HttpResponse<String> numeric = send("POST", "/v1/chat/completions", "application/json",
                "{\"messages\": [{\"role\": 5, \"content\": \"hi\"}], \"max_tokens\": 1}");
        assertEquals(400, numeric.statusCode(), numeric.body());
    }

    @Test
    void errorsJettyAnswersItselfHaveTheApiShape() throws Exception {
        String[] heads = {
            "GARBAGE\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n",
            "POST //v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
            // methods besides GET, POST and HEAD: Jetty's default answered these with no body
            "PUT //v1/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "DELETE //v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        };
        for (String head : heads) {
            try (Socket s = Http.connect(server.url())) {
                Http.write(s, head);
                String answer = Http.read(s, 4096);
                int status = Integer.parseInt(answer.substring(9, 12));
                assertTrue(status >= 400 && status < 500, answer);
                assertTrue(answer.contains("Content-Type: application/json"), answer);
                apiError(status, answer.substring(answer.indexOf("\r\n\r\n") + 4, answer.lastIndexOf('}') + 1));
            }
        }
    }

    @Test
    void clientsSendingARequestHeadSlowlyCannotHoldEveryConnection() throws Exception {
        // a byte every 100 ms keeps a connection busy under the 2 s idle timeout; its head never ends
        try (OpenAiServer small = new OpenAiServer(server.engine(), "llama-tiny", ChatTemplate.PLAIN, "127.0.0.1", 0,
                new OpenAiServer.Limits(3, 16, 1 << 16, 4, Duration.ofSeconds(2), Duration.ofMillis(400))).start()) {
            java.util.List<Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    slow.add(Http.connect(small.url()));
                    Http.write(slow.get(i), "POST /v1/completions HTTP/1.1\r\nHost: x\r\n");
                }
                Thread trickle = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            for (Socket s : slow) Http.write(s, "X");
                            Thread.sleep(100);
                        }
                    } catch (Exception closedOrInterrupted) { // the server closed them: the point
                    }
                });
                trickle.setDaemon(true);
                trickle.start();
                HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(small.url() + "/v1/completions"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                trickle.interrupt();
            } finally {
                for (Socket s : slow) s.close();
            }
            // a request that is answered slowly is no head sent slowly: kept alive, it is served
            HttpResponse<String> slowAnswer = Http.post(small.url() + "/v1/completions", "{\"prompt\": \"The nation\", \"max_tokens\": 16}");
            assertEquals(200, slowAnswer.statusCode());
        }
    }

    @Test
    void aMalformedChunkedBodyIs400NotAnEmpty200() throws Exception {
        try (Socket s = Http.connect(server.url())) {
            Http.write(s, "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n");
            String answer = Http.read(s, 4096);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            apiError(400, answer.substring(answer.indexOf("\r\n\r\n") + 4, answer.lastIndexOf('}') + 1));
        }
    }
}
