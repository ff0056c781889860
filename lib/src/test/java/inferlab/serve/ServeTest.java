package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.model.Transformer;
import inferlab.prob.Softmax;
import inferlab.study.LoadTest;
import inferlab.study.SideBySide;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real server over loopback HTTP, on the tiny Llama of the HF fixtures. */
class ServeTest {

    static Transformer model;
    static BatchingEngine engine;
    static Loopback server;

    @BeforeAll
    static void start() throws Exception {
        model = inferlab.Fixtures.tinyLlamaWithTokenizer();
        server = Loopback.serve(model, "llama-tiny", 8, OpenAiServer.Limits.defaults().withMaxTokens(64));
        engine = server.engine();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void remoteGreedyEqualsInProcessGreedyWithLogprobs() {
        CompletionRequest r = CompletionRequest.greedy("The nation is", 12).withLogprobs(3, false);
        Completion remote = new OpenAiClient(server.url(), "llama-tiny").complete(r);
        Completion local = engine.complete(r);
        assertEquals(local.text(), remote.text());
        assertEquals(12, remote.completionTokens());
        List<Double> lr = remote.choices().get(0).tokenLogprobs();
        List<Double> ll = local.choices().get(0).tokenLogprobs();
        assertEquals(ll.size(), lr.size());
        for (int i = 0; i < ll.size(); i++) assertEquals(ll.get(i), lr.get(i), 1e-6);
        assertEquals(3, remote.choices().get(0).topLogprobs().get(0).size());

        // greedy really is the argmax chain of the model
        int[] prompt = model.tokenizer().orElseThrow().encode("The nation is");
        try (var s = model.newSession()) {
            float[] logits = s.append(prompt)[prompt.length - 1];
            int first = inferlab.prob.TopK.indices(logits, 1)[0];
            assertEquals(Softmax.logSoftmax(logits)[first], ll.get(0), 1e-5);
        }
    }

    @Test
    void sideBySideTablesAgreeForTheSameModel() {
        var t = SideBySide.compare(engine, new OpenAiClient(server.url(), "llama-tiny"),
                CompletionRequest.greedy("The nation is", 6).withLogprobs(1, false));
        assertEquals(6, t.rowCount());
        for (int i = 0; i < 6; i++) {
            assertEquals(t.stringColumn(0).get(i), t.stringColumn(2).get(i));
            assertEquals(t.doubleColumn(1).get(i), t.doubleColumn(3).get(i), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> SideBySide.compare(engine, engine, CompletionRequest.greedy("x", 2)));
    }

    @Test
    void echoScoresThePrompt() {
        CompletionRequest r = CompletionRequest.greedy("one two three four", 0).withLogprobs(0, true);
        Completion c = new OpenAiClient(server.url(), "llama-tiny").complete(r);
        int[] ids = model.tokenizer().orElseThrow().encode("one two three four");
        float[] expected = model.score(ids);
        List<Double> got = c.choices().get(0).tokenLogprobs();
        assertEquals(ids.length, got.size());
        assertNull(got.get(0));
        for (int i = 1; i < ids.length; i++) assertEquals(expected[i - 1], got.get(i), 1e-5);
        assertEquals("one two three four", c.text());
    }

    @Test
    void seededSamplingIsReproducibleAndNChoicesDiffer() {
        CompletionRequest r = CompletionRequest.greedy("Once", 10).withSampling(1.0, 0.95, 0, 42).withN(3);
        OpenAiClient client = new OpenAiClient(server.url(), "llama-tiny");
        Completion a = client.complete(r);
        Completion b = client.complete(r);
        assertEquals(3, a.choices().size());
        for (int i = 0; i < 3; i++) assertEquals(a.choices().get(i).text(), b.choices().get(i).text());
        assertTrue(a.choices().stream().map(Completion.Choice::text).distinct().count() > 1, "n samples should differ");

        // a full 64-bit seed crosses the wire exactly (a double would round it to another seed)
        CompletionRequest wide = r.withSampling(1.0, 0.95, 0, -4962768465676381897L);
        assertEquals(engine.complete(wide).choices().stream().map(Completion.Choice::text).toList(),
                client.complete(wide).choices().stream().map(Completion.Choice::text).toList());
    }

    @Test
    void theClientStreamsAndSendsTokenIds() {
        OpenAiClient client = new OpenAiClient(server.url(), "llama-tiny");
        CompletionRequest r = CompletionRequest.greedy("The nation is", 24).withLogprobs(2, false);
        Completion whole = client.complete(r);
        List<String> pieces = new ArrayList<>();
        Completion streamed = client.stream(r, null, (choice, text) -> pieces.add(text));
        assertEquals(whole.text(), streamed.text());
        assertEquals(whole.text(), String.join("", pieces));
        assertTrue(pieces.size() > 3, "text should arrive in pieces: " + pieces);
        assertEquals(whole.choices().get(0).tokenLogprobs(), streamed.choices().get(0).tokenLogprobs());
        assertEquals(whole.promptTokens(), streamed.promptTokens());
        assertEquals(24, streamed.completionTokens());
        int[] ids = model.tokenizer().orElseThrow().encode("The nation is");
        assertEquals(whole.text(), client.complete(r, ids).text());
        assertEquals(whole.text(), client.stream(r, ids, (c, t) -> {}).text());
        RemoteModelException bad = assertThrows(RemoteModelException.class, () -> client.stream(r, new int[] {-1}, (c, t) -> {}));
        assertTrue(bad.getMessage().contains("outside the vocabulary"), bad.getMessage());
    }

    @Test
    void stopStringsEndTheText() {
        Completion full = engine.complete(CompletionRequest.greedy("a b c", 16));
        String text = full.text();
        assertTrue(text.length() > 4, text);
        String stop = text.substring(2, 4);
        Completion cut = engine.complete(CompletionRequest.greedy("a b c", 16).withStop(List.of(stop)));
        assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
        assertEquals("stop", cut.choices().get(0).finishReason());
    }

    @Test
    void badRequestsGet4xxWithAMessage() throws Exception {
        assertStatus(400, "{\"prompt\": 3}", "'prompt' must be a string, a list of strings");
        assertStatus(400, "{not json", "not valid JSON");
        assertStatus(400, "{\"prompt\":\"x\",\"temperature\":-1}", "temperature");
        assertStatus(400, "{\"prompt\":\"x\",\"max_tokens\":100000}", "limit");
        assertStatus(404, "{\"model\":\"gpt-9\",\"prompt\":\"x\"}", "gpt-9");
        RemoteModelException e = assertThrows(RemoteModelException.class,
                () -> new OpenAiClient(server.url(), "gpt-9").complete(CompletionRequest.greedy("x", 1)));
        assertTrue(e.getMessage().contains("gpt-9"), e.getMessage());
    }

    @Test
    void chatCompletionsUseTheTemplate() throws Exception {
        HttpResponse<String> r = post("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":4,\"temperature\":0}");
        assertEquals(200, r.statusCode(), r.body());
        String expected = engine.complete(CompletionRequest.greedy("user: hello\nassistant:", 4)
                .withStop(List.of(ChatTemplate.PLAIN.endOfTurn()))).text();
        assertTrue(r.body().contains("\"chat.completion\""));
        assertEquals(expected, com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject()
                .getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("message").get("content").getAsString());
    }

    @Test
    void deadOrSilentServersGiveErrorsNotHangs() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        RemoteModelException refused = assertThrows(RemoteModelException.class,
                () -> new OpenAiClient("http://127.0.0.1:" + free, "m").complete(CompletionRequest.greedy("x", 1)));
        assertTrue(refused.getMessage().contains("cannot connect"), refused.getMessage());
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            RemoteModelException timeout = assertThrows(RemoteModelException.class,
                    () -> new OpenAiClient("http://127.0.0.1:" + silent.getLocalPort(), "m", null, Duration.ofMillis(500), 0)
                            .complete(CompletionRequest.greedy("x", 1)));
            assertTrue(timeout.getMessage().contains("no answer"), timeout.getMessage());
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the timeout must bound the wait");
        }
    }

