package inferlab.serve;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Prompt log-probabilities from servers that echo them, echo only with a generated token, or do not echo. */
class PromptLogprobsTest {
    private static final String PROMPT = "The state of our Union is";

    private static CompletionModel fake(Function<CompletionRequest, Completion> answer) {
        return new CompletionModel() {
            public Completion complete(CompletionRequest r) { return answer.apply(r); }
            public String name() { return "fake"; }
        };
    }

    private static Completion choice(String text, Double... logprobs) {
        List<String> tokens = new ArrayList<>();
        for (Double ignored : logprobs) tokens.add("t");
        return new Completion(List.of(new Completion.Choice(text, tokens, Arrays.asList(logprobs), List.of(), "length")), 0, 0);
    }

    @Test
    void ourServerEchoesTheLogprobsTheModelScores() throws Exception {
        try (Loopback server = Loopback.serve(inferlab.Fixtures.tinyLlamaWithTokenizer(), "tiny", 4, OpenAiServer.Limits.defaults())) {
            PromptLogprobs p = PromptLogprobs.of(new OpenAiClient(server.url(), "tiny"), PROMPT);
            assertTrue(p.available(), p.how());
            assertEquals("echo with max_tokens = 0", p.how());
            Tokenizer tok = server.model().tokenizer().orElseThrow();
            float[] local = server.model().score(tok.encode(PROMPT));
            assertEquals(local.length, p.logprobs().size());
            double sum = 0;
            for (float v : local) sum += v;
            assertEquals(sum, p.sum(), 1e-3);
        }
    }

    @Test
    void aServerThatEchoesOnlyWithAGeneratedTokenHasItDropped() {
        PromptLogprobs p = PromptLogprobs.of(fake(r -> {
            if (r.maxTokens() == 0) throw new RemoteModelException("HTTP 400: max_tokens must be at least 1");
            return choice(PROMPT + " strong", null, -1.0, -2.0, -3.0);
        }), PROMPT);
        assertEquals(List.of(-1.0, -2.0), p.logprobs());
        assertTrue(p.how().contains("max_tokens = 1"), p.how());
    }

    /** llama.cpp's server: echo is ignored, only the generated text comes back. */
    @Test
    void aServerWithoutEchoIsReportedNotTrusted() {
        PromptLogprobs ignored = PromptLogprobs.of(fake(r -> choice(r.maxTokens() == 0 ? "" : " strong", -0.5)), PROMPT);
        assertFalse(ignored.available());
        assertTrue(ignored.how().contains("does not echo"), ignored.how());
        PromptLogprobs refused = PromptLogprobs.of(fake(r -> { throw new RemoteModelException("HTTP 400: echo is not supported"); }), PROMPT);
        assertFalse(refused.available());
        assertTrue(refused.how().contains("echo is not supported"), refused.how());
        PromptLogprobs noLogprobs = PromptLogprobs.of(fake(r -> choice(PROMPT, (Double) null, null, null)), PROMPT);
        assertFalse(noLogprobs.available(), "echoed text without log-probabilities");
    }
}
