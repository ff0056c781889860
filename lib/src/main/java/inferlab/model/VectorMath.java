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
     * weight in the [out, in] layout of {@code nn.Linear}. Each weight row is read once for all rows of x, so
     * scoring several positions (prefill, speculative verification) costs little more than one.
     */
    static void matmul(float[] x, int rows, int in, float[] w, float[] y, int out, int from, int to) {
        for (int o = from; o < to; o++) {
            int wOff = o * in;
            for (int t = 0; t < rows; t++) y[t * out + o] = dot(w, wOff, x, t * in, in);
        }
    }
}