    @Test
    void concurrentRequestsAreServedAndMatchSequentialOnes() throws Exception {
        OpenAiClient client = new OpenAiClient(server.url(), "llama-tiny");
        List<String> prompts = List.of("a", "the state of", "we will", "in the year", "our", "peace and", "x y z", "tax");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Completion>> fs = new ArrayList<>();
            for (String p : prompts) fs.add(pool.submit(() -> client.complete(CompletionRequest.greedy(p, 8))));
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(engine.complete(CompletionRequest.greedy(prompts.get(i), 8)).text(), fs.get(i).get().text());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundedLoadTestReportsThroughputAndLatency() {
        List<CompletionRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 24; i++) reqs.add(CompletionRequest.greedy("load " + i, 1 + i % 6));
        LoadTest.Result r = LoadTest.run(new OpenAiClient(server.url(), "llama-tiny"), reqs, 8, Duration.ofSeconds(60));
        assertEquals(24, r.served());
        assertEquals(0, r.failed());
        assertTrue(r.p50() > 0 && r.p50() <= r.p99(), r.toString());
        assertEquals(reqs.stream().mapToInt(CompletionRequest::maxTokens).sum(), r.completionTokens(), "no EOS in this model's greedy runs");
        assertTrue(r.requestsPerSecond() > 0);
    }

