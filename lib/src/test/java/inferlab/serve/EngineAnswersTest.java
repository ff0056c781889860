package inferlab.serve;

import static inferlab.serve.FakeEngine.json;
import static inferlab.serve.FakeEngine.sse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client against the answers real engines send, replayed in the shape each engine's source writes them: vLLM
 * ({@code vllm/entrypoints/openai/completion/serving.py}, {@code .../completion/protocol.py}), llama.cpp's
 * server ({@code tools/server/server-task.cpp}, {@code to_json_oaicompat}; {@code server-common.cpp},
 * {@code format_oai_sse}) and the OpenAI API reference.
 */
class EngineAnswersTest {
    static final CompletionRequest GREEDY = CompletionRequest.greedy("The capital of France is", 3).withLogprobs(1, false);

    /** vLLM: Starlette's compact JSON of CompletionResponse, vLLM's extras (stop_reason, prompt_logprobs) included. */
    @Test
    void vllmWholeAnswer() throws Exception {
        try (FakeEngine vllm = new FakeEngine().on("/v1/completions", json(200, "{\"id\":\"cmpl-5c1d\",\"object\":"
                + "\"text_completion\",\"created\":1733000000,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\" Paris.\","
                + "\"logprobs\":{\"text_offset\":[0,6],\"token_logprobs\":[-0.12,-1.5],\"tokens\":[\" Paris\",\".\"],"
                + "\"top_logprobs\":[{\" Paris\":-0.12,\" the\":-2.5},{\".\":-1.5,\",\":-1.0}]},\"finish_reason\":\"stop\","
                + "\"stop_reason\":null,\"prompt_logprobs\":null,\"prompt_token_ids\":null,\"token_ids\":null}],"
                + "\"service_tier\":null,\"system_fingerprint\":null,\"usage\":{\"prompt_tokens\":6,\"total_tokens\":8,"
                + "\"completion_tokens\":2,\"prompt_tokens_details\":null},\"kv_transfer_params\":null}"))) {
            Completion c = new OpenAiClient(vllm.url(), "m").complete(GREEDY);
            Completion.Choice ch = c.choices().get(0);
            assertEquals(" Paris.", ch.text());
            assertEquals(List.of(" Paris", "."), ch.tokens());
            assertEquals(List.of(-0.12, -1.5), ch.tokenLogprobs());
            assertEquals(Map.of(" Paris", -0.12, " the", -2.5), ch.topLogprobs().get(0));
            assertEquals("stop", ch.finishReason());
            assertEquals(6, c.promptTokens());
            assertEquals(2, c.completionTokens());
        }
    }

    /**
     * vLLM streaming: chunks without usage (exclude_unset), a last chunk with no choices and the usage
     * (stream_options.include_usage), then [DONE]; written with CRLF, keep-alive comments, and split mid-line.
     */
    @Test
    void vllmStreamSplitAcrossReads() throws Exception {
        String chunk = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"text\":\"%s\",\"logprobs\":null,\"finish_reason\":%s,\"stop_reason\":null}]}";
        String first = "data: " + chunk.formatted(" Par", "null") + "\r\n\r\n";
        try (FakeEngine vllm = new FakeEngine().on("/v1/completions", sse(
                ": ping\r\n\r\n",
                first.substring(0, 25), first.substring(25),
                "data: " + chunk.formatted("is", "null") + "\r\n\r\ndata: " + chunk.formatted(".", "\"length\"") + "\r\n\r\n",
                "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":6,\"total_tokens\":9,\"completion_tokens\":3}}\r\n\r\n",
                "data: [DONE]\r\n\r\n"))) {
            List<String> pieces = new ArrayList<>();
            Completion c = new OpenAiClient(vllm.url(), "m").stream(GREEDY, null, (i, t) -> pieces.add(t));
            assertEquals(List.of(" Par", "is", "."), pieces);
            assertEquals(" Paris.", c.text());
            assertEquals("length", c.choices().get(0).finishReason());
            assertEquals(6, c.promptTokens());
            assertEquals(3, c.completionTokens());
        }
    }

