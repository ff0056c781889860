package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A cache preallocated to the maximum length: per layer one K and one V array [kvHeads, maxLength, headDim],
 * written in place at positions length()..length()+T-1. No copy of the past per step (unlike concatenation),
 * fixed addresses (what CUDA graphs and compiled kernels need), but the full maximum is held from the start,
 * however short the sequence: the waste paged attention removes.
 */
public final class StaticCache implements KvCache {
    private final NDManager manager;
    private final Spec spec;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final LentViews views = new LentViews();
    private int length;

    public StaticCache(NDManager parent, Spec spec) {
        this(parent, spec, true);
    }

    private StaticCache(NDManager parent, Spec spec, boolean allocate) {
        this.manager = parent.newSubManager();
        this.spec = spec;
        this.keys = new NDArray[spec.layers()];
        this.values = new NDArray[spec.layers()];
        if (allocate) {
            Shape shape = new Shape(spec.kvHeads(), spec.maxLength(), spec.headDim());
            for (int l = 0; l < spec.layers(); l++) {
                keys[l] = manager.zeros(shape);
                values[l] = manager.zeros(shape);
            }
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public NDArray[] update(int layer, NDArray k, NDArray v) {
        views.startUpdate();
        int end = length + (int) k.getShape().get(1);
        if (end > spec.maxLength()) {
            throw new IllegalStateException("static cache full: " + end + " positions > maxLength " + spec.maxLength());
        }
        NDIndex written = new NDIndex(":, {}:{}, :", length, end);
        keys[layer].set(written, k);
        values[layer].set(written, v);
        NDIndex held = new NDIndex(":, :{}, :", end);
        NDArray kv = keys[layer].get(held), vv = values[layer].get(held);
        return views.lend(kv, vv);
    }

    @Override
    public void commit(int tokens) {
        views.committed();
        length += tokens;
    }

    /** Positions past the new length stay in the arrays and are overwritten by the next step. */
    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
        }
        views.free();
        length = newLength;
    }

    @Override
    public KvCache fork() {
        StaticCache copy = new StaticCache(manager.getParentManager(), spec, false);
        for (int l = 0; l < keys.length; l++) {
            copy.keys[l] = keys[l].duplicate();
            copy.keys[l].attach(copy.manager);
            copy.values[l] = values[l].duplicate();
            copy.values[l].attach(copy.manager);
        }
        copy.length = length;
        return copy;
    }

    /** All of the preallocated arrays, used or not. */
    @Override
    public long bytes() {
        long b = 0;
        for (int l = 0; l < keys.length; l++) b += 2 * keys[l].getShape().size() * keys[l].getDataType().getNumOfBytes();
        return b;
    }

    @Override
    public void close() {
        manager.close();
    }
}
