package inferlab.cli;

/**
 * Bounds the command line checks before any work starts, so a request that cannot succeed fails at once with
 * one clear line instead of after seconds of compute, an {@code OutOfMemoryError} or an unbounded run.
 */
final class Limits {
    /**
     * Widest beam (and so most returned sequences) {@code generate} runs. Quality stops improving long before
     * (larger beams even lower it, the "beam search curse"), while memory grows linearly: B caches of the context.
     */
    static final int MAX_BEAMS = 64;
    /** Most token positions a benchmark option asks for: far past any course model, far below exhausting memory. */
    static final int MAX_BENCH_TOKENS = 1 << 15;
    /** Most timed repetitions a benchmark runs. */
    static final int MAX_RUNS = 1000;
    /** Largest JSON document {@code process} reads from stdin, in chars: ample for many vocabulary-wide logit rows. */
    static final long MAX_JSON_CHARS = 16L << 20;
    /** Deepest nesting of arrays and objects {@code process} accepts; its schema needs 3. */
    static final int MAX_JSON_DEPTH = 64;

    private Limits() {}

    /** {@code prompt + newTokens} positions must fit in the model's {@code context}. */
    static void context(int prompt, int newTokens, int context) {
        if ((long) prompt + newTokens > context) {
            throw new IllegalArgumentException(newTokens == 0
                    ? "the prompt has " + prompt + " tokens but the model's context holds " + context
                    : "the prompt's " + prompt + " tokens plus " + newTokens + " new tokens exceed the model's context of "
                            + context + " tokens");
        }
    }

    /** {@code value} must lie in [{@code min}, {@code max}]. */
    static int range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }
}
