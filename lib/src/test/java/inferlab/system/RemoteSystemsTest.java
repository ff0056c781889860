package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.CalculatorTool;
import inferlab.model.CompletionRequest;
import inferlab.sandbox.CodeInterpreter;
import inferlab.serve.Loopback;
import inferlab.serve.OpenAiClient;
import inferlab.serve.OpenAiServer;
import inferlab.system.Trace.Segment.Kind;
import inferlab.tool.Tool;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HW3's systems on a remote model: the scripted solver of {@link SystemsTest} and the tiny Llama fixture, each
 * behind the real server, reached over loopback HTTP by the real client.
 */
class RemoteSystemsTest {
    static Loopback scriptServer, llamaServer;

    @BeforeAll
    static void start() throws java.io.IOException {
        scriptServer = Loopback.serve(new ScriptModel(SystemsTest.SCRIPT, 20f, 2.5f), "script", 16,
                OpenAiServer.Limits.defaults());
        llamaServer = Loopback.serve(inferlab.Fixtures.tinyLlamaWithTokenizer(), "llama", 8,
                OpenAiServer.Limits.defaults());
    }

    @AfterAll
    static void stop() {
        scriptServer.close();
        llamaServer.close();
    }

    static RemoteCompleter remote(Loopback server, String name, double temperature, int maxTokens) {
        CompletionRequest settings = CompletionRequest.greedy("", maxTokens).withSampling(temperature, 1, 0, 0)
                .withStop(List.of("\n"));
        return new RemoteCompleter(new OpenAiClient(server.url(), name), settings, null, SystemsTest.PARSER);
    }

    @Test
    void greedyWithoutToolsMatchesTheInProcessCompleter() {
        Completer local = new Completer(llamaServer.model(), SystemsTest.GREEDY, 10, List.of("\n"), null,
                SystemsTest.PARSER);
        CandidateSource.Batch in = local.complete("The nation is", 2, new Random(1));
        CandidateSource.Batch out = remote(llamaServer, "llama", 0, 10).complete("The nation is", 2, new Random(1));
        assertEquals(in.promptTokens(), out.promptTokens());
        for (int i = 0; i < 2; i++) {
            Trace.Candidate a = in.candidates().get(i), b = out.candidates().get(i);
            assertEquals(a.text(), b.text());
            assertEquals(a.generatedTokens(), b.generatedTokens());
            assertEquals(a.logProb(), b.logProb(), 1e-4);
        }
    }

    @Test
    void toolCallsAreServedBetweenRequestsAndMatchTheInProcessTrace() {
        try (CodeInterpreter interpreter = new CodeInterpreter()) {
            Tool calculator = new CalculatorTool(interpreter);
            Trace local = new SingleSample("tool", SystemsTest.completer(20f, SystemsTest.GREEDY).withTool(calculator))
                    .solve(SystemsTest.PROMPT, new Random(1));
            Trace remote = new SingleSample("tool", remote(scriptServer, "script", 0, 64).withTool(calculator))
                    .solve(SystemsTest.PROMPT, new Random(1));
            Trace.Candidate c = remote.candidates().get(0);
            assertEquals(local.candidates().get(0).text(), c.text());
            assertTrue(c.text().startsWith(" 6 times 7 is <<6*7=42>>"), c.text());
            assertEquals(List.of(Kind.MODEL, Kind.TOOL_CALL, Kind.TOOL_RESULT, Kind.MODEL),
                    c.segments().stream().map(Trace.Segment::kind).toList());
            assertEquals(local.candidates().get(0).segments(), c.segments());
            assertEquals(SystemsTest.PROMPT.length(), remote.promptTokens());
            assertEquals("42>>".length(), remote.toolTokens(), "one byte per token: what the prompt grew by besides model text");
            assertEquals(local.generatedTokens() + "41>>".length(), remote.generatedTokens(),
                    "the model's own guess after '=' was generated, then dropped");
        }
    }

    @Test
    void majorityVoteOverHttpBeatsSingleNoisySamples() {
        RemoteCompleter noisy = remote(scriptServer, "script", 1, 64);
        Random rng = new Random(7);
        int single = 0, voted = 0, trials = 20;
        for (int i = 0; i < trials; i++) {
            if (new SingleSample("sample", noisy).solve(SystemsTest.PROMPT, rng).answer().equals("41")) single++;
            Trace t = new SelfConsistency(noisy, 9).solve(SystemsTest.PROMPT, rng);
            assertEquals(9, t.candidates().size());
            if (t.answer().equals("41")) voted++;
        }
        assertTrue(voted > single, "vote " + voted + " vs single " + single);
    }

    /**
     * llama.cpp's server answers one choice whatever n asks (with its chat-shaped logprobs): self-consistency still
     * gets its N candidates, each with its log-probability, not one.
     */
    @Test
    void selfConsistencyOnAServerThatIgnoresN() throws Exception {
        String one = "{\"choices\":[{\"text\":\" 6 times 7 is 42 so #### %s\",\"index\":0,\"logprobs\":{\"content\":"
                + "[{\"id\":1,\"token\":\" 6 times 7 is 42 so #### %s\",\"bytes\":[],\"logprob\":-0.5,\"top_logprobs\":[]}]},"
                + "\"finish_reason\":\"stop\"}],\"object\":\"text_completion\",\"usage\":{\"completion_tokens\":1,"
                + "\"prompt_tokens\":9,\"total_tokens\":10}}";
        try (inferlab.serve.FakeEngine llama = new inferlab.serve.FakeEngine().on("/v1/completions",
                inferlab.serve.FakeEngine.json(200, one.formatted("42", "42")),
                inferlab.serve.FakeEngine.json(200, one.formatted("41", "41")),
                inferlab.serve.FakeEngine.json(200, one.formatted("42", "42")))) {
            CompletionRequest settings = CompletionRequest.greedy("", 64).withSampling(1, 1, 0, 0).withStop(List.of("\n"));
            RemoteCompleter remote = new RemoteCompleter(new OpenAiClient(llama.url(), "m"), settings, null, SystemsTest.PARSER);
            Trace t = new SelfConsistency(remote, 3).solve(SystemsTest.PROMPT, new Random(1));
            assertEquals(3, t.candidates().size());
            assertEquals("42", t.answer());
            assertTrue(t.candidates().stream().allMatch(c -> c.logProb() == -0.5 && c.generatedTokens() == 1));
            assertEquals(9, t.promptTokens());
        }
    }

    @Test
    void bestOfNOverHttpPicksTheTopScoredCandidate() {
        Trace t = new BestOfN(remote(scriptServer, "script", 1, 64), 8,
                (problem, solution) -> solution.endsWith("#### 41") ? 1 : 0).solve(SystemsTest.PROMPT, new Random(3));
        Trace.Candidate best = t.candidates().stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
        assertEquals(best.answer(), t.answer());
        assertEquals(8, t.candidates().size());
        assertTrue(t.candidates().stream().allMatch(c -> c.generatedTokens() > 0 && c.logProb() < 0));
    }
}
