package inferlab.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Checks for HW4's KV-cache exercise: one attention layer of one sequence, written by the student with plain
 * arrays. Each check returns "PASS ..." or "FAIL ..." naming the first difference, and never throws.
 *
 * <p>The reference recomputes attention from every position's keys and values at every step, as a model without
 * a cache would: query i of a step that adds T positions to a cache of n sits at position n + i and attends to
 * positions 0 .. n + i (the causal mask shifted by n), with scores q.k / sqrt(d_h) and query head h reading
 * key/value head h / (heads / kvHeads).
 */
public final class CacheExercises {
    private CacheExercises() {}

    /** The student's cache and attention for one layer of one sequence. */
    public interface CachedAttention {
        /**
         * Appends the keys and values of T new positions and returns their attention outputs.
         *
         * @param q queries, [T][heads * headDim] (head h at h * headDim)
         * @param k keys, [T][kvHeads * headDim]
         * @param v values, [T][kvHeads * headDim]
         * @return outputs, [T][heads * headDim]
         */
        float[][] step(float[][] q, float[][] k, float[][] v);
    }

    /** Makes an empty cache for one sequence. */
    @FunctionalInterface
    public interface Factory {
        CachedAttention create(int heads, int kvHeads, int headDim);
    }

    /** A case: the head layout, the sizes of successive steps, a scale for the queries, and what it tests. */
    private record Case(String what, int heads, int kvHeads, int headDim, int[] steps, double queryScale,
                        boolean reuseBuffers) {}

    private static final List<Case> CASES = List.of(
            new Case("the first position alone", 2, 2, 4, new int[] {1}, 1, false),
            new Case("a single-token prompt, then 6 decode steps", 2, 2, 8, new int[] {1, 1, 1, 1, 1, 1, 1}, 1, false),
            new Case("a 5-token prompt at once, 2 steps, then a block of 3 (as speculative verification sends)",
                    4, 4, 8, new int[] {5, 1, 1, 3, 1}, 1, false),
            new Case("grouped-query attention: 4 query heads share 2 kv heads", 4, 2, 8, new int[] {3, 1, 1, 1}, 1, false),
            new Case("multi-query attention: 4 query heads share 1 kv head", 4, 1, 8, new int[] {2, 1, 1}, 1, false),
            new Case("large scores (q.k / sqrt(d) near 1000, beyond what exp can hold): a softmax must subtract the"
                    + " maximum", 2, 1, 8, new int[] {2, 1, 1}, 1000, false),
            new Case("the caller reuses its k and v arrays after each step: a cache must keep copies", 2, 2, 4,
                    new int[] {2, 1, 1}, 1, true));

    /**
     * Runs the student's caches through the cases above and through two sequences stepped in turn (each must
     * keep its own state), comparing every output with recomputation to 1e-4 (relative to the output's scale).
     */
    public static String checkCachedAttention(Factory student) {
        Random rng = new Random(23);
        for (Case c : CASES) {
            String fail = run(student, c, rng);
            if (fail != null) return fail;
        }
        String fail = interleaved(student, rng);
        if (fail != null) return fail;
        return "PASS " + (CASES.size() + 1) + " cases match recomputation without a cache";
    }

    private static String run(Factory student, Case c, Random rng) {
        CachedAttention cache;
        try {
            cache = student.create(c.heads, c.kvHeads, c.headDim);
        } catch (RuntimeException e) {
            return "FAIL " + c.what + ": creating the cache threw " + e;
        }
        Sequence seq = new Sequence(c.heads, c.kvHeads, c.headDim);
        for (int s = 0; s < c.steps.length; s++) {
            float[][][] qkv = seq.next(c.steps[s], c.queryScale, rng);
            String fail = compare(c.what, s, seq, cache, qkv);
            if (fail != null) return fail;
            if (c.reuseBuffers) for (float[][] a : qkv) for (float[] row : a) Arrays.fill(row, Float.NaN);
        }
        return null;
    }

