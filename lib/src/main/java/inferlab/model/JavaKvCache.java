package inferlab.model;

import java.util.Arrays;

/**
 * Keys and values of the {@link JavaTransformer}, one float array each per layer (rotary embedding already applied
 * to the keys). Values are laid out [position, kvHeads, headDim]; keys transposed, [kvHeads, headDim, capacity], so
 * that a query's scores against many positions are lane-wide multiply-adds down each key column
 * ({@link VectorMath#columnDots}) rather than one horizontal sum per position. A step writes its new positions in
 * place; the arrays double when full, so a session of n tokens copies O(n) floats in all and a decode step
 * allocates nothing. Capacities are whole multiples of the vector width, so a column may be read lane-wide past the
 * last position.
 */
final class JavaKvCache {
    private final int layers;
    private final int width;
    private float[][] keys;
    private float[][] values;
    private int capacity;
    private int length;

    JavaKvCache(int layers, int kvHeads, int headDim) {
        this(layers, kvHeads * headDim, new float[layers][0], new float[layers][0], 0, 0);
    }

    private JavaKvCache(int layers, int width, float[][] keys, float[][] values, int capacity, int length) {
        this.layers = layers;
        this.width = width;
        this.keys = keys;
        this.values = values;
        this.capacity = capacity;
        this.length = length;
    }

    int length() {
        return length;
    }

    /** Positions each key column holds room for: the stride between columns of {@link #keys}. */
    int capacity() {
        return capacity;
    }

    /** Layer {@code layer}'s keys, column {@code c} (kv head times head dim plus index) at [c capacity, ...). */
    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Writes the key ({@code key[keyAt..]}) and value ({@code value[valueAt..]}) of {@code position} in {@code layer}. */
    void write(int layer, int position, float[] key, int keyAt, float[] value, int valueAt) {
        float[] k = keys[layer];
        for (int c = 0; c < width; c++) k[c * capacity + position] = key[keyAt + c];
        System.arraycopy(value, valueAt, values[layer], position * width, width);
    }

    /** Makes room for positions up to {@code newLength} (exclusive); existing contents stay. */
    void reserve(int newLength) {
        if (newLength > capacity) resize(Math.max(newLength, Math.max(16, 2 * capacity)));
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
        JavaKvCache copy = new JavaKvCache(layers, width, keys.clone(), values.clone(), capacity, length);
        copy.resize(Math.max(length, 16));
        return copy;
    }

    /** Re-lays the arrays out for {@code positions} (rounded up to the vector width), keeping the held positions. */
    private void resize(int positions) {
        int newCapacity = VectorMath.roundUpToLanes(positions);
        int kept = Math.min(length, newCapacity);
        for (int l = 0; l < layers; l++) {
            float[] k = new float[width * newCapacity];
            for (int c = 0; c < width; c++) System.arraycopy(keys[l], c * capacity, k, c * newCapacity, kept);
            keys[l] = k;
            values[l] = Arrays.copyOf(values[l], width * newCapacity);
        }
        capacity = newCapacity;
    }
}
