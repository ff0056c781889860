package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Project;
import inferlab.decode.Greedy;
import inferlab.model.Transformer;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.TaskSets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Greedy decoding constrained to the four guided choices, on the shipped target and the task's validation items. */
class ConstrainedChoiceTest {

    @Test
    void everyOutputIsOneOfTheChoicesAndTheConstraintBeatsFreeGreedy() {
        try (Transformer target = Transformer.load(Project.data().resolve("models/target"))) {
            Completer greedy = new Completer(target, rng -> new Greedy(), SharedTaskSystems.CHOICE_TOKENS,
                    List.of(inferlab.task.Harness.STOP), null, inferlab.system.Answers.parser(MultipleChoice.NAME));
            InferenceSystem free = new SingleSample("greedy", greedy);
            InferenceSystem constrained = new ConstrainedChoice("constrained", greedy, MultipleChoice::guidedChoices);
            MultipleChoice grader = new MultipleChoice("");
            int freeRight = 0, constrainedRight = 0;
            List<Item> items = TaskSets.load(MultipleChoice.NAME, "validation").subList(0, 40);
            for (Item item : items) {
                String out = constrained.solve(item.prompt(), new Random(1)).candidates().get(0).text();
                assertTrue(MultipleChoice.guidedChoices(item.prompt()).contains(out.strip()), out);
                if (grader.check(item, out).value() == 1) constrainedRight++;
                if (grader.check(item, free.solve(item.prompt(), new Random(1)).candidates().get(0).text()).value() == 1) freeRight++;
            }
            System.out.printf("multiple choice on %d validation items: greedy %d right, constrained greedy %d%n",
                    items.size(), freeRight, constrainedRight);
            assertTrue(constrainedRight > freeRight, constrainedRight + " vs " + freeRight);
        }
    }
}
