package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextStatsTest {
    @Test
    void distinctNCountsUniqueNgrams() {
        List<String> w = TextStats.words("The cat sat. The cat sat!");
        assertEquals(List.of("the", "cat", "sat", "the", "cat", "sat"), w);
        assertEquals(3 / 6.0, TextStats.distinct(w, 1), 1e-12);
        assertEquals(3 / 5.0, TextStats.distinct(w, 2), 1e-12); // the cat, cat sat, sat the
        assertEquals(3 / 4.0, TextStats.distinct(w, 3), 1e-12);
        assertEquals(0.0, TextStats.distinct(List.of("a"), 2));
        assertEquals(1.0, TextStats.distinct(new int[] {1, 2, 3, 4}, 2));
        // Pooled over texts: the same sample twice halves distinct-n.
        assertEquals(0.5, TextStats.distinctPooled(List.of(List.of(1, 2, 3), List.of(1, 2, 3)), 1), 1e-12);
    }

    @Test
    void repetitionRateLooksBackAWindow() {
        assertEquals(0.0, TextStats.repetitionRate(new int[] {1, 2, 3, 4}, 16));
        assertEquals(1.0, TextStats.repetitionRate(new int[] {7, 7, 7, 7}, 1));
        int[] abab = {1, 2, 1, 2, 1, 2};
        assertEquals(0.0, TextStats.repetitionRate(abab, 1));
        assertEquals(4 / 5.0, TextStats.repetitionRate(abab, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TextStats.repetitionRate(abab, 0));
    }

    @Test
    void continuationScoresDegenerateOutputLow() {
        StringBuilder text = new StringBuilder();
        Random r = new Random(1);
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < 600; i++) text.append(i % 12 == 0 ? "Now w" : "w").append(r.nextInt(500)).append(i % 12 == 11 ? ". " : " ");
            text.append('\n');
        }
        Continuation task = new Continuation(text.toString());
        for (Item item : task.generate(50, new Random(2))) {
            String prefix = item.meta().get("prefix").getAsString();
            assertTrue(text.toString().contains(prefix + " " + item.answer()), "passage must be contiguous text");
            assertTrue(prefix.startsWith("Now"));
            assertEquals(40, item.answer().split(" ").length);
            assertTrue(task.score(item, item.answer()) > 0.9);
            assertTrue(task.score(item, "the same the same the same the same the same") < 0.3);
        }
    }
}
