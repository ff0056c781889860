package inferlab.study;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.model.Evaluation;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.TaskSets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipleChoiceScoringTest {

    @Test
    void optionScoresAreTheSummedTokenLogProbsOfEachAnswerAndLabelsAreTheGoldLetters() {
        List<Item> items = TaskSets.load(MultipleChoice.NAME, "validation").subList(0, 4);
        try (Transformer model = Models.target()) {
            Tokenizer tok = model.tokenizer().orElseThrow();
            Evaluation.Predictions p = MultipleChoiceScoring.predictions(model, items);
            for (int n = 0; n < items.size(); n++) {
                Item item = items.get(n);
                assertEquals(MultipleChoice.LETTERS.indexOf(MultipleChoice.parseLetter(item.answer())), p.labels()[n], item.id());
                int[] x = tok.encode(item.prompt());
                for (int k = 0; k < 4; k++) {
                    int[] full = tok.encode(item.prompt() + " " + MultipleChoice.answers(item).get(k));
                    assertArrayEquals(x, Arrays.copyOf(full, x.length), "the prompt's tokens are a prefix");
                    float[] lp = model.score(full); // lp[t - 1] = log q(full[t] | full[<t])
                    double direct = 0;
                    for (int t = x.length; t < full.length; t++) direct += lp[t - 1];
                    assertEquals(direct, p.logits()[n][k], 1e-3, item.id() + " option " + k);
                }
            }
            // the gold answer outscores the same words with a letter the task never uses
            Item gold = items.get(0);
            float[] own = Evaluation.continuationLogProbs(model, gold.prompt(),
                    List.of(" " + gold.answer(), " " + gold.answer().replaceAll("\\([A-D]\\)", "(E)")));
            assertTrue(own[0] > own[1], "a real letter beats an impossible one");
            Item broken = new Item("x", MultipleChoice.NAME, gold.prompt(), "I do not know.", null);
            assertThrows(IllegalArgumentException.class, () -> MultipleChoiceScoring.predictions(model, List.of(broken)));
            assertThrows(IllegalArgumentException.class, () -> Evaluation.continuationLogProbs(model, gold.prompt(), List.of()));
        }
    }
}
