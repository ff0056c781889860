package inferlab.reward;

import inferlab.system.Completer;
import inferlab.system.Trace;
import inferlab.task.Item;
import inferlab.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Training and evaluation pairs for the {@link RewardModel}, made from the project's own task data: the
 * solution of an item is the text after its prompt, {@code " " + answer} (as in {@link Item#text()}).
 */
public final class RewardData {
    private RewardData() {}

    /**
     * Each gold solution and one corruption of it, labelled by the task's grader: a changed intermediate
     * number that leaves the final answer right is still labelled correct (an outcome reward).
     */
    public static List<RewardModel.Example> corrupted(Task task, List<Item> items, RandomGenerator rng) {
        List<RewardModel.Example> out = new ArrayList<>();
        for (Item item : items) {
            String gold = " " + item.answer();
            String bad = Corruption.corrupt(gold, rng);
            if (bad == null) continue;
            out.add(new RewardModel.Example(item.prompt(), gold, task.score(item, gold) >= 1));
            out.add(new RewardModel.Example(item.prompt(), bad, task.score(item, bad) >= 1));
        }
        return out;
    }

    /**
     * {@code n} model samples per item, labelled by the task's grader: the mistakes the model really
     * makes, the distribution best-of-N reranks.
     */
    public static List<RewardModel.Example> sampled(Completer completer, Task task, List<Item> items, int n,
                                                    RandomGenerator rng) {
        List<RewardModel.Example> out = new ArrayList<>();
        for (Item item : items) {
            for (Trace.Candidate c : completer.complete(item.prompt(), n, rng).candidates()) {
                out.add(new RewardModel.Example(item.prompt(), c.text(), task.score(item, c.text()) >= 1));
            }
        }
        return out;
    }
}