    /**
     * vLLM's echo with max_tokens = 0: the prompt's tokens, the first without a log-probability
     * ({@code _create_completion_logprobs} writes None for a step without logprobs).
     */
    @Test
    void vllmEchoGivesPromptLogprobs() throws Exception {
        try (FakeEngine vllm = new FakeEngine().on("/v1/completions", json(200, "{\"id\":\"cmpl-2\",\"object\":"
                + "\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"text\":\"The state of\","
                + "\"logprobs\":{\"text_offset\":[0,3,9],\"token_logprobs\":[null,-7.25,-0.5],\"tokens\":[\"The\","
                + "\" state\",\" of\"],\"top_logprobs\":[null,{\" state\":-7.25},{\" of\":-0.5}]},\"finish_reason\":"
                + "\"length\",\"stop_reason\":null,\"prompt_logprobs\":[null,{\"1181\":{\"logprob\":-7.25,\"rank\":310,"
                + "\"decoded_token\":\" state\"}},{\"310\":{\"logprob\":-0.5,\"rank\":1,\"decoded_token\":\" of\"}}]}],"
                + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":4,\"completion_tokens\":1}}"))) {
            PromptLogprobs p = PromptLogprobs.of(new OpenAiClient(vllm.url(), "m"), "The state of");
            assertEquals(List.of(-7.25, -0.5), p.logprobs());
            assertEquals("echo with max_tokens = 0", p.how());
        }
    }

    /**
     * llama.cpp's server answers /v1/completions with the chat API's logprobs shape
     * ({@code {"content": [{id, token, bytes, logprob, top_logprobs}]}}) and its own extras (timings).
     */
    @Test
    void llamaCppWholeAnswerWithChatShapedLogprobs() throws Exception {
        try (FakeEngine llama = new FakeEngine().on("/v1/completions", json(200, "{\"choices\":[{\"text\":\" Paris\","
                + "\"index\":0,\"logprobs\":{\"content\":[{\"id\":6342,\"token\":\" Paris\",\"bytes\":[32,80,97,114,105,115],"
                + "\"logprob\":-0.1198,\"top_logprobs\":[{\"id\":6342,\"token\":\" Paris\",\"bytes\":[32,80,97,114,105,115],"
                + "\"logprob\":-0.1198},{\"id\":279,\"token\":\" the\",\"bytes\":[32,116,104,101],\"logprob\":-2.4}]}]},"
                + "\"finish_reason\":\"length\"}],\"created\":1733000000,\"model\":\"gpt-3.5-turbo\",\"system_fingerprint\":"
                + "\"b5120-2a4d2d91\",\"object\":\"text_completion\",\"usage\":{\"completion_tokens\":1,\"prompt_tokens\":6,"
                + "\"total_tokens\":7},\"id\":\"chatcmpl-Xq1\",\"timings\":{\"prompt_n\":6,\"prompt_ms\":12.5,"
                + "\"predicted_n\":1,\"predicted_ms\":9.1}}"))) {
            Completion.Choice ch = new OpenAiClient(llama.url(), "m").complete(GREEDY).choices().get(0);
            assertEquals(" Paris", ch.text());
            assertEquals(List.of(" Paris"), ch.tokens());
            assertEquals(List.of(-0.1198), ch.tokenLogprobs());
            assertEquals(Map.of(" Paris", -0.1198, " the", -2.4), ch.topLogprobs().get(0));
        }
    }

    /** llama.cpp streaming: no usage until the chunk with the finish reason, which carries it (and timings). */
    @Test
    void llamaCppStream() throws Exception {
        String part = "data: {\"choices\":[{\"text\":\"%s\",\"index\":0,\"logprobs\":{\"content\":[{\"id\":1,\"token\":\"%s\","
                + "\"bytes\":[],\"logprob\":%s,\"top_logprobs\":[]}]},\"finish_reason\":null}],\"created\":1,\"model\":\"m\","
                + "\"system_fingerprint\":\"b1\",\"object\":\"text_completion\",\"id\":\"chatcmpl-1\"}\n\n";
        try (FakeEngine llama = new FakeEngine().on("/v1/completions", sse(part.formatted(" Par", " Par", "-0.5"),
                part.formatted("is", "is", "-0.25"), "data: {\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":null,"
                        + "\"finish_reason\":\"stop\"}],\"created\":1,\"model\":\"m\",\"system_fingerprint\":\"b1\",\"object\":"
                        + "\"text_completion\",\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":6,\"total_tokens\":8},"
                        + "\"id\":\"chatcmpl-1\",\"timings\":{\"prompt_n\":6}}\n\n", "data: [DONE]\n\n"))) {
            Completion c = new OpenAiClient(llama.url(), "m").stream(GREEDY, null, (i, t) -> { });
            assertEquals(" Paris", c.text());
            assertEquals(List.of(-0.5, -0.25), c.choices().get(0).tokenLogprobs());
            assertEquals("stop", c.choices().get(0).finishReason());
            assertEquals(2, c.completionTokens());
        }
    }

