package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Fixtures;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.model.Completion;
import inferlab.model.CompletionRequest;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.serve.BatchingEngine;
import inferlab.speculative.PromptLookupDrafter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generation loops stop alike: greedy text and finish reason from the single-sequence loop, the completer, the
 * serving engine and speculative greedy decoding agree, with a stop string and with the token budget.
 */
class StopConventionTest {
    static Transformer model;
    static Tokenizer tok;
    static final String PROMPT = "the model and the";

    @BeforeAll
    static void load() {
        model = Fixtures.tinyLlamaWithTokenizer();
        tok = model.tokenizer().orElseThrow();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Text and finish reason of each loop for {@code max} tokens and {@code stops}. */
    static List<String> everyLoop(int max, List<String> stops) {
        int[] prompt = tok.encode(PROMPT);
        Generation.Result g = Generation.of(max).withEos(model.eosTokenId())
                .withStop(tok, stops.toArray(String[]::new)).run(model, prompt, new Greedy());
        Trace.Candidate c = new Completer(model, rng -> new Greedy(), max, stops, null, t -> t)
                .complete(PROMPT, 1, new Random(0)).candidates().get(0);
        CompletionRequest request = CompletionRequest.greedy(PROMPT, max).withStop(stops);
        Completion served;
        try (BatchingEngine engine = new BatchingEngine(model, "engine", BatchingEngine.Mode.CONTINUOUS, 4, 256)) {
            served = engine.complete(request);
        }
        Completion speculative = new SpeculativeGreedy("spec", model, new PromptLookupDrafter(3, 1), 3).complete(request);
        assertEquals(g.text(), c.text(), "the completer's text");
        assertEquals(g.ids().length, c.generatedTokens(), "the completer counts the same tokens");
        assertEquals(g.ids().length, served.completionTokens(), "the engine counts the same tokens");
        assertEquals(g.ids().length, speculative.completionTokens(), "speculative decoding counts the same tokens");
        return List.of(g.text() + " | " + g.stop().finishReason(),
                served.choices().get(0).text() + " | " + served.choices().get(0).finishReason(),
                speculative.choices().get(0).text() + " | " + speculative.choices().get(0).finishReason());
    }

    @Test
    void theLoopsAgreeOnTheBudget() {
        List<String> out = everyLoop(12, List.of());
        assertTrue(out.get(0).endsWith("| length") || out.get(0).endsWith("| stop"), out.get(0));
        for (String o : out) assertEquals(out.get(0), o);
    }

    @Test
    void theLoopsAgreeOnAStopStringAcrossTokens() {
        String full = Generation.of(16).withTokenizer(tok).run(model, tok.encode(PROMPT), new Greedy()).text();
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        List<String> out = everyLoop(16, List.of(stop));
        assertEquals(full.substring(0, full.indexOf(stop)) + " | stop", out.get(0));
        for (String o : out) assertEquals(out.get(0), o);
    }
}
