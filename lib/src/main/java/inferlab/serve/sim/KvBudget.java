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
     * How many identical requests (p, o, m) run at once: {@code N = min(B, ⌊K / (p + m)⌋)}, at least one.
     * Building the request checks p ≥ 1 and 1 ≤ o ≤ m.
     */
    static int concurrency(int maxBatch, int kvTokens, int prompt, int output, int maxTokens) {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        int reserved = new SimRequest(0, prompt, output, maxTokens).reservedTokens();
        int n = Math.min(maxBatch, kvTokens / reserved);
        if (n < 1) throw new IllegalArgumentException("a request of " + reserved + " KV tokens never fits in " + kvTokens);
        return n;
    }

    /**
     * How many tokens of KV cache fit in {@code bytes} of memory for a model of this shape:
     * {@code bytes / (2 · L · h_kv · d_h · bytesPerValue)}.
     */
    public static int tokens(ModelShape shape, double bytes, double bytesPerValue) {
        if (!(bytes > 0)) throw new IllegalArgumentException("KV memory must be > 0 bytes, got " + bytes);
        if (!(bytesPerValue > 0)) throw new IllegalArgumentException("bytes per value must be > 0, got " + bytesPerValue);
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(bytes / shape.kvBytesPerToken(bytesPerValue)));
    }
}
