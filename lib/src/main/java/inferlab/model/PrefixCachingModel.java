package inferlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;

/**
 * Automatic prefix caching (vLLM's APC; SGLang's RadixAttention, Zheng et al. 2024): a model whose finished
 * sessions are kept, with their KV caches, so that a later prompt starting with the same tokens does not run them
 * again. A prompt is prefilled ({@link Session#appendLast}) from a fork of the kept session that shares the longest
 * token prefix with it, and only the rest is run:
 * <pre>
 *   p = max over kept sessions s of lcp(tokens(s), prompt),  capped at |prompt| − 1 (the last token is run for its logits).
 * </pre>
 * Self-Refine's revision prompt repeats its critique's prompt and the critique; an agent's next step repeats its
 * transcript. A session that ends is kept in place of the least recently used one.
 *
 * <p>On the Java engine the result is the same bits as running the whole prompt: a position's keys and values do
 * not depend on how many positions were run together (see {@link JavaTransformer}). {@link Session#append} still
 * runs every token it is given, since it returns every row.
 */
public final class PrefixCachingModel extends ForwardingModel {
    private final int capacity;
    /** Kept sessions, least recently used first; none is appended to while kept (a hit forks it). */
    private final LinkedList<Session> kept = new LinkedList<>();
    private long prefilled, reused;

    /** @param capacity how many finished sessions to keep */
    public PrefixCachingModel(LanguageModel base, int capacity) {
        super(base);
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        this.capacity = capacity;
    }

    @Override
    public Session newSession() {
        return new Cached(null);
    }

    @Override
    public float[][] appendBatch(List<? extends Session> sessions, int[] tokens) {
        List<Session> inner = new ArrayList<>();
        for (Session s : sessions) {
            if (!(s instanceof Cached c) || c.owner() != this) throw new IllegalArgumentException("a session of another model");
            inner.add(c.inner());
        }
        return base.appendBatch(inner, tokens);
    }

    /** Prompt tokens prefilled through {@link Session#appendLast} on fresh sessions so far. */
    public synchronized long prefilledTokens() {
        return prefilled;
    }

    /** Of {@link #prefilledTokens}, those taken from a kept session instead of being run. */
    public synchronized long reusedTokens() {
        return reused;
    }

    /** Closes the kept sessions; the base model stays open. */
    @Override
    public synchronized void close() {
        kept.forEach(Session::close);
        kept.clear();
    }

    /** A session of the base model holding the longest kept prefix of {@code ids}, at most all but the last token. */
    private synchronized Session start(int[] ids) {
        Session best = null;
        int longest = 0;
        for (Session s : kept) {
            int n = s.commonPrefix(ids);
            if (n > longest) {
                best = s;
                longest = n;
            }
        }
        longest = Math.min(longest, ids.length - 1);
        prefilled += ids.length;
        if (best == null || longest == 0) return base.newSession();
        reused += longest;
        kept.remove(best);
        kept.addLast(best);
        Session s = best.fork();
        s.truncate(longest);
        return s;
    }

    private synchronized void keep(Session s) {
        if (s.length() == 0) {
            s.close();
            return;
        }
        kept.addLast(s);
        if (kept.size() > capacity) kept.removeFirst().close();
    }

    /** A session of this model: its base session is made at its first append, from the cache when it prefills. */
    private final class Cached implements Session {
        private Session inner;

        Cached(Session inner) {
            this.inner = inner;
        }

        private PrefixCachingModel owner() {
            return PrefixCachingModel.this;
        }

        private Session inner() {
            if (inner == null) inner = base.newSession();
            return inner;
        }

        @Override
        public int length() {
            return inner == null ? 0 : inner.length();
        }

        @Override
        public int[] tokens() {
            return inner == null ? new int[0] : inner.tokens();
        }

        @Override
        public float[][] append(int... ids) {
            return inner().append(ids);
        }

        @Override
        public float[] appendLast(int... ids) {
            if (inner != null || ids.length == 0) return Session.super.appendLast(ids);
            inner = start(ids);
            return inner.appendLast(Arrays.copyOfRange(ids, inner.length(), ids.length));
        }

        @Override
        public Session fork() {
            return new Cached(inner == null ? null : inner.fork());
        }

        @Override
        public void truncate(int length) {
            if (inner == null && length == 0) return;
            inner().truncate(length);
        }

        @Override
        public void close() {
            if (inner != null) keep(inner);
            inner = null;
        }
    }
}
