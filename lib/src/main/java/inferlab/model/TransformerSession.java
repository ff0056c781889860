package inferlab.model;

import inferlab.cache.KvCache;
import java.util.Arrays;

/** A {@link Session} of a {@link Transformer}: the tokens so far and the cache of their keys and values. */
final class TransformerSession implements Session {
    private final Transformer model;
    private final KvCache cache;
    private int[] tokens;
    private int length;

    TransformerSession(Transformer model, KvCache cache) {
        this(model, cache, new int[16], 0);
    }

    private TransformerSession(Transformer model, KvCache cache, int[] tokens, int length) {
        this.model = model;
        this.cache = cache;
        this.tokens = tokens;
        this.length = length;
    }

    Transformer model() {
        return model;
    }

    KvCache cache() {
        return cache;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    /** Feeds the tokens the cache does not hold yet (all of them for a cache that keeps nothing) plus ids. */
    @Override
    public float[][] append(int... ids) {
        if (ids.length == 0) throw new IllegalArgumentException("append needs at least one token");
        model.validate(ids);
        int held = cache.length();
        int[] feed = new int[length - held + ids.length];
        System.arraycopy(tokens, held, feed, 0, length - held);
        System.arraycopy(ids, 0, feed, length - held, ids.length);
        float[][] rows = model.step(cache, feed);
        for (int id : ids) committed(id);
        return Arrays.copyOfRange(rows, rows.length - ids.length, rows.length);
    }

    /** Records a token whose keys and values the model has just added to the cache. */
    void committed(int id) {
        if (length == tokens.length) tokens = Arrays.copyOf(tokens, 2 * tokens.length);
        tokens[length++] = id;
    }

    @Override
    public Session fork() {
        return new TransformerSession(model, cache.fork(), tokens.clone(), length);
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a session of length " + length + " to " + newLength);
        }
        if (cache.length() > newLength) cache.truncate(newLength);
        length = newLength;
    }

    @Override
    public void close() {
        cache.close();
    }
}
