package inferlab.speculative;

import java.util.random.RandomGenerator;

/**
 * Proposes a cheap continuation that the target model then verifies in one forward pass.
 */
public interface Drafter extends AutoCloseable {

    /**
     * Up to {@code gamma} tokens continuing {@code context}. With {@code temperature} 0 the draft is greedy;
     * otherwise tokens are sampled from q = softmax(logits / temperature) with {@code rng} and q is returned.
     */
    Draft propose(int[] context, int gamma, double temperature, RandomGenerator rng);

    /**
     * Called once before the first proposal after {@code prompt}: a drafter with a model reads the prompt here
     * (its prefill), so that the rounds that follow pay only for drafting.
     */
    default void start(int[] prompt) {}

    @Override
    default void close() {}
}
