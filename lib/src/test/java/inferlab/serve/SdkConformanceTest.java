package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.CompletionRequest;
import inferlab.model.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK as the client of our server, over loopback: what students' tools expect. Each call
 * here failed against the old server (token-id prompts, chat log-probabilities, both streams) or must keep working.
 */
class SdkConformanceTest {
    static Loopback server;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.serve(Models.target(), "target", 8, OpenAiServer.Limits.defaults());
        sdk = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        sdk.close();
        server.close();
    }

    static inferlab.model.Completion local(String prompt, int maxTokens) {
        return server.engine().complete(CompletionRequest.greedy(prompt, maxTokens).withLogprobs(2, false));
    }

    static CompletionCreateParams.Builder completion(int maxTokens) {
        return CompletionCreateParams.builder().model("target").maxTokens(maxTokens).temperature(0.0);
    }

    @Test
    void completionsWithTextTokenIdsNAndLogprobs() {
        inferlab.model.Completion expected = local("Fellow citizens", 8);
        Completion c = sdk.completions().create(completion(8).prompt("Fellow citizens").logprobs(2).build());
        assertEquals(expected.text(), c.choices().get(0).text());
        assertEquals(expected.choices().get(0).tokenLogprobs().size(), c.usage().orElseThrow().completionTokens());
        List<Double> lps = c.choices().get(0).logprobs().orElseThrow().tokenLogprobs().orElseThrow();
        for (int i = 0; i < lps.size(); i++) assertEquals(expected.choices().get(0).tokenLogprobs().get(i), lps.get(i), 1e-6);

        int[] ids = server.engine().tokenizer().encode("Fellow citizens");
        List<Long> tokens = Arrays.stream(ids).mapToLong(i -> i).boxed().toList();
        Completion byIds = sdk.completions().create(completion(8).promptOfArrayOfTokens(tokens).build());
        assertEquals(expected.text(), byIds.choices().get(0).text());
        Completion batch = sdk.completions().create(completion(8).promptOfArrayOfTokenArrays(List.of(tokens, tokens)).n(2).build());
        assertEquals(4, batch.choices().size());
        for (var ch : batch.choices()) assertEquals(expected.text(), ch.text());
    }

    @Test
    void completionsStreamTokensAsTheyAreGenerated() {
        long t0 = System.nanoTime();
        List<Double> arrivals = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long[] usage = {-1};
        try (StreamResponse<Completion> s = sdk.completions().createStreaming(completion(240).prompt("Fellow citizens")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunk -> {
                arrivals.add((System.nanoTime() - t0) / 1e6);
                chunk.choices().forEach(ch -> text.append(ch.text()));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertEquals(local("Fellow citizens", 240).text(), text.toString());
        assertTrue(usage[0] > 0, "include_usage gives the counts");
        assertTrue(arrivals.size() > 10, arrivals.size() + " chunks");
        // the chunks arrive spread over the generation, not all at once at its end
        assertTrue(arrivals.get(arrivals.size() - 1) - arrivals.get(0) > arrivals.get(arrivals.size() - 1) / 3,
                "first chunk at " + arrivals.get(0) + " ms, last at " + arrivals.get(arrivals.size() - 1) + " ms");
    }

    @Test
    void chatWithLogprobsAndStreaming() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("target").addUserMessage("hello")
                .maxCompletionTokens(10).temperature(0.0).logprobs(true).topLogprobs(3).build();
        ChatCompletion c = sdk.chat().completions().create(params);
        String content = c.choices().get(0).message().content().orElseThrow();
        List<ChatCompletionTokenLogprob> lps = c.choices().get(0).logprobs().orElseThrow().content().orElseThrow();
        assertFalse(lps.isEmpty());
        assertEquals(3, lps.get(0).topLogprobs().size());
        assertTrue(lps.get(0).logprob() <= 0);

        StringBuilder streamed = new StringBuilder();
        long[] usage = {-1};
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(params.toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunk -> {
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append));
                chunk.usage().ifPresent(u -> usage[0] = u.completionTokens());
            });
        }
        assertEquals(content, streamed.toString());
        assertEquals(c.usage().orElseThrow().completionTokens(), usage[0]);
    }

    @Test
    void modelListAndErrorsAsTheSdkExpects() {
        assertEquals("target", sdk.models().list().data().get(0).id());
        NotFoundException nf = assertThrows(NotFoundException.class,
                () -> sdk.completions().create(CompletionCreateParams.builder().model("gpt-9").prompt("x").build()));
        assertTrue(nf.getMessage().contains("gpt-9"), nf.getMessage());
        BadRequestException tooLong = assertThrows(BadRequestException.class,
                () -> sdk.completions().create(completion(250).prompt("the state of the union is strong ".repeat(20)).build()));
        assertTrue(tooLong.getMessage().contains("context"), tooLong.getMessage());
        try (OpenAiServer keyed = new OpenAiServer(server.engine(), "target", ChatTemplate.PLAIN, "127.0.0.1", 0,
                OpenAiServer.Limits.defaults(), "k").start()) {
            OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl(keyed.url() + "/v1").apiKey("not-k").maxRetries(0).build();
            assertThrows(UnauthorizedException.class, () -> wrongKey.completions().create(completion(1).prompt("x").build()));
            OpenAIClient rightKey = OpenAIOkHttpClient.builder().baseUrl(keyed.url() + "/v1").apiKey("k").maxRetries(0).build();
            assertEquals(1, rightKey.completions().create(completion(1).prompt("x").build()).usage().orElseThrow().completionTokens());
            wrongKey.close();
            rightKey.close();
        }
    }

    /** A named tool call, as the course's graph example asks for one: the SDK reads the call and its arguments. */
    @Test
    void aNamedToolCallReadsAsOne() {
        com.openai.core.JsonValue answer = com.openai.core.JsonValue.from(java.util.Map.of("enum", List.of("A", "B", "C", "D")));
        var parameters = com.openai.models.FunctionParameters.builder()
                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                .putAdditionalProperty("properties", com.openai.core.JsonValue.from(java.util.Map.of("answer", answer)))
                .putAdditionalProperty("required", com.openai.core.JsonValue.from(List.of("answer"))).build();
        ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("target").maxCompletionTokens(30)
                .addUserMessage("Q: Which letter comes first?\nA:")
                .addTool(com.openai.models.chat.completions.ChatCompletionFunctionTool.builder()
                        .function(com.openai.models.FunctionDefinition.builder().name("submit").parameters(parameters).build()).build())
                .toolChoice(com.openai.models.chat.completions.ChatCompletionNamedToolChoice.builder()
                        .function(com.openai.models.chat.completions.ChatCompletionNamedToolChoice.Function.builder().name("submit").build()).build())
                .build());
        var message = c.choices().get(0).message();
        assertTrue(message.content().isEmpty());
        var call = message.toolCalls().orElseThrow().get(0).asFunction();
        assertEquals("submit", call.function().name());
        String picked = com.google.gson.JsonParser.parseString(call.function().arguments()).getAsJsonObject().get("answer").getAsString();
        assertTrue(List.of("A", "B", "C", "D").contains(picked), call.function().arguments());
    }
}
