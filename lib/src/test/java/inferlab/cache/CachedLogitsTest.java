package inferlab.cache;

import inferlab.model.Session;
import inferlab.model.Transformer;
import inferlab.study.CacheBenchmark;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every cache variant gives the logits of recomputation from scratch, on the three reference checkpoints,
 * through prefill, single-token steps, multi-token appends, forks and truncation.
 */
class CachedLogitsTest {
    /**
     * Relative to the row's largest |logit| (at least 1): fp32 sums in a different order (a cached step attends
     * over the same keys as a recomputation, but matrix shapes and so reduction orders differ) agree to about
     * 1e-6 of the magnitudes involved.
     */
    static final double TOLERANCE = 1e-5;

    static Path fixture(String model) throws Exception {
        return Path.of(CachedLogitsTest.class.getResource("/hf-reference/models/" + model).toURI());
    }

    /** The rows a session returned, with the positions they belong to. */
    record Step(int[] sequence, int first, float[][] rows) {}

    static Step append(Session s, int... ids) {
        int first = s.length();
        float[][] rows = s.append(ids);
        return new Step(s.tokens(), first, rows);
    }

    @Test
    void everyVariantMatchesRecomputation() throws Exception {
        for (String name : new String[] {"gpt2-tiny", "llama-tiny", "qwen2-tiny"}) {
            try (Transformer model = Transformer.load(fixture(name))) {
                for (CacheBenchmark.Variant v : CacheBenchmark.variants()) check(model, v.factory(), name + " " + v.name());
                check(model, PagedCache.withBlockSize(3), name + " paged, block size 3");
            }
        }
    }

    private void check(Transformer model, KvCache.Factory factory, String label) {
        List<Step> steps = new ArrayList<>();
        try (Session a = model.newSession(factory)) {
            steps.add(append(a, 5, 17, 300, 2, 99, 41, 7));
            steps.add(append(a, 12));
            steps.add(append(a, 13));
            try (Session b = a.fork()) {
                steps.add(append(a, 200, 201, 202));
                steps.add(append(b, 400));
                a.truncate(8);
                steps.add(append(a, 77, 78)); // rewrites positions b still holds
                steps.add(append(b, 401, 402));
                b.truncate(3);
                steps.add(append(b, 1));
                steps.add(append(a, 3));
            }
        }
        for (Step s : steps) {
            float[][] full; // recomputation of exactly this sequence, as a session without cache does it
            try (Session fresh = model.newSession(NoCache::new)) {
                full = fresh.append(s.sequence());
            }
            for (int i = 0; i < s.rows().length; i++) {
                float[] expected = full[s.first() + i], actual = s.rows()[i];
                double scale = 1;
                for (float x : expected) scale = Math.max(scale, Math.abs(x));
                for (int v = 0; v < expected.length; v++) {
                    assertEquals(expected[v], actual[v], TOLERANCE * scale,
                            label + ": position " + (s.first() + i) + ", token " + v);
                }
            }
        }
    }
}
