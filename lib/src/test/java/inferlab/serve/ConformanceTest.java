package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.CompletionRequest;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server against the OpenAI completions and chat-completions APIs as vLLM and llama.cpp implement them, over
 * loopback with a plain HTTP client, on the project's target model (a 256-token context): each case of issue 17.
 */
class ConformanceTest {
    static Loopback server;
    static Tokenizer tok;
    static String completions;
    static String chat;

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.serve(Models.target(), "target", 8, OpenAiServer.Limits.defaults());
        tok = server.engine().tokenizer();
        completions = server.url() + "/v1/completions";
        chat = server.url() + "/v1/chat/completions";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String greedy(String prompt, int maxTokens) {
        return server.engine().complete(CompletionRequest.greedy(prompt, maxTokens)).text();
    }

    static JsonObject ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return Http.json(r);
    }

    static String text(JsonObject answer, int choice) {
        return answer.getAsJsonArray("choices").get(choice).getAsJsonObject().get("text").getAsString();
    }

    static void assertError(HttpResponse<String> r, int status, String messagePart) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject e = Http.json(r).getAsJsonObject("error");
        assertNotNull(e, r.body());
        assertTrue(e.get("message").getAsString().contains(messagePart), r.body());
        assertTrue(e.has("type") && e.has("code") && e.has("param"), r.body());
    }

    @Test
    void aRequestOverTheContextFailsAloneNotItsBatchMates() throws Exception {
        String longPrompt = "the state of the union is strong ".repeat(30);
        int promptTokens = tok.encode(longPrompt).length;
        assertTrue(promptTokens < 256 && promptTokens + 100 > 256, "prompt of " + promptTokens + " tokens");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<HttpResponse<String>>> innocent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                innocent.add(pool.submit(() -> Http.post(completions, "{\"prompt\":\"We must\",\"max_tokens\":24,\"temperature\":0}")));
            }
            Future<HttpResponse<String>> bad = pool.submit(() -> Http.post(completions,
                    "{\"prompt\":\"" + longPrompt + "\",\"max_tokens\":100,\"temperature\":0}"));
            assertError(bad.get(), 400, "context is 256 tokens");
            for (Future<HttpResponse<String>> f : innocent) assertEquals(greedy("We must", 24), text(ok(f.get()), 0));
        } finally {
            pool.shutdownNow();
        }
        // the same prompt without max_tokens is not refused: the completion gets what the context leaves
        JsonObject fitted = ok(Http.post(completions, "{\"prompt\":\"" + longPrompt + "\",\"temperature\":0}"));
        assertTrue(fitted.getAsJsonObject("usage").get("completion_tokens").getAsInt() <= Math.min(16, 256 - promptTokens));
        // token ids outside the vocabulary are refused alone too
        assertError(Http.post(completions, "{\"prompt\":[1,2,99999],\"max_tokens\":2}"), 400, "outside the vocabulary");
    }

    @Test
    void allFourPromptFormsAnswerAsTheTextDoes() throws Exception {
        int[] a = tok.encode("Fellow citizens");
        int[] b = tok.encode("We must");
        String expectA = greedy("Fellow citizens", 8), expectB = greedy("We must", 8);
        String tail = ",\"max_tokens\":8,\"temperature\":0}";
        assertEquals(expectA, text(ok(Http.post(completions, "{\"prompt\":\"Fellow citizens\"" + tail)), 0));
        assertEquals(expectA, text(ok(Http.post(completions, "{\"prompt\":" + Arrays.toString(a) + tail)), 0));
        JsonObject strings = ok(Http.post(completions, "{\"prompt\":[\"Fellow citizens\",\"We must\"]" + tail));
        assertEquals(List.of(expectA, expectB), List.of(text(strings, 0), text(strings, 1)));
        JsonObject idLists = ok(Http.post(completions, "{\"prompt\":[" + Arrays.toString(a) + "," + Arrays.toString(b) + "]" + tail));
        assertEquals(List.of(expectA, expectB), List.of(text(idLists, 0), text(idLists, 1)));
        assertEquals(a.length + b.length, idLists.getAsJsonObject("usage").get("prompt_tokens").getAsInt());
        assertEquals(16, idLists.getAsJsonObject("usage").get("completion_tokens").getAsInt());
        // n choices per prompt, indexed prompt-major as vLLM does
        JsonObject nByTwo = ok(Http.post(completions, "{\"prompt\":[\"Fellow citizens\",\"We must\"],\"n\":2" + tail));
        assertEquals(List.of(expectA, expectA, expectB, expectB), List.of(text(nByTwo, 0), text(nByTwo, 1), text(nByTwo, 2), text(nByTwo, 3)));
        for (String bad : List.of("[]", "[[]]", "[1,\"x\"]", "[1.5]", "{\"a\":1}", "null")) {
            assertError(Http.post(completions, "{\"prompt\":" + bad + tail), 400, "'prompt'");
        }
    }

    @Test
    void streamedTextArrivesAsGeneratedAndEqualsTheWholeAnswer() throws Exception {
        String body = "{\"prompt\":\"Fellow citizens\",\"max_tokens\":240,\"temperature\":0,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}";
        List<Http.Event> events = Http.stream(completions, body);
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        StringBuilder text = new StringBuilder();
        JsonObject usage = null;
        String finish = null;
        int textChunks = 0;
        for (Http.Event e : events.subList(0, events.size() - 1)) {
            JsonObject c = JsonParser.parseString(e.data()).getAsJsonObject();
            assertEquals("text_completion", c.get("object").getAsString());
            JsonArray choices = c.getAsJsonArray("choices");
            if (choices.isEmpty()) {
                usage = c.getAsJsonObject("usage");
                continue;
            }
            JsonObject ch = choices.get(0).getAsJsonObject();
            if (!ch.get("text").getAsString().isEmpty()) textChunks++;
            text.append(ch.get("text").getAsString());
            if (!ch.get("finish_reason").isJsonNull()) finish = ch.get("finish_reason").getAsString();
        }
        assertEquals(greedy("Fellow citizens", 240), text.toString());
        assertNotNull(finish);
        assertNotNull(usage, "include_usage asks for a last chunk with the counts");
        assertEquals(tok.encode("Fellow citizens").length, usage.get("prompt_tokens").getAsInt());
        assertTrue(textChunks > 10, "text should come in many chunks, got " + textChunks);
        // the chunks arrive spread over the generation, not all at once at its end
        double first = events.get(0).ms(), last = events.get(events.size() - 1).ms();
        assertTrue(last - first > last / 3, "first chunk at " + first + " ms, last at " + last + " ms");
        // without include_usage: no usage chunk
        List<Http.Event> plain = Http.stream(completions, "{\"prompt\":\"x\",\"max_tokens\":3,\"stream\":true}");
        assertTrue(plain.stream().noneMatch(e -> e.data().contains("\"usage\"")), plain.toString());
    }

    @Test
    void chatStreamsDeltasWithTheRoleFirst() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":12,\"temperature\":0";
        String whole = ok(Http.post(chat, "{" + messages + "}")).getAsJsonArray("choices").get(0).getAsJsonObject()
                .getAsJsonObject("message").get("content").getAsString();
        List<Http.Event> events = Http.stream(chat, "{" + messages + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        JsonObject first = JsonParser.parseString(events.get(0).data()).getAsJsonObject();
        assertEquals("chat.completion.chunk", first.get("object").getAsString());
        assertEquals("assistant", first.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("delta").get("role").getAsString());
        StringBuilder text = new StringBuilder();
        for (Http.Event e : events.subList(0, events.size() - 1)) {
            JsonArray choices = JsonParser.parseString(e.data()).getAsJsonObject().getAsJsonArray("choices");
            for (JsonElement c : choices) {
                JsonElement content = c.getAsJsonObject().getAsJsonObject("delta").get("content");
                if (content != null) text.append(content.getAsString());
            }
        }
        assertEquals(whole, text.toString());
        assertTrue(events.get(events.size() - 2).data().contains("\"usage\":{"), events.get(events.size() - 2).data());
    }

    @Test
    void logprobsInBothApisAgreeWithTheModel() throws Exception {
        JsonObject c = ok(Http.post(completions, "{\"prompt\":\"user: hello\\nassistant:\",\"max_tokens\":5,\"temperature\":0,\"logprobs\":3}"));
        JsonObject lp = c.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("logprobs");
        assertEquals(5, lp.getAsJsonArray("tokens").size());
        assertEquals(3, lp.getAsJsonArray("top_logprobs").get(0).getAsJsonObject().size());
        JsonObject ch = ok(Http.post(chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":5,"
                + "\"temperature\":0,\"logprobs\":true,\"top_logprobs\":3}"));
        JsonArray content = ch.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("logprobs").getAsJsonArray("content");
        assertTrue(content.size() >= 1);
        for (int i = 0; i < content.size(); i++) {
            JsonObject t = content.get(i).getAsJsonObject();
            assertEquals(lp.getAsJsonArray("token_logprobs").get(i).getAsDouble(), t.get("logprob").getAsDouble(), 1e-6);
            assertEquals(3, t.getAsJsonArray("top_logprobs").size());
            assertTrue(t.has("bytes"));
        }
        assertError(Http.post(chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_logprobs\":2}"), 400, "logprobs");
        assertError(Http.post(chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"logprobs\":3}"), 400, "true or false");
    }

    @Test
    void echoReturnsThePromptInBothForms() throws Exception {
        JsonObject whole = ok(Http.post(completions, "{\"prompt\":\"one two\",\"max_tokens\":4,\"temperature\":0,\"echo\":true}"));
        assertEquals("one two" + greedy("one two", 4), text(whole, 0));
        List<Http.Event> events = Http.stream(completions, "{\"prompt\":\"one two\",\"max_tokens\":4,\"temperature\":0,\"echo\":true,\"stream\":true}");
        assertTrue(events.get(0).data().contains("\"text\":\"one two\""), events.get(0).data());
        assertError(Http.post(chat, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"echo\":true}"), 400, "echo");
    }

    @Test
    void limitsComeFromTheModelAndRefuseCheaply() throws Exception {
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"n\":1000}"), 400, "limit of 16 choices");
        assertError(Http.post(completions, "{\"prompt\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"n\":4}"), 400, "choices");
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"max_tokens\":257}"), 400, "limit of 256");
        // a 400 KB prompt is refused by its length in characters, before it is tokenized
        assertError(Http.post(completions, "{\"prompt\":\"" + "a".repeat(400_000) + "\"}"), 400, "characters");
        // a body declared over the byte limit is refused from its header, unread; sent as headers only, since a client
        // still writing a body the server will not read can see the connection reset before the 413 arrives
        try (Socket s = Http.connect(server.url())) {
            Http.write(s, Http.head("/v1/completions", 1_100_000));
            String answer = Http.read(s, 4096);
            assertTrue(answer.startsWith("HTTP/1.1 413") && answer.contains("bytes"), answer);
        }
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}"), 400, "stop");
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"stream_options\":{\"include_usage\":true}}"), 400, "stream");
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"frequency_penalty\":0.5}"), 400, "frequency_penalty");
        assertError(Http.post(completions, "{\"prompt\":\"x\",\"model\":\"gpt-9\"}"), 404, "gpt-9");
        assertError(Http.post(server.url() + "/v1/embeddings", "{}"), 404, "no route");
        assertError(Http.get(completions, Duration.ofSeconds(5)), 405, "POST");
        JsonObject models = Http.json(Http.get(server.url() + "/v1/models", Duration.ofSeconds(5)));
        assertEquals(256, models.getAsJsonArray("data").get(0).getAsJsonObject().get("max_model_len").getAsInt());
    }

    @Test
    void stopStringsEndTheTextAndNeverLeakIntoTheStream() throws Exception {
        String full = greedy("Fellow citizens", 40);
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        String expected = full.substring(0, full.indexOf(stop));
        String body = "{\"prompt\":\"Fellow citizens\",\"max_tokens\":40,\"temperature\":0,\"stop\":\"" + stop.replace("\n", "\\n") + "\"";
        JsonObject whole = ok(Http.post(completions, body + "}"));
        assertEquals(expected, text(whole, 0));
        assertEquals("stop", whole.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason").getAsString());
        StringBuilder streamed = new StringBuilder();
        for (Http.Event e : Http.stream(completions, body + ",\"stream\":true}")) {
            if (e.data().equals("[DONE]")) continue;
            streamed.append(text(JsonParser.parseString(e.data()).getAsJsonObject(), 0));
        }
        assertEquals(expected, streamed.toString());
    }

    @Test
    void seedsMakeSamplingReproducible() throws Exception {
        String body = "{\"prompt\":\"Fellow citizens\",\"max_tokens\":10,\"temperature\":1,\"top_p\":0.9,\"seed\":7,\"n\":3}";
        JsonObject a = ok(Http.post(completions, body)), b = ok(Http.post(completions, body));
        assertEquals(a.getAsJsonArray("choices"), b.getAsJsonArray("choices"));
    }

    @Test
    void slowClientsDoNotStarveOthers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) { // partial headers, never finished
                Socket s = Http.connect(server.url());
                Http.write(s, "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-");
                slow.add(s);
            }
            for (int i = 0; i < 20; i++) { // bodies announced and never sent
                Socket s = Http.connect(server.url());
                Http.write(s, Http.head("/v1/completions", 500) + "{\"prompt\":");
                slow.add(s);
            }
            assertEquals(200, Http.get(server.url() + "/health", Duration.ofSeconds(5)).statusCode());
            assertEquals(greedy("We must", 8), text(ok(Http.post(completions, "{\"prompt\":\"We must\",\"max_tokens\":8,\"temperature\":0}")), 0));
        } finally {
            for (Socket s : slow) s.close();
        }
    }

    @Test
    void aStalledBodyTimesOutWith408() throws Exception {
        try (OpenAiServer strict = new OpenAiServer(server.engine(), "target", ChatTemplate.PLAIN, "127.0.0.1", 0,
                new OpenAiServer.Limits(64, 256, 1 << 16, 4, Duration.ofSeconds(30), Duration.ofSeconds(1))).start();
             Socket s = Http.connect(strict.url())) {
            Http.write(s, Http.head("/v1/completions", 100) + "{\"prompt\":");
            String answer = Http.read(s, 4096);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("did not arrive"), answer);
        }
    }

    @Test
    void theIdleTimeoutSparesRequestsTheServerIsWorkingOn() throws Exception {
        // an idle timeout well below the time the answer takes here, so that the request outlives it; timed warm,
        // since a first, cold call can take several times as long as the request below, and on a prompt the model
        // continues for all 200 tokens rather than one it soon ends with EOS
        String prompt = "Fellow-Citizens of the Senate and House of Representatives:";
        String expected = greedy(prompt, 200);
        long g0 = System.nanoTime();
        assertEquals(expected, greedy(prompt, 200));
        long idle = Math.max(20, (System.nanoTime() - g0) / 3_000_000);
        try (OpenAiServer hasty = new OpenAiServer(server.engine(), "target", ChatTemplate.PLAIN, "127.0.0.1", 0,
                new OpenAiServer.Limits(64, 256, 1 << 16, 4, Duration.ofMillis(idle), Duration.ofSeconds(5))).start()) {
            String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":200,\"temperature\":0";
            long t0 = System.nanoTime();
            assertEquals(expected, text(ok(Http.post(hasty.url() + "/v1/completions", body + "}")), 0));
            assertTrue(System.nanoTime() - t0 > idle * 1e6, "the answer should take longer than the idle timeout to mean anything");
            List<Http.Event> events = Http.stream(hasty.url() + "/v1/completions", body + ",\"stream\":true}");
            assertEquals("[DONE]", events.get(events.size() - 1).data());
        }
    }

    @Test
    void generationForAClientThatLeftIsCancelled() throws Exception {
        BatchingEngine engine = server.engine();
        // a prompt greedy decoding continues for all 200 tokens: one ending at EOS would pass uncancelled
        String prompt = "Fellow-Citizens of the Senate and House of Representatives:";
        assertEquals(200, engine.complete(CompletionRequest.greedy(prompt, 200)).completionTokens());
        for (boolean stream : List.of(false, true)) {
            long before = engine.generatedTokens();
            try (Socket s = Http.connect(server.url())) {
                String body = "{\"prompt\":\"" + prompt + "\",\"max_tokens\":200,\"temperature\":0" + (stream ? ",\"stream\":true}" : "}");
                Http.write(s, Http.head("/v1/completions", body.length()) + body);
                if (stream) Http.read(s, 200); // some events came: generation is under way
                else while (engine.active() == 0) Thread.sleep(1);
            }
            long t0 = System.nanoTime();
            while (engine.active() > 0 && System.nanoTime() - t0 < 30e9) Thread.sleep(20);
            assertEquals(0, engine.active(), "the sequence should leave the batch");
            long spent = engine.generatedTokens() - before;
            assertTrue(spent < 100, (stream ? "streaming" : "plain") + " request ran on (" + spent + " of 200 tokens) after its client left");
        }
        assertEquals(200, Http.post(completions, "{\"prompt\":\"x\",\"max_tokens\":1}").statusCode());
    }

    /** Shutting only its sending side counts as leaving, but the client still reads: a 400 that says so, not a 500. */
    @Test
    void aClientThatHalfClosesIsToldWhyNotGivenA500() throws Exception {
        try (Socket s = Http.connect(server.url())) { // 200 tokens (as above): the watch sees the close long before
            String body = "{\"prompt\":\"Fellow-Citizens of the Senate and House of Representatives:\",\"max_tokens\":200,\"temperature\":0}";
            Http.write(s, Http.head("/v1/completions", body.length()) + body);
            s.shutdownOutput();
            String answer = Http.read(s, 4096);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("closed its side of the connection"), answer);
        }
        assertEquals(200, Http.post(completions, "{\"prompt\":\"x\",\"max_tokens\":1}").statusCode());
    }

    @Test
    void theNextRequestOnAKeptAliveConnectionIsReadWhole() throws Exception {
        // the watch for a client that leaves reads the connection while an answer is made; the request a client
        // sends as soon as it has the answer must reach Jetty whole (a lost first byte made GET a 405)
        try (Socket s = Http.connect(server.url())) {
            String body = "{\"prompt\":\"The nation\",\"max_tokens\":1}";
            for (int i = 0; i < 30; i++) {
                Http.write(s, Http.head("/v1/completions", body.length()) + body);
                assertTrue(readAnswer(s).startsWith("HTTP/1.1 200"), "request " + i);
                Http.write(s, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                String health = readAnswer(s);
                assertTrue(health.startsWith("HTTP/1.1 200"), "request " + i + ": " + health);
            }
        }
    }

    /** One answer with a Content-Length, read off a kept-alive connection. */
    private static String readAnswer(Socket s) throws java.io.IOException {
        java.io.InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new java.io.EOFException("closed after: " + head);
            head.append((char) c);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        assertTrue(m.find(), head.toString());
        return head + new String(in.readNBytes(Integer.parseInt(m.group(1))), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anApiKeyGuardsTheApiButNotHealth() throws Exception {
        try (OpenAiServer keyed = new OpenAiServer(server.engine(), "target", ChatTemplate.PLAIN, "127.0.0.1", 0,
                OpenAiServer.Limits.defaults(), "s3cret-key").start()) {
            String url = keyed.url() + "/v1/completions", body = "{\"prompt\":\"x\",\"max_tokens\":1}";
            assertError(Http.post(url, body), 401, "API key");
            assertError(Http.post(url, body, "Authorization", "Bearer wrong"), 401, "API key");
            assertFalse(Http.post(url, body, "Authorization", "Bearer wrong").body().contains("s3cret"));
            assertEquals(200, Http.post(url, body, "Authorization", "Bearer s3cret-key").statusCode());
            assertEquals(401, Http.get(keyed.url() + "/v1/models", Duration.ofSeconds(5)).statusCode());
            assertEquals(200, Http.get(keyed.url() + "/health", Duration.ofSeconds(5)).statusCode());
        }
        assertTrue(OpenAiServer.isLoopback("127.0.0.1") && OpenAiServer.isLoopback("localhost"));
        assertFalse(OpenAiServer.isLoopback("0.0.0.0"));
    }
}
