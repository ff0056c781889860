package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The key/value cache of one session: for every layer l, the keys K_l and values V_l of all positions seen so
 * far, each [kvHeads, length, headDim], with rotary embedding already applied to the keys. Attention at a new
 * position then costs one projection instead of recomputing the whole prefix.
 *
 * <p>A forward step calls {@link #update} once per layer with the new positions' keys and values (they go at
 * positions {@code length() .. length()+T-1}) and uses what it returns, then calls {@link #commit}. A session
 * feeds the model whatever tokens the cache does not hold, so a cache that keeps nothing ({@link #length()}
 * stays 0) makes the session recompute the full sequence at every step.
 */
public interface KvCache extends AutoCloseable {

    /** What a cache needs to know to size itself. */
    record Spec(int layers, int kvHeads, int headDim, int maxLength) {}

    /** Makes an empty cache whose arrays live under {@code parent}; e.g. {@code DynamicCache::new}. */
    @FunctionalInterface
    interface Factory {
        KvCache create(NDManager parent, Spec spec);
    }

    /** Number of positions held. */
    int length();

    /**
     * Stores {@code keys} and {@code values} [kvHeads, T, headDim] of layer {@code layer} at positions
     * {@code length()..length()+T-1} and returns {keys, values} of every position the step attends to,
     * [kvHeads, length()+T, headDim]. The returned arrays stay owned by the cache: valid until the cache next
     * changes, and not to be closed by the caller. A cache that answers with fresh views frees them by
     * {@link LentViews}' rule, which is where DJL's memory rules for lent arrays are kept.
     */
    NDArray[] update(int layer, NDArray keys, NDArray values);

    /** Ends a step that added {@code tokens} positions to every layer. */
    void commit(int tokens);

    /** Drops positions so that {@link #length()} becomes {@code length}. */
    void truncate(int length);

    /** An independent cache with the same contents. */
    KvCache fork();

    /**
     * Bytes of key/value storage this cache holds: what it allocated, used or not, including storage it shares
     * with forks.
     */
    long bytes();

    @Override
    void close();
}