    @Test
    void requestsBeyondTheBatchQueueAndOnlyAFullQueueGets429() throws Exception {
        // On the DJL engine (a cache named explicitly): its steps are slow enough that the running and waiting
        // requests are still there when the refused one arrives; the Java engine finishes them first.
        try (Transformer slow = inferlab.Fixtures.tinyLlamaWithTokenizer(inferlab.cache.DynamicCache::new);
             BatchingEngine small = new BatchingEngine(slow, "llama-tiny", BatchingEngine.Mode.CONTINUOUS, 1, 256, 2);
             OpenAiServer one = new OpenAiServer(small, "llama-tiny", ChatTemplate.PLAIN, "127.0.0.1", 0,
                     OpenAiServer.Limits.defaults()).start()) {
            // one running, two waiting: all three served, none refused
            List<CompletionRequest> fit = new ArrayList<>();
            for (int i = 0; i < 3; i++) fit.add(CompletionRequest.greedy("busy", 20));
            OpenAiClient noRetry = new OpenAiClient(one.url(), "llama-tiny", null, Duration.ofSeconds(60), 0);
            LoadTest.Result ok = LoadTest.run(noRetry, fit, 3, Duration.ofSeconds(120));
            assertEquals(3, ok.served(), ok.toString());
            // eight at once against one slot and a queue of two: some must be refused, with Retry-After
            List<CompletionRequest> many = new ArrayList<>();
            for (int i = 0; i < 8; i++) many.add(CompletionRequest.greedy("busy", 60));
            LoadTest.Result r = LoadTest.run(noRetry, many, 8, Duration.ofSeconds(120));
            assertTrue(r.failed() > 0, "a full queue must refuse: " + r);
            assertTrue(r.served() >= 3, r.toString());
            // refused with 429 and Retry-After while one request runs and two wait
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                for (int i = 0; i < 3; i++) pool.submit(() -> noRetry.complete(CompletionRequest.greedy("busy", 200)));
                while (small.active() < 3) Thread.sleep(5);
                HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(one.url() + "/v1/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"x\",\"max_tokens\":1}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(429, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent());
                assertEquals("rate_limit_error", com.google.gson.JsonParser.parseString(refused.body()).getAsJsonObject()
                        .getAsJsonObject("error").get("type").getAsString());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void assertStatus(int status, String body, String messagePart) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/v1/completions", body);
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(ErrorBody.message(r.body()).contains(messagePart), r.body());
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
