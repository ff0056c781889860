package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Fixtures;
import inferlab.model.HfTokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one stop rule, fed the ids of real text from the fixture's byte-level BPE tokenizer. */
class StopRuleTest {
    static HfTokenizer tok;
    static final int EOS = 0; // <|endoftext|>

    @BeforeAll
    static void load() {
        tok = new HfTokenizer(Fixtures.reference().resolve("tokenizer/tokenizer.json"), 512);
    }

    @AfterAll
    static void close() {
        tok.close();
    }

    static StopRule rule(int maxNewTokens, String... stops) {
        return new StopRule(EOS, List.of(stops), maxNewTokens, Integer.MAX_VALUE);
    }

    /** Feeds {@code ids} until the stepper stops; returns how many it took. */
    static int feed(Stepper s, int[] ids) {
        int n = 0;
        while (n < ids.length && s.stop() == null) s.add(ids[n++]);
        return n;
    }

    @Test
    void aStopStringAcrossATokenBoundaryStopsAtTheTokenThatCompletesItAndIsCutFromTheText() {
        String text = "the model and the configuration of the input";
        int[] ids = tok.encode(text);
        // a stop string made of the end of one token and the start of the next
        int boundary = tok.decode(Arrays.copyOf(ids, 3)).length();
        String stop = text.substring(boundary - 2, boundary + 2);
        assertTrue(tok.decode(Arrays.copyOf(ids, 2)).length() < boundary - 2 + 1, "the stop string starts inside token 3");
        Stepper s = rule(100, stop).start(tok, 5);
        for (int i = 0; i < 3; i++) assertNull(s.add(ids[i]), "not complete after token " + i);
        int completing = 3;
        while (!tok.decode(Arrays.copyOf(ids, completing + 1)).contains(stop)) assertNull(s.add(ids[completing++]));
        assertEquals(Generation.Stop.STOP_STRING, s.add(ids[completing]));
        assertEquals(text.substring(0, text.indexOf(stop)), s.text());
        assertArrayEquals(Arrays.copyOf(ids, completing + 1), s.ids(), "the ids keep the completing token");
        assertEquals(s.text().length(), s.settled());
        assertThrows(IllegalStateException.class, () -> s.add(ids[0]));
    }

    @Test
    void theEarliestOfSeveralStopStringsCutsTheText() {
        int[] ids = tok.encode("with the input and the output");
        // both complete with the token " input"; the one that starts first wins
        Stepper s = rule(100, "output", "input", "the in").start(tok, 1);
        feed(s, ids);
        assertEquals(Generation.Stop.STOP_STRING, s.stop());
        assertEquals("with ", s.text());
    }

    @Test
    void eosAsTheFirstTokenIsKeptInTheIdsCountedAndNotInTheText() {
        Stepper s = rule(10, "\n").start(tok, 4);
        assertEquals(Generation.Stop.EOS, s.add(EOS));
        assertArrayEquals(new int[] {EOS}, s.ids());
        assertEquals(1, s.generated());
        assertEquals("", s.text());
        assertEquals(0, s.room());
    }

    @Test
    void eosIsLeftOutOfTheTextEvenWhenTheTokenizerWouldDecodeIt() {
        int[] ids = tok.encode("model.");
        int period = ids[ids.length - 1];
        assertEquals(".", tok.decode(new int[] {period}));
        Stepper s = new StopRule(period, List.of(), 10, Integer.MAX_VALUE).start(tok, 1);
        feed(s, ids);
        assertEquals(Generation.Stop.EOS, s.stop());
        assertEquals("model", s.text());
        assertArrayEquals(ids, s.ids());
    }

    @Test
    void theBudgetCountsEveryGeneratedToken() {
        int[] ids = tok.encode("the model and the configuration");
        Stepper s = rule(3).start(tok, 2);
        assertEquals(3, s.room());
        assertNull(s.add(ids[0]));
        assertNull(s.add(ids[1]));
        assertEquals(1, s.room());
        assertEquals(Generation.Stop.MAX_NEW_TOKENS, s.add(ids[2]));
        assertEquals(tok.decode(Arrays.copyOf(ids, 3)), s.text());
        assertEquals(Generation.Stop.MAX_NEW_TOKENS, rule(0).start(tok, 2).stop(), "a zero budget stops before any token");
    }

    @Test
    void eosOnTheLastTokenOfTheBudgetIsAnEndOfSequence() {
        Stepper s = rule(2).start(tok, 1);
        s.add(tok.encode("a")[0]);
        assertEquals(Generation.Stop.EOS, s.add(EOS));
        assertEquals("stop", s.stop().finishReason());
    }

