package inferlab.serve;

import static inferlab.serve.FakeEngine.json;
import static inferlab.serve.FakeEngine.raw;
import static inferlab.serve.FakeEngine.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.model.CompletionRequest;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How engines fail, replayed as each writes it, and the one {@link RemoteModelException} each must become: its
 * message names what went wrong in the server's own words, and nothing hangs.
 */
class EngineFailuresTest {
    static final CompletionRequest REQUEST = CompletionRequest.greedy("Hello", 4);
    static final String OK = "{\"choices\":[{\"text\":\" there\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":4,\"total_tokens\":5}}";

    private static String failure(FakeEngine.Reply reply, Function<OpenAiClient, ?> call) throws Exception {
        try (FakeEngine engine = new FakeEngine().on("/v1/completions", reply)) {
            OpenAiClient client = new OpenAiClient(engine.url(), "m", null, Duration.ofSeconds(5), 0);
            RemoteModelException e = assertThrows(RemoteModelException.class, () -> call.apply(client));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            return e.getMessage();
        }
    }

    private static String failure(FakeEngine.Reply reply) throws Exception {
        return failure(reply, c -> c.complete(REQUEST));
    }

    private static void assertHas(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
    }

    /** The server's message, not its error body quoted whole. */
    private static void assertSaid(String message, String... parts) {
        assertHas(message, parts);
        assertTrue(!message.contains("{\"") && !message.contains("<"), "raw body in: " + message);
    }

