package inferlab.task;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A verifiable task: a seeded generator of {@link Item}s and a grader for free model output.
 * Every prompt ends with {@code "A:"}; the model is expected to continue with a space and its answer.
 */
public interface Task {
    String name();

    /** {@code n} fresh items; the same generator state always yields the same items. */
    List<Item> generate(int n, RandomGenerator rng);

    /**
     * The answer extracted from a model's free output, in canonical form (e.g. {@code "376"}, {@code "B"}),
     * or null if the output holds none. This is what {@link #check} compares.
     */
    String parse(String output);

    /** Grades a model's free output (the text after the prompt) against the item's gold answer. */
    Score check(Item item, String output);

    default double score(Item item, String output) {
        return check(item, output).value();
    }
}
