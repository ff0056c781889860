package inferlab.serve.sim;

import inferlab.hardware.ModelShape;

/**
 * The KV-cache memory of one decode server, counted in tokens. A request is admitted only when
 * {@code prompt + maxTokens} tokens are free: the server reserves room for the longest answer the request may
 * produce, so a running sequence never has to be evicted (the conservative policy of Orca; vLLM's paging
 * reserves block by block instead and preempts when it runs out).
 */
public final class KvBudget {
    private final int capacity;
    private int used;

    KvBudget(int capacity) {
        this.capacity = capacity;
    }

    boolean fits(SimRequest r) {
        return used + r.reservedTokens() <= capacity;
    }

    void reserve(SimRequest r) {
        used += r.reservedTokens();
    }

    void release(SimRequest r) {
        used -= r.reservedTokens();
    }

    /**
     * How many tokens of KV cache fit in {@code bytes} of memory for a model of this shape:
     * {@code bytes / (2 · L · h_kv · d_h · bytesPerValue)}.
     */
    public static int tokens(ModelShape shape, double bytes, double bytesPerValue) {
        if (!(bytes > 0)) throw new IllegalArgumentException("KV memory must be > 0 bytes, got " + bytes);
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(bytes / shape.kvBytesPerToken(bytesPerValue)));
    }
}