    @Test
    void errorBodiesInEveryEnginesShape() throws Exception {
        // OpenAI API reference: nested, pretty-printed, a string code
        assertSaid(failure(json(404, "{\n    \"error\": {\n        \"message\": \"The model `m` does not exist\",\n"
                + "        \"type\": \"invalid_request_error\",\n        \"param\": null,\n        \"code\": \"model_not_found\"\n"
                + "    }\n}\n")), "not found at", "wrong URL or model 'm'", "The model `m` does not exist");
        // vLLM since ErrorResponse(error=ErrorInfo(...)) (vllm/entrypoints/openai/engine/protocol.py)
        assertSaid(failure(json(400, "{\"error\":{\"message\":\"This model's maximum context length is 2048 tokens. "
                + "However, you requested 4100 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}")),
                "HTTP 400", "maximum context length is 2048");
        // older vLLM and SGLang: flat, with "object": "error"
        assertSaid(failure(json(404, "{\"object\":\"error\",\"message\":\"The model `m` does not exist.\","
                + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}")), "not found at", "The model `m` does not exist.");
        // llama.cpp: format_error_response under "error" (tools/server/server-common.cpp)
        assertSaid(failure(json(400, "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context "
                + "size, try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}")),
                "HTTP 400", "exceeds the available context size");
        // vLLM's --api-key check answers with a bare string
        assertSaid(failure(json(401, "{\"error\":\"Unauthorized\"}")), "rejected the API key (HTTP 401): Unauthorized");
        // FastAPI's own answers: a wrong path, a request that does not validate
        assertSaid(failure(json(404, "{\"detail\":\"Not Found\"}")), "not found at", "Not Found");
        assertSaid(failure(json(422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"prompt\"],\"msg\":\"Field required\","
                + "\"input\":{}}]}")), "HTTP 422", "body.prompt: Field required");
        // nginx in front of a dead engine
        assertSaid(failure(raw(502, "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n")),
                "HTTP 502", "502 Bad Gateway", "nginx/1.24.0");
        // a 200 that is no completion
        assertSaid(failure(raw(200, "text/html", "<html><body>Sign in to continue</body></html>")),
                "not JSON (Content-Type text/html)", "Sign in to continue");
        assertSaid(failure(json(200, "{\"object\":\"error\",\"message\":\"engine dead\",\"type\":\"x\",\"code\":500}")),
                "answered with an error: engine dead");
    }

    @Test
    void errorsInsideAStream() throws Exception {
        String chunk = "data: {\"choices\":[{\"index\":0,\"text\":\" there\",\"logprobs\":null,\"finish_reason\":null}]}\n\n";
        // vLLM: the error as a data event (json.dumps, so with spaces), then [DONE]
        assertSaid(failure(sse(chunk, "data: {\"error\": {\"message\": \"CUDA out of memory\", \"type\": \"InternalServerError\", "
                + "\"param\": null, \"code\": 500}}\n\n", "data: [DONE]\n\n"), c -> c.stream(REQUEST, null, (i, t) -> { })),
                "failed mid-stream: CUDA out of memory");
        // llama.cpp: format_oai_sse({"error": ...}) and the stream ends, no [DONE]
        assertSaid(failure(sse(chunk, "data: {\"error\":{\"code\":500,\"message\":\"Input prompt is too big compared to KV "
                + "size.\",\"type\":\"server_error\"}}\n\n"), c -> c.stream(REQUEST, null, (i, t) -> { })),
                "failed mid-stream: Input prompt is too big");
        // older llama.cpp: server_sent_event(sink, "error", format_error_response(...))
        assertSaid(failure(sse(chunk, "error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n\n"),
                c -> c.stream(REQUEST, null, (i, t) -> { })), "failed mid-stream: slot unavailable");
        // vLLM's finish_reason "abort": the engine gave up on the request
        assertSaid(failure(sse("data: {\"choices\":[{\"index\":0,\"text\":\"\",\"logprobs\":null,\"finish_reason\":\"abort\","
                + "\"stop_reason\":null}]}\n\n", "data: [DONE]\n\n"), c -> c.stream(REQUEST, null, (i, t) -> { })),
                "gave up on the request (finish_reason \"abort\")");
        // a stream that ends without [DONE]
        assertSaid(failure(sse(chunk), c -> c.stream(REQUEST, null, (i, t) -> { })), "ended before [DONE]");
        // an event that is not JSON
        assertHas(failure(sse("data: {\"choices\": [\n\n"), c -> c.stream(REQUEST, null, (i, t) -> { })), "unreadable event");
    }

    @Test
    void serversThatGoQuietOrHangUpMidAnswer() throws Exception {
        try (FakeEngine engine = new FakeEngine().on("/v1/completions",
                FakeEngine.stall("application/json", "{\"choices\":[", 20_000),
                FakeEngine.stall("text/event-stream", "data: {\"choices\":[{\"index\":0,\"text\":\"x\"}]}\n\n", 20_000),
                FakeEngine.cutShort("{\"choices\":[{\"text\":", 500))) {
            OpenAiClient client = new OpenAiClient(engine.url(), "m", null, Duration.ofMillis(700), 0);
            long t0 = System.nanoTime();
            assertHas(assertThrows(RemoteModelException.class, () -> client.complete(REQUEST)).getMessage(),
                    "stopped arriving", "no data for 700 ms");
            assertHas(assertThrows(RemoteModelException.class, () -> client.stream(REQUEST, null, (i, t) -> { })).getMessage(),
                    "stream from", "stopped", "no data for 700 ms");
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the idle timeout must bound each wait");
            assertHas(assertThrows(RemoteModelException.class, () -> client.complete(REQUEST)).getMessage(), "broke off");
        }
    }

    @Test
    void busyServersAreAskedAgainAfterTheWaitTheyName() throws Exception {
        // OpenAI: 429 with retry-after-ms; llama.cpp while loading: 503 without Retry-After (backoff); then an answer
        try (FakeEngine engine = new FakeEngine().on("/v1/completions",
                json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}", "retry-after-ms", "300"),
                json(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"),
                json(429, "{\"error\":{\"message\":\"slow down\"}}", "Retry-After", "1"),
                json(200, OK))) {
            long t0 = System.nanoTime();
            assertEquals(" there", new OpenAiClient(engine.url(), "m", null, Duration.ofSeconds(5), 3).complete(REQUEST).text());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 + 250 + 1000, "waited " + ms + " ms");
            assertEquals(4, engine.requests().size());
        }
        // retries run out: the last refusal is the message
        try (FakeEngine engine = new FakeEngine().on("/v1/completions",
                json(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", "Retry-After", "0"))) {
            RemoteModelException e = assertThrows(RemoteModelException.class,
                    () -> new OpenAiClient(engine.url(), "m", null, Duration.ofSeconds(5), 2).complete(REQUEST));
            assertHas(e.getMessage(), "busy (HTTP 429, still after 2 retries): Rate limit reached");
            assertEquals(3, engine.requests().size());
        }
        // a 500 is not retried: the same request would fail the same way
        try (FakeEngine engine = new FakeEngine().on("/v1/completions", json(500, "{\"error\":{\"message\":\"boom\"}}"))) {
            assertThrows(RemoteModelException.class,
                    () -> new OpenAiClient(engine.url(), "m", null, Duration.ofSeconds(5), 3).complete(REQUEST));
            assertEquals(1, engine.requests().size());
        }
    }

    @Test
    void retryAfterIsReadInEveryFormAndBounded() {
        assertEquals(Duration.ofMillis(1500), OpenAiClient.retryAfter(headers("Retry-After", "1.5")).orElseThrow());
        assertEquals(OpenAiClient.MAX_RETRY_WAIT, OpenAiClient.retryAfter(headers("Retry-After", "3600")).orElseThrow());
        assertEquals(Duration.ZERO, OpenAiClient.retryAfter(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")).orElseThrow());
        assertTrue(OpenAiClient.retryAfter(headers("Retry-After", "soon")).isEmpty());
        assertEquals(Duration.ofMillis(20), OpenAiClient.retryAfter(headers("retry-after-ms", "20", "Retry-After", "9")).orElseThrow());
    }

    private static java.net.http.HttpHeaders headers(String... pairs) {
        java.util.Map<String, java.util.List<String>> m = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], java.util.List.of(pairs[i + 1]));
        return java.net.http.HttpHeaders.of(m, (a, b) -> true);
    }

    /** Through the CLI a failing engine is one {@code error:} line and exit 2, streamed or not. */
    @Test
    void theCliSaysOneLine() throws Exception {
        try (FakeEngine vllm = new FakeEngine().on("/v1/models", json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"m\","
                        + "\"object\":\"model\",\"created\":1,\"owned_by\":\"vllm\",\"root\":\"m\",\"parent\":null,"
                        + "\"max_model_len\":2048,\"permission\":[]}]}"))
                .on("/v1/completions", json(400, "{\"error\":{\"message\":\"This model's maximum context length is 2048 "
                        + "tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))) {
            for (String stream : new String[] {"--max-new-tokens", "--stream"}) {
                var out = new java.io.ByteArrayOutputStream();
                var err = new java.io.ByteArrayOutputStream();
                String[] args = stream.equals("--stream")
                        ? new String[] {"generate", "--endpoint", vllm.url(), "--text", "Hi", "--stream"}
                        : new String[] {"generate", "--endpoint", vllm.url(), "--text", "Hi", "--max-new-tokens", "4"};
                int code = inferlab.cli.Main.run(args, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
                String e = err.toString(java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(2, code, e);
                assertEquals(1, e.strip().lines().count(), e);
                assertSaid(e, "error: HTTP 400 from", "maximum context length is 2048 tokens.");
            }
        }
    }

    @Test
    void theModelListSaysWhyItCannotBeHad() throws Exception {
        try (FakeEngine loading = new FakeEngine().on("/v1/models",
                json(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiClient.servedModels(loading.url()));
            assertHas(e.getMessage(), "HTTP 503: Loading model");
        }
        try (FakeEngine html = new FakeEngine().on("/v1/models", raw(200, "text/html", "<html><body>Jupyter</body></html>"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiClient.servedModels(html.url()));
            assertHas(e.getMessage(), "cannot read the model list", "Jupyter");
        }
    }
}
