package inferlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.serve.Loopback;
import inferlab.serve.OpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code generate --endpoint}: the real server on loopback, and clear refusals for what needs logits. */
class RemoteGenerateTest {
    static Loopback server;

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.serve(inferlab.Fixtures.tinyLlamaWithTokenizer(), "llama-tiny", 4,
                OpenAiServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void greedyAndSampledTextComeFromTheServer() {
        Completion local = server.engine().complete(CompletionRequest.greedy("The nation is", 8).withLogprobs(0, false));
        // no --served-model: the first model the server lists
        DecodeCliTest.Result r = DecodeCliTest.run("", "generate", "--endpoint", server.url(), "--text", "The nation is",
                "--max-new-tokens", "8");
        assertEquals(0, r.code(), r.err());
        JsonObject out = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(local.text(), out.getAsJsonArray("text").get(0).getAsString());
        double sum = local.choices().get(0).tokenLogprobs().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(sum, out.getAsJsonArray("scores").get(0).getAsDouble(), 1e-6);

        String[] sampled = {"generate", "--endpoint", server.url(), "--served-model", "llama-tiny", "--text", "Once",
                "--do-sample", "--temperature", "1.2", "--top-k", "20", "--seed", "5", "--max-new-tokens", "12"};
        DecodeCliTest.Result a = DecodeCliTest.run("", sampled), b = DecodeCliTest.run("", sampled);
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out(), "a seeded sample is reproducible over HTTP");
    }

    @Test
    void tokenIdPromptsAndStreaming() {
        int[] ids = server.model().tokenizer().orElseThrow().encode("The nation is");
        String idList = java.util.Arrays.stream(ids).mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        String expected = server.engine().complete(CompletionRequest.greedy("The nation is", 8)).text();
        DecodeCliTest.Result byIds = DecodeCliTest.run("", "generate", "--endpoint", server.url(), "--ids", idList,
                "--max-new-tokens", "8");
        assertEquals(0, byIds.code(), byIds.err());
        assertEquals(expected, JsonParser.parseString(byIds.out()).getAsJsonObject().getAsJsonArray("text").get(0).getAsString());
        DecodeCliTest.Result streamed = DecodeCliTest.run("", "generate", "--endpoint", server.url(), "--text", "The nation is",
                "--max-new-tokens", "8", "--stream");
        assertEquals(0, streamed.code(), streamed.err());
        java.util.List<String> lines = streamed.out().strip().lines().toList();
        assertTrue(lines.size() > 2, streamed.out());
        StringBuilder pieces = new StringBuilder();
        for (String l : lines.subList(0, lines.size() - 1)) pieces.append(JsonParser.parseString(l).getAsJsonObject().get("delta").getAsString());
        assertEquals(expected, pieces.toString());
        assertEquals(expected, JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject().getAsJsonArray("text").get(0).getAsString());
    }

    @Test
    void whatNeedsTheLogitsIsRefusedClearly() {
        for (String[] extra : new String[][] {{"--num-beams", "3"}, {"--mirostat", "2"}, {"--typical-p", "0.9"},
                {"--repetition-penalty", "1.3"}}) {
            DecodeCliTest.Result r = DecodeCliTest.run("", "generate", "--endpoint", server.url(), "--text", "Hi",
                    extra[0], extra[1]);
            assertEquals(2, r.code());
            assertTrue(r.err().contains(extra[0] + " needs the model's whole next-token distribution"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        DecodeCliTest.Result both = DecodeCliTest.run("", "generate", "--endpoint", server.url(), "--ids", "1,2", "--text", "x");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --ids or --text"), both.err());
        DecodeCliTest.Result local = DecodeCliTest.run("", "generate", "--ids", "1,2", "--stream");
        assertEquals(2, local.code());
        assertTrue(local.err().contains("--stream is for a server"), local.err());
        DecodeCliTest.Result dead = DecodeCliTest.run("", "generate", "--endpoint", "http://127.0.0.1:9", "--text", "Hi");
        assertEquals(2, dead.code());
        assertTrue(dead.err().contains("cannot reach"), dead.err());
    }
}
