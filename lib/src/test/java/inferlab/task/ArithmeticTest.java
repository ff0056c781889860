package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
    private final Arithmetic task = new Arithmetic();

    @Test
    void goldScoresOneAndOffByOneScoresZero() {
        for (Item item : task.generate(500, new Random(1))) {
            long gold = Long.parseLong(item.answer());
            assertTrue(gold >= 0);
            assertEquals(1.0, task.score(item, item.answer()));
            assertEquals(1.0, task.score(item, " " + gold + "\nQ: 1 + 2 = ?\nA: 3"));
            assertEquals(0.0, task.score(item, Long.toString(gold + 1)));
            assertEquals(0.0, task.score(item, "I don't know"));
        }
    }

    @Test
    void parserHandlesMessyOutput() {
        assertEquals(376L, Arithmetic.parseInteger(" 376"));
        assertEquals(376L, Arithmetic.parseInteger("\n\nThe answer is 376."));
        assertEquals(376L, Arithmetic.parseInteger("347 + 29 = 376 apples"));
        assertEquals(1234L, Arithmetic.parseInteger("1,234"));
        assertEquals(-5L, Arithmetic.parseInteger("-5"));
        assertEquals(7L, Arithmetic.parseInteger("7\n8"));
        assertNull(Arithmetic.parseInteger("none"));
        assertEquals("376", new Arithmetic().parse("= 376."));
    }

    @Test
    void coversAllDifficultiesAndIsDeterministic() {
        var items = task.generate(400, new Random(5));
        for (int d = 1; d <= 4; d++) {
            int digits = d;
            assertTrue(items.stream().anyMatch(i -> i.meta().get("digits").getAsInt() == digits));
        }
        assertEquals(items, task.generate(400, new Random(5)));
    }
}
