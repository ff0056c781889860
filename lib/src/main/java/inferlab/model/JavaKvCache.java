package inferlab.model;

import java.util.Arrays;

/**
 * Keys and values of the {@link JavaTransformer}, one float array per layer laid out [position, kvHeads, headDim]
 * (rotary embedding already applied to the keys). A step writes its new positions in place; the arrays double
 * when full, so a session of n tokens copies O(n) floats in all and a decode step allocates nothing.
 */
final class JavaKvCache {
    private final int layers;
    private final int width;
    private float[][] keys;
    private float[][] values;
    private int length;

    JavaKvCache(int layers, int kvHeads, int headDim) {
        this(layers, kvHeads * headDim, new float[layers][0], new float[layers][0], 0);
    }

    private JavaKvCache(int layers, int width, float[][] keys, float[][] values, int length) {
        this.layers = layers;
        this.width = width;
        this.keys = keys;
        this.values = values;
        this.length = length;
    }

    int length() {
        return length;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Makes room for positions up to {@code newLength} (exclusive); existing contents stay. */
    void reserve(int newLength) {
        int capacity = keys[0].length / width;
        if (newLength <= capacity) return;
        int grown = Math.max(newLength, Math.max(16, 2 * capacity));
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], grown * width);
            values[l] = Arrays.copyOf(values[l], grown * width);
        }
    }

    /** Ends a step that wrote positions {@code length() .. length() + tokens - 1} of every layer. */
    void commit(int tokens) {
        length += tokens;
    }

    void truncate(int newLength) {
        length = newLength;
    }

    /** An independent copy of the positions held (not of the spare capacity). */
    JavaKvCache fork() {
        float[][] k = new float[layers][];
        float[][] v = new float[layers][];
        for (int l = 0; l < layers; l++) {
            k[l] = Arrays.copyOf(keys[l], Math.max(length, 16) * width);
            v[l] = Arrays.copyOf(values[l], Math.max(length, 16) * width);
        }
        return new JavaKvCache(layers, width, k, v, length);
    }
}