    /**
     * llama.cpp's server ignores {@code n} and answers with one choice: the client asks for the others one by one,
     * with seeds that differ, and counts the prompt once.
     */
    @Test
    void aServerThatIgnoresNIsAskedAgainForTheMissingChoices() throws Exception {
        String one = "{\"choices\":[{\"text\":\"%s\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"length\"}],\"object\":"
                + "\"text_completion\",\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":5,\"total_tokens\":7}}";
        try (FakeEngine llama = new FakeEngine().on("/v1/completions", json(200, one.formatted(" a")),
                json(200, one.formatted(" b")), json(200, one.formatted(" c")))) {
            CompletionRequest three = CompletionRequest.greedy("x", 2).withSampling(1.0, 1, 0, 40).withN(3);
            Completion c = new OpenAiClient(llama.url(), "m").complete(three);
            assertEquals(List.of(" a", " b", " c"), c.choices().stream().map(Completion.Choice::text).toList());
            assertEquals(5, c.promptTokens());
            assertEquals(6, c.completionTokens());
            List<Long> seeds = llama.requests().stream()
                    .map(r -> JsonParser.parseString(r.body()).getAsJsonObject().get("seed").getAsLong()).toList();
            assertEquals(List.of(40L, 41L, 42L), seeds);
            assertEquals(List.of(3, 1, 1), llama.requests().stream()
                    .map(r -> JsonParser.parseString(r.body()).getAsJsonObject().get("n").getAsInt()).toList());
        }
    }

    /** A server or proxy that ignores "stream" and answers with the whole completion as JSON. */
    @Test
    void aStreamAnsweredWholeIsPassedOn() throws Exception {
        try (FakeEngine plain = new FakeEngine().on("/v1/completions", json(200, "{\"choices\":[{\"text\":\" Paris\","
                + "\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}"))) {
            List<String> pieces = new ArrayList<>();
            Completion c = new OpenAiClient(plain.url(), "m").stream(GREEDY, null, (i, t) -> pieces.add(t));
            assertEquals(List.of(" Paris"), pieces);
            assertEquals(0, c.completionTokens(), "usage null: no counts, not a failure");
            assertTrue(c.choices().get(0).tokenLogprobs().isEmpty());
        }
    }

    /** A body the server compressed although it was not asked to. */
    @Test
    void aGzippedAnswerIsRead() throws Exception {
        try (FakeEngine zipped = new FakeEngine().on("/v1/completions", FakeEngine.gzipped("{\"choices\":[{\"text\":"
                + "\" Paris\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}"))) {
            assertEquals(" Paris", new OpenAiClient(zipped.url(), "m").complete(GREEDY).text());
        }
    }

    /** The JDK client offers an h2c upgrade on http:// unless told HTTP/1.1; uvicorn then loses the POST body. */
    @Test
    void requestsAreHttp11WithoutAnUpgradeOffer() throws Exception {
        try (FakeEngine engine = new FakeEngine().on("/v1/completions", json(200, "{\"choices\":[{\"text\":\"x\","
                + "\"index\":0,\"finish_reason\":\"stop\"}]}"))) {
            new OpenAiClient(engine.url(), "m").complete(GREEDY);
            FakeEngine.Request r = engine.requests().get(0);
            assertTrue(r.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Upgrade")), r.headers().toString());
            assertEquals("m", JsonParser.parseString(r.body()).getAsJsonObject().get("model").getAsString());
        }
    }

    /** /v1/models: llama.cpp's server lists its model twice over ("models" and "data"); the OpenAI shape is read. */
    @Test
    void llamaCppModelList() throws Exception {
        try (FakeEngine llama = new FakeEngine().on("/v1/models", json(200, "{\"models\":[{\"name\":\"qwen.gguf\","
                + "\"model\":\"qwen.gguf\",\"modified_at\":\"\",\"size\":\"\",\"digest\":\"\",\"type\":\"model\","
                + "\"description\":\"\",\"tags\":[\"\"],\"capabilities\":[\"completion\"],\"parameters\":\"\",\"details\":"
                + "{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"\",\"families\":[\"\"],\"parameter_size\":\"\","
                + "\"quantization_level\":\"\"}}],\"object\":\"list\",\"data\":[{\"id\":\"qwen.gguf\",\"object\":\"model\","
                + "\"created\":1733000000,\"owned_by\":\"llamacpp\",\"meta\":{\"vocab_type\":2,\"n_vocab\":151936}}]}"))) {
            assertEquals(List.of("qwen.gguf"), OpenAiClient.servedModels(llama.url()));
        }
    }
}
