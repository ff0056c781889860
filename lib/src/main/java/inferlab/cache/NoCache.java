package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The baseline without a cache: it keeps nothing, so its session feeds the whole sequence to the model at
 * every step and attention recomputes every key and value of the prefix. Step t then costs O(t) token passes
 * instead of one, O(T^2) over a sequence, but no memory is held between steps.
 */
public final class NoCache implements KvCache {

    public NoCache(NDManager parent, Spec spec) {}

    @Override
    public int length() {
        return 0;
    }

    /** The step's keys and values are the whole sequence: attention uses them as they are. */
    @Override
    public NDArray[] update(int layer, NDArray keys, NDArray values) {
        return new NDArray[] {keys, values};
    }

    @Override
    public void commit(int tokens) {}

    @Override
    public void truncate(int length) {
        if (length != 0) throw new IllegalArgumentException("an empty cache cannot be truncated to " + length);
    }

    @Override
    public KvCache fork() {
        return new NoCache(null, null);
    }

    @Override
    public long bytes() {
        return 0;
    }

    @Override
    public void close() {}
}
