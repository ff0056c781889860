package inferlab.cache;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CacheExercisesTest {

    /** A cached attention with the variations the check must tell apart. */
    static final class Attempt implements CacheExercises.CachedAttention {
        final int heads, kvHeads, headDim;
        final boolean keep, copy, offset, stable;
        final List<float[]> keys, values;
        static final List<float[]> SHARED_K = new ArrayList<>(), SHARED_V = new ArrayList<>();

        Attempt(int heads, int kvHeads, int headDim, boolean keep, boolean copy, boolean offset, boolean stable,
                boolean shared) {
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
            this.keep = keep;
            this.copy = copy;
            this.offset = offset;
            this.stable = stable;
            if (shared) {
                SHARED_K.clear();
                SHARED_V.clear();
            }
            this.keys = shared ? SHARED_K : new ArrayList<>();
            this.values = shared ? SHARED_V : new ArrayList<>();
        }

        @Override
        public float[][] step(float[][] q, float[][] k, float[][] v) {
            if (!keep) {
                keys.clear();
                values.clear();
            }
            int before = keys.size();
            for (int i = 0; i < k.length; i++) {
                keys.add(copy ? k[i].clone() : k[i]);
                values.add(copy ? v[i].clone() : v[i]);
            }
            float[][] out = new float[q.length][heads * headDim];
            for (int i = 0; i < q.length; i++) {
                int visible = (offset ? before : 0) + i + 1;
                for (int h = 0; h < heads; h++) {
                    int g = h / (heads / kvHeads);
                    double[] s = new double[visible];
                    double max = stable ? Double.NEGATIVE_INFINITY : 0, z = 0;
                    for (int j = 0; j < visible; j++) {
                        double dot = 0;
                        for (int e = 0; e < headDim; e++) dot += q[i][h * headDim + e] * keys.get(j)[g * headDim + e];
                        s[j] = dot / Math.sqrt(headDim);
                        if (stable) max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j < visible; j++) z += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j < visible; j++) {
                        for (int e = 0; e < headDim; e++) out[i][h * headDim + e] += (float) (s[j] / z * values.get(j)[g * headDim + e]);
                    }
                }
            }
            return out;
        }
    }

    static String check(boolean keep, boolean copy, boolean offset, boolean stable, boolean shared) {
        return CacheExercises.checkCachedAttention((h, kv, d) -> new Attempt(h, kv, d, keep, copy, offset, stable, shared));
    }

    @Test
    void aCorrectCachePasses() {
        assertTrue(check(true, true, true, true, false).startsWith("PASS"), check(true, true, true, true, false));
    }

    @Test
    void noCacheFailsAtTheSecondStepOfASingleTokenPrompt() {
        String r = check(false, true, true, true, false);
        assertTrue(r.startsWith("FAIL a single-token prompt, then 6 decode steps, step 2: position 1"), r);
    }

    @Test
    void eachMistakeIsCaughtByItsCase() {
        // the course's mask bug: new position i attends to 0..i instead of 0..n+i
        assertTrue(check(true, true, false, true, false).startsWith("FAIL a single-token prompt"), check(true, true, false, true, false));
        assertTrue(check(true, true, true, false, false).startsWith("FAIL large scores"), check(true, true, true, false, false));
        assertTrue(check(true, false, true, true, false).startsWith("FAIL the caller reuses"), check(true, false, true, true, false));
        assertTrue(check(true, true, true, true, true).startsWith("FAIL two sequences"), check(true, true, true, true, true));
    }

    @Test
    void aThrowingCacheIsReportedNotPropagated() {
        String r = CacheExercises.checkCachedAttention((h, kv, d) -> (q, k, v) -> {
            throw new UnsupportedOperationException("todo");
        });
        assertTrue(r.startsWith("FAIL the first position alone, step 1: threw"), r);
        assertTrue(CacheExercises.checkCachedAttention((h, kv, d) -> (q, k, v) -> new float[0][]).startsWith("FAIL"));
    }
}