    private static String interleaved(Factory student, Random rng) {
        String what = "two sequences stepped in turn, each with its own cache";
        CachedAttention[] caches = new CachedAttention[2];
        Sequence[] seqs = new Sequence[2];
        try {
            for (int i = 0; i < 2; i++) caches[i] = student.create(2, 1, 4);
        } catch (RuntimeException e) {
            return "FAIL " + what + ": creating a cache threw " + e;
        }
        for (int i = 0; i < 2; i++) seqs[i] = new Sequence(2, 1, 4);
        int[] steps = {3, 2, 1, 1, 1, 1};
        for (int s = 0; s < steps.length; s++) {
            int i = s % 2;
            String fail = compare(what + " (sequence " + (i + 1) + ")", s / 2, seqs[i], caches[i],
                    seqs[i].next(steps[s], 1, rng));
            if (fail != null) return fail;
        }
        return null;
    }

    /** Calls the student's step with copies of the block just added to {@code seq} and checks the outputs. */
    private static String compare(String what, int step, Sequence seq, CachedAttention cache, float[][][] qkv) {
        float[][] got;
        try {
            got = cache.step(qkv[0], qkv[1], qkv[2]);
        } catch (RuntimeException e) {
            return String.format(Locale.ROOT, "FAIL %s, step %d: threw %s", what, step + 1, e);
        }
        int t = qkv[0].length, n = seq.length() - t;
        double[][] want = seq.recompute(t);
        if (got == null || got.length != t) {
            return String.format(Locale.ROOT, "FAIL %s, step %d: expected %d output rows, got %s", what, step + 1, t,
                    got == null ? "null" : String.valueOf(got.length));
        }
        for (int i = 0; i < t; i++) {
            if (got[i] == null || got[i].length != want[i].length) {
                return String.format(Locale.ROOT, "FAIL %s, step %d: output row %d should have %d numbers", what,
                        step + 1, i, want[i].length);
            }
            double scale = 1e-3;
            for (double w : want[i]) scale = Math.max(scale, Math.abs(w));
            for (int e = 0; e < want[i].length; e++) {
                if (!(Math.abs(got[i][e] - want[i][e]) <= 1e-4 * scale)) {
                    return String.format(Locale.ROOT, "FAIL %s, step %d: position %d (the cache held %d before this"
                            + " step), output %d is %.6g, recomputation gives %.6g", what, step + 1, n + i, n, e,
                            got[i][e], want[i][e]);
                }
            }
        }
        return null;
    }

    /** The queries, keys and values of one sequence so far, and attention recomputed from all of them. */
    private static final class Sequence {
        final int heads, kvHeads, headDim;
        final List<float[]> q = new ArrayList<>(), k = new ArrayList<>(), v = new ArrayList<>();

        Sequence(int heads, int kvHeads, int headDim) {
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
        }

        int length() {
            return k.size();
        }

        /** Appends {@code t} random positions and returns copies {q, k, v} of them for the student. */
        float[][][] next(int t, double queryScale, Random rng) {
            float[][][] out = new float[3][t][];
            for (int i = 0; i < t; i++) {
                float[] qi = random(heads * headDim, queryScale, rng), ki = random(kvHeads * headDim, 1, rng),
                        vi = random(kvHeads * headDim, 1, rng);
                q.add(qi);
                k.add(ki);
                v.add(vi);
                out[0][i] = qi.clone();
                out[1][i] = ki.clone();
                out[2][i] = vi.clone();
            }
            return out;
        }

        /** Outputs of the last {@code t} positions, each attending to every position up to itself. */
        double[][] recompute(int t) {
            int n = length() - t, group = heads / kvHeads;
            double[][] out = new double[t][heads * headDim];
            for (int i = 0; i < t; i++) {
                int pos = n + i;
                for (int h = 0; h < heads; h++) {
                    int g = h / group;
                    double[] s = new double[pos + 1];
                    double max = Double.NEGATIVE_INFINITY, z = 0;
                    for (int j = 0; j <= pos; j++) {
                        double dot = 0;
                        for (int e = 0; e < headDim; e++) dot += (double) q.get(pos)[h * headDim + e] * k.get(j)[g * headDim + e];
                        s[j] = dot / Math.sqrt(headDim);
                        max = Math.max(max, s[j]);
                    }
                    for (int j = 0; j <= pos; j++) z += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j <= pos; j++) {
                        for (int e = 0; e < headDim; e++) out[i][h * headDim + e] += s[j] / z * v.get(j)[g * headDim + e];
                    }
                }
            }
            return out;
        }

        private static float[] random(int n, double scale, Random rng) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) (scale * rng.nextGaussian());
            return x;
        }
    }
}
