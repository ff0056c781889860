package inferlab.model;

import java.util.Arrays;

/**
 * One incremental run of a model over a growing token sequence; its KV cache (if any) lives here.
 *
 * <p>A fresh session is empty; {@code append(prompt)} is the prefill. Sessions hold native memory:
 * close them.
 */
public interface Session extends AutoCloseable {

    /** Number of tokens consumed so far. */
    int length();

    /** A copy of the tokens consumed so far. */
    int[] tokens();

    /**
     * Consumes {@code ids} and returns logits over the vocabulary at each appended position:
     * row i is the next-token distribution after {@code ids[i]}. Speculative verification needs all rows.
     */
    float[][] append(int... ids);

    /**
     * Consumes {@code ids} and returns the logits after the last of them: a prompt's prefill when only the next
     * token's distribution is wanted. A {@link PrefixCachingModel} may then skip a prefix it has run before.
     */
    default float[] appendLast(int... ids) {
        float[][] rows = append(ids);
        return rows[rows.length - 1];
    }

    /** How many leading tokens of {@code ids} this session already holds: their common prefix. */
    default int commonPrefix(int[] ids) {
        int[] held = tokens();
        int n = Arrays.mismatch(held, ids);
        return n < 0 ? held.length : n;
    }

    /** An independent session with the same prefix; beams and samples share a prompt this way. */
    Session fork();

    /** Drops tokens so that {@link #length()} becomes {@code length}: speculative rollback. */
    void truncate(int length);

    @Override
    void close();
}
