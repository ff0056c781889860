package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.decode.Greedy;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.system.Answers;
import inferlab.system.Completer;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.task.TaskSets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleDiversityTest {

    private static final Item ITEM = new Item("i", "t", "Q: x\nA:", "gold", null);

    @Test
    void theCoursesThreeNumbersByHand() {
        // distinct texts 1, 2, 2, 7 at T = 0.5; one prompt at T = 1
        List<SampleDiversity.Prompt> prompts = List.of(
                new SampleDiversity.Prompt(ITEM, 0.5, 10, 1, 1, 1, 1),
                new SampleDiversity.Prompt(ITEM, 0.5, 10, 2, 1, 1, 0),
                new SampleDiversity.Prompt(ITEM, 0.5, 10, 2, 2, 0.5, 0),
                new SampleDiversity.Prompt(ITEM, 0.5, 10, 7, 3, 1, 0.5),
                new SampleDiversity.Prompt(ITEM, 1.0, 10, 9, 4, 0, 0));
        var rows = SampleDiversity.summarize(prompts, new Random(1));
        assertEquals(2, rows.size());
        var r = rows.get(0);
        assertEquals(0.5, r.temperature());
        assertEquals(4, r.prompts());
        assertEquals(3, r.meanTexts(), 1e-12);
        assertEquals(2, r.medianTexts(), 1e-12);
        assertEquals(Math.sqrt((4 + 1 + 1 + 16) / 3.0), r.sdTexts(), 1e-12);
        assertEquals(1.75, r.answersInterval().estimate(), 1e-12);
        assertTrue(r.textsInterval().low() >= 1 && r.textsInterval().high() <= 7);
        assertEquals((0 + 1 + 0.5 + 0.5) / 4, r.meanSpread(), 1e-12);
        assertEquals(0, rows.get(1).sdTexts(), "one prompt: no spread");
        assertEquals(9, rows.get(1).medianTexts());
        var chart = SampleDiversity.chart("toy", rows);
        assertEquals(2 + 2 * 2, chart.getSeriesMap().size(), "two lines and one interval bar per point");
        assertEquals(2, chart.getSeriesMap().values().stream().filter(s -> s.isShowInLegend()).count());
    }

    @Test
    void samplesOfTheDraftModel() {
        try (Transformer draft = Models.draft()) {
            Task task = TaskSets.grader(GraphPaths.NAME);
            List<Item> items = TaskSets.load(GraphPaths.NAME, "validation").subList(0, 3);
            Completer c = new Completer(draft, rng -> new Greedy(), 24, List.of("\n"), null, Answers.parser(GraphPaths.NAME));
            var prompts = SampleDiversity.sample(c, task, items, new double[] {0.05, 1.5}, 12, 7);
            assertEquals(6, prompts.size());
            int cold = 0, hot = 0;
            for (var p : prompts) {
                assertEquals(12, p.samples());
                assertTrue(1 <= p.distinctAnswers() && p.distinctAnswers() <= p.distinctTexts() && p.distinctTexts() <= 12, p.toString());
                assertTrue(p.worstGrade() <= p.bestGrade());
                if (p.temperature() == 0.05) cold += p.distinctTexts();
                else hot += p.distinctTexts();
            }
            assertTrue(cold < hot, "near-greedy sampling repeats itself: " + cold + " vs " + hot);
            assertFalse(SampleDiversity.summarize(prompts, new Random(2)).isEmpty());
        }
    }
}
