package inferlab.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of the {@link JavaTransformer}: dot products and scaled additions over float arrays in SIMD
 * lanes of the Vector API ({@code jdk.incubator.vector}, which every launcher adds with
 * {@code --add-modules jdk.incubator.vector}). Java's JIT does not vectorise a float sum on its own (reordering
 * the additions changes the result), so a plain loop reads the weights several times slower than memory delivers
 * them; with lanes, a batch-1 decode step runs at the speed weights stream from memory.
 *
 * <p>Only load this class after {@link JavaTransformer#available()} says the module is present.
 */
final class VectorMath {
    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    /** sum_i a[aOff + i] b[bOff + i] for i < n. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0;
        int bound = LANES.loopBound(n);
        if (bound > 0) {
            FloatVector acc = FloatVector.zero(LANES);
            for (; i < bound; i += LANES.length()) {
                acc = FloatVector.fromArray(LANES, a, aOff + i).fma(FloatVector.fromArray(LANES, b, bOff + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /** y[yOff + i] += s x[xOff + i] for i < n. */
    static void axpy(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        int bound = LANES.loopBound(n);
        FloatVector scale = FloatVector.broadcast(LANES, s);
        for (; i < bound; i += LANES.length()) {
            FloatVector.fromArray(LANES, x, xOff + i).fma(scale, FloatVector.fromArray(LANES, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += s * x[xOff + i];
    }

    /**
     * y[t, o] = sum_i x[t, i] w[o, i] for rows t < rows and outputs o in [from, to): a matrix product with the
     * weight in the [out, in] layout of {@code nn.Linear}. Tiles of four outputs by up to four rows keep sixteen
     * independent sums in registers, so each weight vector loaded serves every row of the tile: scoring several
     * positions (prefill, speculative verification) costs far less than scoring them one by one.
     */
    static void matmul(float[] x, int rows, int in, float[] w, float[] y, int out, int from, int to) {
        int o = from;
        if (rows == 1) {
            for (; o + 8 <= to; o += 8) tile8x1(x, in, w, o, y);
        }
        for (; o + 4 <= to; o += 4) {
            int t = 0;
            for (; t + 4 <= rows; t += 4) tile4x4(x, t, in, w, o, y, out);
            for (; t < rows; t++) tile4x1(x, t, in, w, o, y, out);
        }
        for (; o < to; o++) {
            for (int t = 0; t < rows; t++) y[t * out + o] = dot(w, o * in, x, t * in, in);
        }
    }

    /** Outputs o..o+7 of a single row: eight independent sums keep both FMA pipes busy. */
    private static void tile8x1(float[] x, int in, float[] w, int o, float[] y) {
        int w0 = o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in, w4 = w3 + in, w5 = w4 + in, w6 = w5 + in, w7 = w6 + in;
        FloatVector a0 = FloatVector.zero(LANES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int i = 0;
        for (int bound = LANES.loopBound(in); i < bound; i += LANES.length()) {
            FloatVector v = FloatVector.fromArray(LANES, x, i);
            a0 = FloatVector.fromArray(LANES, w, w0 + i).fma(v, a0);
            a1 = FloatVector.fromArray(LANES, w, w1 + i).fma(v, a1);
            a2 = FloatVector.fromArray(LANES, w, w2 + i).fma(v, a2);
            a3 = FloatVector.fromArray(LANES, w, w3 + i).fma(v, a3);
            a4 = FloatVector.fromArray(LANES, w, w4 + i).fma(v, a4);
            a5 = FloatVector.fromArray(LANES, w, w5 + i).fma(v, a5);
            a6 = FloatVector.fromArray(LANES, w, w6 + i).fma(v, a6);
            a7 = FloatVector.fromArray(LANES, w, w7 + i).fma(v, a7);
        }
        y[o] = finish(a0, w, w0, x, 0, i, in);
        y[o + 1] = finish(a1, w, w1, x, 0, i, in);
        y[o + 2] = finish(a2, w, w2, x, 0, i, in);
        y[o + 3] = finish(a3, w, w3, x, 0, i, in);
        y[o + 4] = finish(a4, w, w4, x, 0, i, in);
        y[o + 5] = finish(a5, w, w5, x, 0, i, in);
        y[o + 6] = finish(a6, w, w6, x, 0, i, in);
        y[o + 7] = finish(a7, w, w7, x, 0, i, in);
    }

    /** Outputs o..o+3 of row t. */
    private static void tile4x1(float[] x, int t, int in, float[] w, int o, float[] y, int out) {
        int w0 = o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in, x0 = t * in;
        FloatVector a0 = FloatVector.zero(LANES), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int bound = LANES.loopBound(in); i < bound; i += LANES.length()) {
            FloatVector v = FloatVector.fromArray(LANES, x, x0 + i);
            a0 = FloatVector.fromArray(LANES, w, w0 + i).fma(v, a0);
            a1 = FloatVector.fromArray(LANES, w, w1 + i).fma(v, a1);
            a2 = FloatVector.fromArray(LANES, w, w2 + i).fma(v, a2);
            a3 = FloatVector.fromArray(LANES, w, w3 + i).fma(v, a3);
        }
        float s0 = a0.reduceLanes(VectorOperators.ADD), s1 = a1.reduceLanes(VectorOperators.ADD);
        float s2 = a2.reduceLanes(VectorOperators.ADD), s3 = a3.reduceLanes(VectorOperators.ADD);
        for (; i < in; i++) {
            float v = x[x0 + i];
            s0 += w[w0 + i] * v;
            s1 += w[w1 + i] * v;
            s2 += w[w2 + i] * v;
            s3 += w[w3 + i] * v;
        }
        int r = t * out + o;
        y[r] = s0;
        y[r + 1] = s1;
        y[r + 2] = s2;
        y[r + 3] = s3;
    }

    /** Outputs o..o+3 of rows t..t+3. */
    private static void tile4x4(float[] x, int t, int in, float[] w, int o, float[] y, int out) {
        int w0 = o * in, w1 = w0 + in, w2 = w1 + in, w3 = w2 + in;
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        FloatVector z = FloatVector.zero(LANES);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        int i = 0;
        for (int bound = LANES.loopBound(in); i < bound; i += LANES.length()) {
            FloatVector v0 = FloatVector.fromArray(LANES, x, x0 + i);
            FloatVector v1 = FloatVector.fromArray(LANES, x, x1 + i);
            FloatVector v2 = FloatVector.fromArray(LANES, x, x2 + i);
            FloatVector v3 = FloatVector.fromArray(LANES, x, x3 + i);
            FloatVector u = FloatVector.fromArray(LANES, w, w0 + i);
            a00 = u.fma(v0, a00);
            a01 = u.fma(v1, a01);
            a02 = u.fma(v2, a02);
            a03 = u.fma(v3, a03);
            u = FloatVector.fromArray(LANES, w, w1 + i);
            a10 = u.fma(v0, a10);
            a11 = u.fma(v1, a11);
            a12 = u.fma(v2, a12);
            a13 = u.fma(v3, a13);
            u = FloatVector.fromArray(LANES, w, w2 + i);
            a20 = u.fma(v0, a20);
            a21 = u.fma(v1, a21);
            a22 = u.fma(v2, a22);
            a23 = u.fma(v3, a23);
            u = FloatVector.fromArray(LANES, w, w3 + i);
            a30 = u.fma(v0, a30);
            a31 = u.fma(v1, a31);
            a32 = u.fma(v2, a32);
            a33 = u.fma(v3, a33);
        }
        int y0 = t * out + o;
        y[y0] = finish(a00, w, w0, x, x0, i, in);
        y[y0 + out] = finish(a01, w, w0, x, x1, i, in);
        y[y0 + 2 * out] = finish(a02, w, w0, x, x2, i, in);
        y[y0 + 3 * out] = finish(a03, w, w0, x, x3, i, in);
        y[y0 + 1] = finish(a10, w, w1, x, x0, i, in);
        y[y0 + 1 + out] = finish(a11, w, w1, x, x1, i, in);
        y[y0 + 1 + 2 * out] = finish(a12, w, w1, x, x2, i, in);
        y[y0 + 1 + 3 * out] = finish(a13, w, w1, x, x3, i, in);
        y[y0 + 2] = finish(a20, w, w2, x, x0, i, in);
        y[y0 + 2 + out] = finish(a21, w, w2, x, x1, i, in);
        y[y0 + 2 + 2 * out] = finish(a22, w, w2, x, x2, i, in);
        y[y0 + 2 + 3 * out] = finish(a23, w, w2, x, x3, i, in);
        y[y0 + 3] = finish(a30, w, w3, x, x0, i, in);
        y[y0 + 3 + out] = finish(a31, w, w3, x, x1, i, in);
        y[y0 + 3 + 2 * out] = finish(a32, w, w3, x, x2, i, in);
        y[y0 + 3 + 3 * out] = finish(a33, w, w3, x, x3, i, in);
    }

    /** The lanes of {@code acc} summed, plus the scalar tail w[wOff + j] x[xOff + j] for j in [from, n). */
    private static float finish(FloatVector acc, float[] w, int wOff, float[] x, int xOff, int from, int n) {
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (int j = from; j < n; j++) s += w[wOff + j] * x[xOff + j];
        return s;
    }
}
