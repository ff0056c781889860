package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * A cache that grows by concatenation: each step allocates K_l := [K_l ; k_new] and frees the old array.
 * Simple and exact, but copies the whole cache every token (O(T^2) bytes moved over a sequence).
 */
public final class DynamicCache implements KvCache {
    private final NDManager manager;
    private final Spec spec;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public DynamicCache(NDManager parent, Spec spec) {
        this.manager = parent.newSubManager();
        this.spec = spec;
        this.keys = new NDArray[spec.layers()];
        this.values = new NDArray[spec.layers()];
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public NDArray[] update(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDArray[] {keys[layer], values[layer]};
    }

    /** Old positions followed by the new ones, owned by this cache; the old array is freed. */
    private NDArray grow(NDArray old, NDArray added) {
        NDArray next = old == null || old.getShape().get(1) == 0 ? added.duplicate() : old.concat(added, 1);
        next.attach(manager);
        if (old != null) old.close();
        return next;
    }

    @Override
    public void commit(int tokens) {
        length += tokens;
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
        }
        for (int l = 0; l < keys.length; l++) {
            keys[l] = slice(keys[l], newLength);
            values[l] = slice(values[l], newLength);
        }
        length = newLength;
    }

    private NDArray slice(NDArray a, int n) {
        if (a == null) return null;
        NDArray s;
        try (NDArray view = a.get(new NDIndex(":, :{}, :", n))) {
            s = view.duplicate();
        }
        a.close();
        return s;
    }

    @Override
    public KvCache fork() {
        DynamicCache copy = new DynamicCache(manager.getParentManager(), spec);
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] == null) continue;
            copy.keys[l] = keys[l].duplicate();
            copy.keys[l].attach(copy.manager);
            copy.values[l] = values[l].duplicate();
            copy.values[l].attach(copy.manager);
        }
        copy.length = length;
        return copy;
    }

    @Override
    public long bytes() {
        long b = 0;
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) b += 2 * keys[l].getShape().size() * keys[l].getDataType().getNumOfBytes();
        }
        return b;
    }

    @Override
    public void close() {
        manager.close();
    }
}
