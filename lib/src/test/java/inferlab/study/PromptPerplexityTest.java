package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Fixtures;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptPerplexityTest {

    @Test
    void theFiguresAgreeWithScoringTheContinuationAndObeyJensen() {
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer()) {
            Tokenizer tok = model.tokenizer().orElseThrow();
            for (String prompt : List.of("The capital of France is", "3 + 5 =", "")) {
                PromptPerplexity p = PromptPerplexity.greedy(model, tok, prompt, "low", 12);
                assertTrue(p.tokens() >= 1 && p.tokens() <= 12);
                assertTrue(p.meanTokenPerplexity() >= p.sequencePerplexity() - 1e-9, p.toString());
                // the same continuation scored in one pass gives the same sequence perplexity
                int[] context = prompt.isEmpty() ? new int[] {model.eosTokenId()} : tok.encode(prompt);
                int[] ids = Generation.of(12).withEos(model.eosTokenId()).run(model, context, new Greedy()).ids();
                int[] all = Arrays.copyOf(context, context.length + ids.length);
                System.arraycopy(ids, 0, all, context.length, ids.length);
                float[] lp = model.score(all);
                double sum = 0;
                for (int t = context.length - 1; t < lp.length; t++) sum += lp[t];
                assertEquals(Math.exp(-sum / ids.length), p.sequencePerplexity(), 1e-3 * p.sequencePerplexity());
            }
        }
    }

    @Test
    void identicalBeamsReportOnlyDistinctSpellingsOfOneText() {
        try (Transformer model = Fixtures.tinyLlamaWithTokenizer()) {
            Tokenizer tok = model.tokenizer().orElseThrow();
            IdenticalBeams.Search s = IdenticalBeams.find(model, tok, List.of("Hello", "The year", "One two"), 6, 6);
            assertEquals(3, s.prompts());
            for (IdenticalBeams.Case c : s.cases()) {
                assertEquals(c.text(), tok.decode(c.first()));
                assertEquals(c.text(), tok.decode(c.second()));
                assertFalse(Arrays.equals(c.first(), c.second()));
                assertFalse(c.firstCanonical() && c.secondCanonical(), "two canonical segmentations of one text");
            }
        }
    }
}
