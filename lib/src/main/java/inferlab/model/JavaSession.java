package inferlab.model;

import java.util.Arrays;
import java.util.List;

/** A {@link Session} of a {@link Transformer} run by its {@link JavaTransformer}: tokens, KV cache, scratch. */
final class JavaSession implements Session {
    private final Transformer model;
    private final JavaTransformer engine;
    private final JavaKvCache cache;
    private final JavaTransformer.Scratch scratch = new JavaTransformer.Scratch();
    private int[] tokens;

    JavaSession(Transformer model, JavaTransformer engine) {
        this(model, engine, new JavaKvCache(model.config().numLayers(), model.config().numKvHeads(),
                model.config().headDim()), new int[0]);
    }

    private JavaSession(Transformer model, JavaTransformer engine, JavaKvCache cache, int[] tokens) {
        this.model = model;
        this.engine = engine;
        this.cache = cache;
        this.tokens = tokens;
    }

    @Override
    public int length() {
        return cache.length();
    }

    @Override
    public int[] tokens() {
        return Arrays.copyOf(tokens, length());
    }

    @Override
    public float[][] append(int... ids) {
        if (ids.length == 0) throw new IllegalArgumentException("append needs at least one token");
        model.validate(ids);
        model.checkLength(length() + ids.length);
        int past = length();
        JavaKvCache[] caches = new JavaKvCache[ids.length];
        int[] positions = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            caches[i] = cache;
            positions[i] = past + i;
        }
        float[][] logits = engine.forward(caches, positions, scratch, ids);
        committed(ids);
        return logits;
    }

    private void committed(int... ids) {
        int past = length();
        if (past + ids.length > tokens.length) tokens = Arrays.copyOf(tokens, Math.max(16, 2 * (past + ids.length)));
        System.arraycopy(ids, 0, tokens, past, ids.length);
        cache.commit(ids.length);
    }

    /** One decode step of several sessions of one engine as a batch: each weight matrix is read once for all. */
    static float[][] appendBatch(List<JavaSession> sessions, int[] ids) {
        JavaSession first = sessions.get(0);
        first.model.validate(ids);
        JavaKvCache[] caches = new JavaKvCache[ids.length];
        int[] positions = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            JavaSession s = sessions.get(i);
            s.model.checkLength(s.length() + 1);
            caches[i] = s.cache;
            positions[i] = s.length();
        }
        float[][] logits = first.engine.forward(caches, positions, first.scratch, ids);
        for (int i = 0; i < ids.length; i++) sessions.get(i).committed(ids[i]);
        return logits;
    }

    JavaTransformer engine() {
        return engine;
    }

    @Override
    public Session fork() {
        return new JavaSession(model, engine, cache.fork(), tokens());
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length()) {
            throw new IllegalArgumentException("cannot truncate a session of length " + length() + " to " + newLength);
        }
        cache.truncate(newLength);
    }

    @Override
    public void close() {}
}