    @Test
    void theContextBoundsPromptAndNewTokensTogether() {
        int[] ids = tok.encode("the model and the configuration of the input");
        Stepper s = new StopRule(EOS, List.of(), 100, 10).start(tok, 7);
        assertEquals(3, s.room());
        assertEquals(3, feed(s, ids));
        assertEquals(Generation.Stop.CONTEXT_LENGTH, s.stop());
        assertEquals("length", s.stop().finishReason());
        assertEquals(Generation.Stop.CONTEXT_LENGTH, new StopRule(EOS, List.of(), 100, 10).start(tok, 10).stop());
        assertEquals(10, rule(100).within(10).contextLength());
        assertEquals(10, new StopRule(EOS, List.of(), 100, 10).within(Integer.MAX_VALUE).contextLength());
    }

    @Test
    void aCharacterSplitAcrossByteTokensIsDecodedWholeAndCanCompleteAStopString() {
        int[] e = tok.encode("é");
        assertEquals(2, e.length, "é is two byte tokens in this vocabulary");
        assertNotEquals("é", tok.decode(new int[] {e[0]}) + tok.decode(new int[] {e[1]}), "token by token it is garbled");
        int[] ids = concat(tok.encode("caf"), e, tok.encode(" and"));
        Stepper s = rule(100, "é").start(tok, 1);
        int upToFirstByte = tok.encode("caf").length + 1;
        for (int i = 0; i < upToFirstByte; i++) assertNull(s.add(ids[i]));
        assertTrue(s.text().endsWith("\uFFFD"), s.text());
        assertEquals("caf".length(), s.settled(), "the unfinished character is not settled");
        assertEquals(Generation.Stop.STOP_STRING, s.add(ids[upToFirstByte]));
        assertEquals("caf", s.text());

        Stepper whole = rule(100, " an").start(tok, 1);
        feed(whole, ids);
        assertEquals("café", whole.text());
    }

    @Test
    void aSuffixThatMayBeginAStopStringIsNotSettledUntilItCannot() {
        int[] head = concat(tok.encode("model"), tok.encode("\n"));
        Stepper s = rule(100, "\n\n").start(tok, 1);
        feed(s, head);
        assertEquals("model\n", s.text());
        assertEquals("model".length(), s.settled(), "the newline may begin the stop string");
        feed(s, tok.encode(" model"));
        assertNull(s.stop());
        assertEquals("model\n model", s.text());
        assertEquals(s.text().length(), s.settled());
    }

    @Test
    void prefilledTokensJoinTheTextButNotTheBudgetAndAreNotSearched() {
        int[] ids = tok.encode("a=");
        Stepper s = rule(3, "42").start(tok, 1);
        feed(s, ids);
        assertNull(s.stop());
        assertEquals(1, s.room());
        // the '=' token is replaced by '=' and a tool's answer that contains the stop string
        assertNull(s.replaceLast(tok.encode("=42>>")));
        assertEquals("a=42>>", s.text());
        assertEquals(1, s.room());
        assertEquals(Generation.Stop.MAX_NEW_TOKENS, s.add(tok.encode("x")[0]));
        assertEquals("a=42>>x", s.text());
        int[] answer = tok.encode("=42>>");
        assertTrue(answer.length >= 3, "needs a few tokens: " + answer.length);
        Stepper small = new StopRule(EOS, List.of(), 9, 3).start(tok, 1);
        small.add(ids[0]);
        assertEquals(Generation.Stop.CONTEXT_LENGTH, small.replaceLast(answer), "an answer beyond the context ends it");
        assertEquals("a", small.text(), "and is not written");
    }

    @Test
    void aCopyGoesOnIndependently() {
        int[] ids = tok.encode("the model");
        Stepper s = rule(5).start(tok, 1);
        s.add(ids[0]);
        Stepper c = s.copy();
        c.add(ids[1]);
        assertEquals(1, s.generated());
        assertEquals(2, c.generated());
        assertEquals(tok.decode(new int[] {ids[0]}), s.text());
        assertEquals(tok.decode(Arrays.copyOf(ids, 2)), c.text());
        assertArrayEquals(new int[] {ids[0]}, s.ids());
    }

    @Test
    void badRulesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> rule(-1));
        assertThrows(IllegalArgumentException.class, () -> rule(5, ""));
        assertThrows(IllegalArgumentException.class, () -> new StopRule(EOS, List.of(), 5, 0));
        assertThrows(IllegalArgumentException.class, () -> rule(5, "x").start(null, 1), "stop strings need a tokenizer");
        assertNull(rule(5).start(null, 1).text());
    }

    static int[] concat(int[]... parts) {
        int[] out = new int[0];
        for (int[] p : parts) {
            int n = out.length;
            out = Arrays.copyOf(out, n + p.length);
            System.arraycopy(p, 0, out, n, p.length);
        }
        return out;
    }
}
