package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordProblemsTest {
    private final WordProblems task = new WordProblems();

    @Test
    void everyAnnotationEvaluatesToItsStatedResultAndTheFinalAnswerIsTheLastStep() {
        Set<Integer> templates = new HashSet<>();
        for (Item item : task.generate(3000, new Random(1))) {
            List<String[]> ann = WordProblems.annotations(item.answer());
            assertFalse(ann.isEmpty(), item.answer());
            for (String[] a : ann) {
                assertEquals(a[1], Calculator.format(Calculator.evaluate(a[0])), item.answer());
                assertTrue(new BigDecimal(a[1]).signum() >= 0, item.answer());
                assertTrue(item.answer().contains(a[0] + " = <<" + a[0] + "=" + a[1] + ">>" + a[1]), item.answer());
            }
            assertEquals(new BigDecimal(ann.get(ann.size() - 1)[1]), WordProblems.parseFinal(item.answer()));
            templates.add(item.meta().get("template").getAsInt());
        }
        assertEquals(WordProblems.templates(), templates.size());
    }

    @Test
    void goldScoresOneAndWrongOrMissingAnswersZero() {
        for (Item item : task.generate(100, new Random(2))) {
            assertEquals(1.0, task.score(item, item.answer()));
            long fin = item.meta().get("final").getAsLong();
            assertEquals(1.0, task.score(item, " some reasoning\n#### " + fin + "\n\nQ: next"));
            assertEquals(0.0, task.score(item, "#### " + (fin + 1)));
            assertEquals(0.0, task.score(item, "the answer is " + fin));
        }
        Item item = task.generate(1, new Random(3)).get(0);
        assertEquals(1.0, task.score(item, "####$" + item.meta().get("final").getAsLong()));
        assertEquals("1234", task.parse("so 1,234 in all\n#### 1,234"));
    }

    @Test
    void deterministicPerSeed() {
        assertEquals(task.generate(50, new Random(9)), task.generate(50, new Random(9)));
        assertNotEquals(task.generate(50, new Random(9)), task.generate(50, new Random(10)));
    }
}
