package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
    private final Arithmetic task = new Arithmetic();

    @Test
    void goldScoresOneAndOffByOneScoresZero() {
        for (Item item : task.generate(500, new Random(1))) {
            long gold = Arithmetic.parseInteger(item.answer());
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
    void scratchpadEndsInTheExactResult() {
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            long a = rng.nextInt(10000), b = rng.nextInt(10000);
            assertEquals(a + b, Arithmetic.parseInteger(Arithmetic.scratchpad(a, '+', b)));
            assertEquals(Math.max(a, b) - Math.min(a, b), Arithmetic.parseInteger(Arithmetic.scratchpad(Math.max(a, b), '-', Math.min(a, b))));
            assertEquals(a * b, Arithmetic.parseInteger(Arithmetic.scratchpad(a, '*', b)));
        }
        assertEquals("347+029: 7+9+0=16 6, 4+2+1=07 76, 3+0+0=03 376 #### 376", Arithmetic.scratchpad(347, '+', 29));
        assertEquals("52-38: 12-8-0=4 4, 5-3-1=1 14 #### 14", Arithmetic.scratchpad(52, '-', 38));
        assertEquals("347*29: 347*9=3123, 347*20=6940 10063 #### 10063", Arithmetic.scratchpad(347, '*', 29));
        assertThrows(IllegalArgumentException.class, () -> Arithmetic.scratchpad(3, '-', 5));
    }

    @Test
    void scratchpadStepsAreConsistent() {
        // Every column's digits and carry agree with the sum it states, so a model learns correct steps only.
        java.util.regex.Pattern col = java.util.regex.Pattern.compile("(\\d)\\+(\\d)\\+(\\d)=(\\d)(\\d)");
        java.util.regex.Matcher m = col.matcher(Arithmetic.scratchpad(9876, '+', 5439));
        int columns = 0;
        while (m.find()) {
            int sum = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
            assertEquals(sum, 10 * Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5)));
            columns++;
        }
        assertEquals(4, columns);
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
