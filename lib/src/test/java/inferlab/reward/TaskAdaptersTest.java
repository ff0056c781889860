package inferlab.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.system.Answers;
import inferlab.task.Arithmetic;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import inferlab.task.WordProblems;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces that connect systems to the project's tasks: answer keys, reward data, consistency checks. */
class TaskAdaptersTest {
    static final List<Item> PROBLEMS = new WordProblems().generate(60, new Random(4));

    @Test
    void answerKeysAreCanonical() {
        assertEquals("1234", Answers.parser(WordProblems.NAME).apply(" so 3 more.\n#### 1,234\nQ: next"));
        assertEquals("", Answers.parser(WordProblems.NAME).apply(" no final line"));
        assertEquals("376", Answers.parser(Arithmetic.NAME).apply(" 376\nQ: 1 + 1 = ?"));
        assertEquals("[[0, 1, 5]]", Answers.parser(GraphPaths.NAME).apply(" submit_paths(paths=[[0,1,5]], weights=[7])"));
    }

    @Test
    void goldSolutionsAreConsistentAndMostCorruptionsAreCaught() {
        ConsistencyFeatures f = new ConsistencyFeatures();
        Random rng = new Random(9);
        int caught = 0;
        for (Item item : PROBLEMS) {
            double[] gold = f.of(item.prompt(), " " + item.answer());
            assertTrue(gold[0] >= 1, "word problems have annotations");
            assertEquals(0, gold[1] + gold[2] + gold[3] + gold[4], item.answer());
            assertEquals(1, gold[5]);
            double[] bad = f.of(item.prompt(), Corruption.corrupt(" " + item.answer(), rng));
            if (bad[1] + bad[2] + bad[3] + bad[4] > 0) caught++;
        }
        assertTrue(caught > 0.9 * PROBLEMS.size(), caught + " of " + PROBLEMS.size());
    }

    @Test
    void corruptedDataIsLabelledByTheGrader() {
        WordProblems task = new WordProblems();
        List<RewardModel.Example> data = RewardData.corrupted(task, PROBLEMS, new Random(1));
        assertEquals(2 * PROBLEMS.size(), data.size());
        long wrong = 0;
        for (int i = 0; i < PROBLEMS.size(); i++) {
            assertTrue(data.get(2 * i).correct(), "gold is correct");
            assertEquals(task.score(PROBLEMS.get(i), data.get(2 * i + 1).solution()) >= 1, data.get(2 * i + 1).correct());
            if (!data.get(2 * i + 1).correct()) wrong++;
        }
        assertTrue(wrong > PROBLEMS.size() / 3, "many corruptions change the final answer: " + wrong);
        RewardModel rm = RewardModel.train(new ConsistencyFeatures(), data.subList(0, 80), 200, 0.5, 1e-3, new Random(2));
        assertTrue(rm.auc(data.subList(80, data.size())) > 0.9);
        assertEquals(new ConsistencyFeatures().names().size(), rm.describeWeights().size());
        assertTrue(rm.score(PROBLEMS.get(0).prompt(), " " + PROBLEMS.get(0).answer()) > 0.5);
    }
}
