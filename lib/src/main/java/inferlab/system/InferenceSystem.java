package inferlab.system;

import java.util.random.RandomGenerator;

/**
 * An LLM system: a prompt in, an answer and a {@link Trace} of how it was reached out. Systems compose:
 * one sample (greedy, sampled, with tools), N samples aggregated by vote or by a reward model.
 */
public interface InferenceSystem {

    /** Short name for tables and plots, e.g. "self-consistency@8". */
    String name();

    /** Runs the system once; {@code rng} drives any sampling. */
    Trace solve(String prompt, RandomGenerator rng);
}
