package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipleChoiceTest {
    /** Some text with enough repeated words of each class for distractors. */
    private static String text() {
        String[] nouns = {"nation", "economy", "treaty", "harbor", "army", "navy", "budget", "school", "farmer", "river",
            "court", "people", "world", "union", "state", "power", "peace", "trade", "law", "debt", "land", "duty"};
        StringBuilder sb = new StringBuilder();
        Random r = new Random(0);
        for (int i = 0; i < 400; i++) {
            sb.append("The ").append(nouns[r.nextInt(nouns.length)]).append(" and the ").append(nouns[r.nextInt(nouns.length)])
              .append(" of our ").append(nouns[r.nextInt(nouns.length)]).append(" stand together today. ");
        }
        return sb.toString();
    }

    @Test
    void clozeItemsHaveFourDistinctOptionsOneOfWhichFillsTheBlank() {
        MultipleChoice task = new MultipleChoice(text());
        for (Item item : task.generate(200, new Random(1))) {
            String word = item.meta().get("word").getAsString();
            char gold = MultipleChoice.parseLetter(item.answer());
            assertTrue(item.prompt().contains("(" + gold + ") " + word + (gold == 'D' ? "\n" : " (")), item.prompt());
            assertEquals(4, item.prompt().split("\\(([A-D])\\) ").length - 1);
            assertTrue(item.prompt().contains("___"));
            assertEquals(1.0, task.score(item, item.answer()));
            char wrong = (char) ('A' + (gold - 'A' + 1) % 4);
            assertEquals(0.0, task.score(item, "The answer is (" + wrong + ")."));
            assertEquals(0.0, task.score(item, "I am not sure."));
        }
        assertEquals(task.generate(30, new Random(5)), task.generate(30, new Random(5)));
    }

    @Test
    void parserHandlesMessyOutput() {
        assertEquals('B', MultipleChoice.parseLetter(" The answer is (B)."));
        assertEquals('C', MultipleChoice.parseLetter("Let me think. (A) is wrong... the answer is C"));
        assertEquals('A', MultipleChoice.parseLetter("(A) because"));
        assertEquals('D', MultipleChoice.parseLetter(" D"));
        assertEquals('B', MultipleChoice.parseLetter("B) nation"));
        assertNull(MultipleChoice.parseLetter("Absolutely"));
    }

    /** The course's reader: its "The answer is" regex, else math_verify's boxed / LaTeX / number extraction. */
    @Test
    void gradesTheAnswerFormsTheCourseGraderAccepts() {
        MultipleChoice task = new MultipleChoice("");
        Item item = new Item("q", MultipleChoice.NAME, "Q: ...", "The answer is (B).", null);
        for (String right : List.of("The answer is (B).", "the answer is b", "The answer is B because", "The answer is \\boxed{B}",
                "So \\boxed{ B }.", "First \\boxed{A}. Then much later, after a very long aside about the anatomy of the heart: \\boxed{B}", "Answer: $B$", "The correct option is $B$.",
                "answer is \\(B\\)", "$$\\displaystyle B$$", "I pick the answer 3 times: $B$ here"))
            assertEquals(1.0, task.score(item, right), right);
        for (String wrong : List.of("B", "(B)", "B) nation", "The answer is: B", "Answer: B", "The answer is probably B",
                "\\boxed{(B)}", "$\\text{B}$", "The answer is \\boxed{A}", "Answer: $B$, about 5 mg", "", "I am not sure.",
                "First \\boxed{A}, no wait: \\boxed{B}", "$B$ and $B$", "\\fbox{B}", "\\boxed {B}", "So [B] ", "$$B$$ \\frac{1}{2}",
                "Final answer: $\\boxed{B}$, and the dose is $x = 4$"))
            assertEquals(0.0, task.score(item, wrong), wrong);
        assertEquals("P", task.parse("The answer is probably B"));
        assertEquals("5", task.parse("Answer: $B$, about 5 mg"));
        assertNull(task.parse("no idea"));
        assertEquals("A,B", task.parse("First \\boxed{A}, no wait: \\boxed{B}"), "boxes close together are joined, as math_verify does");
        assertEquals("B and B", task.parse("$B$ and $B$"));
        assertEquals("B", task.parse("The answer is\u001cB"), "Python's \\s holds U+001C..U+001F");
    }

    @Test
    void loadsCourseDataFromCsvAndJsonl(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("med.csv");
        Files.writeString(csv, "question,A,B,C,D,answer\n\"Which organ, mostly, pumps blood?\",Heart,Liver,\"Lung \"\"left\"\"\",Skin,A\nQ2?,a,b,c,d,3\n");
        List<Item> items = MultipleChoice.loadCourse(csv);
        assertEquals(2, items.size());
        assertEquals("Q: Which organ, mostly, pumps blood?\n(A) Heart (B) Liver (C) Lung \"left\" (D) Skin\nA:", items.get(0).prompt());
        assertEquals("Heart, so the answer is (A).", items.get(0).answer());
        assertEquals("d, so the answer is (D).", items.get(1).answer());
        Path jsonl = dir.resolve("med.jsonl");
        Files.writeString(jsonl, "{\"question\":\"Q?\",\"choices\":[\"w\",\"x\",\"y\",\"z\"],\"answer\":1}\n{\"question\":\"R?\",\"A\":\"1\",\"B\":\"2\",\"C\":\"3\",\"D\":\"4\",\"answer\":\"c\"}\n");
        List<Item> j = MultipleChoice.loadCourse(jsonl);
        assertEquals("x, so the answer is (B).", j.get(0).answer());
        assertEquals("3, so the answer is (C).", j.get(1).answer());
        Files.writeString(csv, "q,a,b,c,d,E\n");
        assertThrows(IllegalArgumentException.class, () -> MultipleChoice.loadCourse(csv));
    }

    @Test
    void optionsAreReadBackFromThePrompt() {
        MultipleChoice task = new MultipleChoice(text());
        for (Item item : task.generate(20, new Random(4))) {
            List<String> expected = new java.util.ArrayList<>();
            item.meta().getAsJsonArray("options").forEach(o -> expected.add(o.getAsString()));
            assertEquals(expected, MultipleChoice.options(item.prompt()));
        }
        Item odd = MultipleChoice.item("x", "Which, (B) if any?", List.of("a (B) b", "c, d", "\"e\"", "f g"), 2, null);
        assertEquals(List.of("a (B) b", "c, d", "\"e\"", "f g"), MultipleChoice.options(odd.prompt()));
        assertEquals(List.of(), MultipleChoice.options("Q: 3 + 3 = ?\nA:"));
        assertEquals(List.of(), MultipleChoice.options(odd.prompt() + " payment"));
        assertEquals(MultipleChoice.answers(odd), MultipleChoice.guidedChoices(odd.prompt()), "no blank: the trained answers");
        Item cloze = MultipleChoice.item("y", "Fill in the blank: The ___ of the public debt is a duty.",
                List.of("payment", "treaty", "harbor", "settlement"), 0, null);
        assertEquals("The treaty of the public debt is a duty, so the answer is (B).", MultipleChoice.guidedChoices(cloze.prompt()).get(1));
    }
}
