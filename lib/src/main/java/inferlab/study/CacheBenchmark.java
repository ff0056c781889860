package inferlab.study;

import inferlab.cache.DynamicCache;
import inferlab.cache.KvCache;
import inferlab.cache.NoCache;
import inferlab.cache.PagedCache;
import inferlab.cache.StaticCache;
import inferlab.measure.Measure;
import inferlab.model.HfConfig;
import inferlab.model.Session;
import inferlab.model.Transformer;
import inferlab.prob.TopK;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decode latency and memory of the cache variants: per-token latency against context length, and the memory
 * forks of one prompt hold.
 */
public final class CacheBenchmark {
    private CacheBenchmark() {}

    /** A named cache implementation. */
    public record Variant(String name, KvCache.Factory factory) {}

    /** Recomputation, concatenation, preallocation, paging (block size 16). */
    public static List<Variant> variants() {
        return List.of(new Variant("none (recompute)", NoCache::new), new Variant("dynamic", DynamicCache::new),
                new Variant("static", StaticCache::new), new Variant("paged", PagedCache::new));
    }

    /** Median seconds per decoded token at a context length, and the bytes the cache held after the steps. */
    public record Latency(String variant, int context, double secondsPerToken, long bytes) {}

    /** Bytes held by {@code forks} sequences that share a prompt and each decoded some tokens. */
    public record ForkMemory(int forks, long pagedBytes, long dynamicBytes) {}

    /**
     * Prefills {@code context} random tokens, then times {@code steps} single-token appends (greedy), {@code repeats}
     * times after a warm-up; returns the median per-token time. The cache's bytes are read after the last step.
     */
    public static Latency measure(Transformer model, Variant variant, int context, int steps, int repeats,
                                  RandomGenerator rng) {
        long[] bytes = new long[1];
        Measure.Timing t = Measure.sample(1, repeats, () -> {
            List<KvCache> made = new ArrayList<>();
            int[] prompt = rng.ints(context, 0, model.vocabSize()).toArray();
            try (Session s = model.newSession(recording(variant.factory(), made))) {
                int next = TopK.argmax(s.appendLast(prompt));
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) next = TopK.argmax(s.append(next)[0]);
                double seconds = (System.nanoTime() - t0) * 1e-9 / steps;
                bytes[0] = made.get(0).bytes();
                return seconds;
            }
        });
        return new Latency(variant.name(), context, t.median(), bytes[0]);
    }

    /** {@link #measure} for every variant at every context length. */
    public static List<Latency> sweep(Transformer model, List<Variant> variants, int[] contexts, int steps,
                                      int repeats, RandomGenerator rng) {
        List<Latency> out = new ArrayList<>();
        for (int c : contexts) for (Variant v : variants) out.add(measure(model, v, c, steps, repeats, rng));
        return out;
    }

    /**
     * Memory of {@code forks} sequences sharing a prompt of {@code prompt} tokens, each then decoding
     * {@code newTokens} tokens of its own: paged forks of one session (the pool, shared blocks counted once)
     * against as many independent dynamic caches (each a full copy, as a fork of a dynamic cache is).
     */
    public static ForkMemory forkMemory(Transformer model, int prompt, int forks, int newTokens, RandomGenerator rng) {
        int[] tokens = rng.ints(prompt, 0, model.vocabSize()).toArray();
        List<KvCache> made = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        try {
            Session root = model.newSession(recording(PagedCache::new, made));
            sessions.add(root);
            root.append(tokens);
            for (int f = 0; f < forks; f++) sessions.add(root.fork());
            decode(sessions.subList(1, sessions.size()), newTokens, model.vocabSize());
            long paged = ((PagedCache) made.get(0)).pool().bytes();
            sessions.forEach(Session::close);
            sessions.clear();
            made.clear();
            for (int f = 0; f < forks; f++) {
                Session s = model.newSession(recording(DynamicCache::new, made));
                sessions.add(s);
                s.append(tokens);
            }
            decode(sessions, newTokens, model.vocabSize());
            long dynamic = made.stream().mapToLong(KvCache::bytes).sum();
            return new ForkMemory(forks, paged, dynamic);
        } finally {
            sessions.forEach(Session::close);
        }
    }

    /**
     * The configuration with another maximum length: a model of the same shape for timing beyond the positions a
     * checkpoint was trained for (rotary positions have no table to outgrow; weights do not change the time).
     */
    public static HfConfig withMaxPositions(HfConfig c, int maxPositions) {
        return new HfConfig(c.architecture(), c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(),
                c.numKvHeads(), c.headDim(), c.intermediateSize(), maxPositions, c.normEps(), c.tieWordEmbeddings(),
                c.qkvBias(), c.outputBias(), c.mlpBias(), c.attentionByInverseLayer(), c.bosTokenIds(), c.eosTokenIds(),
                c.rope());
    }

    /** A factory that also records every cache it makes, so that their bytes can be read. */
    private static KvCache.Factory recording(KvCache.Factory factory, List<KvCache> made) {
        return (parent, spec) -> {
            KvCache c = factory.create(parent, spec);
            made.add(c);
            return c;
        };
    }

    /** Each session appends its own tokens: forks diverge after the prompt. */
    private static void decode(List<Session> sessions, int newTokens, int vocab) {
        for (int t = 0; t < newTokens; t++) {
            for (int f = 0; f < sessions.size(); f++) sessions.get(f).append((f * 31 + t * 7 + 1) % vocab);
        }
    }
}
