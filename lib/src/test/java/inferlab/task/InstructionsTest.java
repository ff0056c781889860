package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstructionsTest {
    private static final String TEXT = String.join(" ", List.of(
            "The economy grew strongly this year.", "We built new roads across the nation.",
            "Our schools need more teachers and better books.", "Congress must act on taxes now.",
            "Farmers harvested a record crop of wheat.", "The army and navy stand ready.",
            "Trade with other nations increased again.", "We will balance the budget soon.",
            "Every citizen deserves a fair chance.", "The treaty was signed in the spring.",
            "Mr. Smith arrived.", "Prices rose by 3.5 percent."));

    @Test
    void goldMeetsEveryRequirementAndRubricsAreCheckable() {
        Instructions task = new Instructions(TEXT);
        for (Item item : task.generate(300, new Random(1))) {
            List<Requirement> rules = Instructions.requirements(item);
            assertTrue(rules.size() >= 2 && rules.size() <= 4, item.prompt());
            assertEquals(1.0, task.score(item, item.answer()), item.prompt() + "\n" + item.answer());
            assertEquals(1.0, task.score(item, " " + item.answer() + "\nQ: Write about x."));
            for (Requirement r : rules) assertTrue(item.prompt().contains(r.describe()));
        }
    }

    @Test
    void eachKindOfRequirementFailsWhenViolated() {
        assertFalse(Requirement.words(3, 5).test("one two"));
        assertTrue(Requirement.words(3, 5).test("- one two\n- three"));
        assertFalse(Requirement.include("tax").test("taxes are high"));
        assertTrue(Requirement.include("tax").test("A Tax, again."));
        assertFalse(Requirement.exclude("tax").test("no TAX."));
        assertFalse(Requirement.startsWith("We").test("Now we go."));
        assertTrue(Requirement.startsWith("we").test("- We go."));
        assertFalse(Requirement.endsWith("Thank you.").test("Thank you. Bye."));
        assertFalse(Requirement.lowercase().test("all lower but One"));
        assertFalse(Requirement.lowercase().test("123"));
        assertFalse(Requirement.sentences(2).test("One. Two! Three?"));
        assertTrue(Requirement.sentences(3).test("One. Two! Three?"));
        assertFalse(Requirement.bullets(2).test("- a\n- b\n- c"));
        assertTrue(Requirement.bullets(3).test("- a\n- b\n- c"));
    }

    @Test
    void scoreIsTheFractionMetAndAJudgeCanOverrule() {
        Item item = new Instructions(TEXT).generate(1, new Random(3)).get(0);
        int n = Instructions.requirements(item).size();
        List<Boolean> empty = Instructions.results(item, "", Judge.PROGRAMMATIC);
        double expected = empty.stream().filter(b -> b).count() / (double) n;
        assertEquals(expected, new Instructions("").score(item, ""), 1e-12);
        assertTrue(expected < 1.0);
        assertEquals(0.0, Instructions.check(item, item.answer(), (p, r, resp) -> false).value());
        assertEquals(1.0, Instructions.check(item, "", (p, r, resp) -> true).value());
    }

    @Test
    void deterministicPerSeed() {
        Instructions task = new Instructions(TEXT);
        assertEquals(task.generate(40, new Random(8)), task.generate(40, new Random(8)));
    }
}
