package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A prompt prefilled from a kept prefix gives the same bits as running all of it, and the prefix is not run again. */
class PrefixCachingModelTest {
    static Transformer model;
    static final int[] PROMPT = {256, 423, 236, 101, 239, 364, 220, 332, 406, 337, 453, 260, 120, 10, 133, 59};

    @BeforeAll
    static void load() throws Exception {
        model = Transformer.load(Path.of(PrefixCachingModelTest.class.getResource("/hf-reference/models/llama-tiny").toURI()));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static float[] last(LanguageModel m, int[] ids) {
        try (Session s = m.newSession()) {
            return s.appendLast(ids);
        }
    }

    static int[] concat(int[] a, int... b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aLongerPromptReusesTheKeptPrefixAndGivesTheSameBits() {
        try (PrefixCachingModel cached = new PrefixCachingModel(model, 4)) {
            assertArrayEquals(last(model, PROMPT), last(cached, PROMPT));
            assertEquals(0, cached.reusedTokens());
            int[] longer = concat(PROMPT, 7, 8, 9);
            assertArrayEquals(last(model, longer), last(cached, longer));
            assertEquals(PROMPT.length, cached.reusedTokens(), "the whole first prompt came from the cache");
            // the same prompt again: all but its last token is reused, and that token is run for its logits
            assertArrayEquals(last(model, longer), last(cached, longer));
            assertEquals(PROMPT.length + longer.length - 1, cached.reusedTokens());
            assertEquals(PROMPT.length + 2L * longer.length, cached.prefilledTokens());
        }
    }

    @Test
    void aDivergingPromptKeepsOnlyTheCommonPrefix() {
        try (PrefixCachingModel cached = new PrefixCachingModel(model, 4)) {
            last(cached, PROMPT);
            int[] other = PROMPT.clone();
            other[10] = 5; // differs from position 10 on
            assertArrayEquals(last(model, other), last(cached, other));
            assertEquals(10, cached.reusedTokens());
            // the kept session itself was not changed by the hit: the first prompt still gives its own logits
            assertArrayEquals(last(model, PROMPT), last(cached, PROMPT));
        }
    }

    @Test
    void generationThroughTheCacheIsTheSameAndTheLeastRecentlyUsedSessionGoes() {
        try (PrefixCachingModel cached = new PrefixCachingModel(model, 1)) {
            Generation greedy = Generation.of(12);
            Generation.Result plain = greedy.run(model, PROMPT, new Greedy());
            assertArrayEquals(plain.ids(), greedy.run(cached, PROMPT, new Greedy()).ids());
            // the generation's session (prompt and new tokens) is kept; the next prompt that continues it reuses all of it
            int[] continued = concat(PROMPT, plain.ids());
            assertArrayEquals(last(model, continued), last(cached, continued));
            assertEquals(continued.length - 1, cached.reusedTokens());
            last(cached, new int[] {1, 2, 3}); // with room for one, this evicts the continued prompt's session
            long before = cached.reusedTokens();
            last(cached, continued);
            assertEquals(before, cached.reusedTokens());
        }
    }

    @Test
    void batchesForksAndBadInputBehaveAsTheBaseModel() {
        try (PrefixCachingModel cached = new PrefixCachingModel(model, 4)) {
            last(cached, PROMPT);
            try (Session root = cached.newSession(); Session base = model.newSession()) {
                root.appendLast(concat(PROMPT, 3));
                base.append(concat(PROMPT, 3));
                try (Session a = root.fork(); Session b = root.fork(); Session x = base.fork(); Session y = base.fork()) {
                    float[][] rows = cached.appendBatch(List.of(a, b), new int[] {11, 12});
                    float[][] expected = model.appendBatch(List.of(x, y), new int[] {11, 12});
                    assertArrayEquals(expected[0], rows[0]);
                    assertArrayEquals(expected[1], rows[1]);
                    assertEquals(PROMPT.length + 2, a.length());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> last(cached, new int[0]));
            assertThrows(IllegalArgumentException.class, () -> last(cached, new int[] {model.vocabSize()}));
            assertThrows(IllegalArgumentException.class, () -> new PrefixCachingModel(model, 0));
            try (Session foreign = model.newSession()) {
                foreign.append(1);
                assertThrows(IllegalArgumentException.class, () -> cached.appendBatch(List.of(foreign), new int[] {2}));
            }
        }
    }
}
