package inferlab.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of the {@link JavaTransformer}: dot products and scaled additions over float arrays in SIMD
 * lanes of the Vector API ({@code jdk.incubator.vector}, which every launcher adds with
 * {@code --add-modules jdk.incubator.vector}). Java's JIT does not vectorise a float sum on its own (reordering
 * the additions changes the result), so a plain loop reads the weights several times slower than memory delivers
 * them; with lanes, a batch-1 decode step runs at the speed weights stream from memory.
 *
 * <p>Every result is the same bits whether a loop runs interpreted or compiled. The Vector API's own horizontal sum
 * and its EXP and TANH are free to change their order of operations or algorithm once C2 compiles a loop (its EXP
 * becomes Intel's SVML), which made a logit depend on when the JIT had run; so lanes are summed one by one in order,
 * and e^x and tanh are built here from adds, multiplies and fmas, which round the same everywhere.
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
            for (int l = 0; l < LANES.length(); l++) sum += acc.lane(l); // in order: see the class comment
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

    /** {@code n} rounded up to a whole number of vector lanes. */
    static int roundUpToLanes(int n) {
        return LANES.loopBound(n + LANES.length() - 1);
    }

    /**
     * s[p] = scale sum_i q[qOff + i] k[kOff + i stride + p] for p < count rounded up to the lanes: the dot products of
     * q with the columns of a [n, stride] block, a lane of positions at a time, so no horizontal sum is needed. The
     * block and s must hold the rounded count. Four lanes of positions go together: each sum is a chain of fmas, each
     * waiting for the one before, and one chain at a time left the FMA units idle most of the time.
     */
    static void columnDots(float[] q, int qOff, int n, float[] k, int kOff, int stride, int count, float scale, float[] s) {
        int l = LANES.length();
        int p = 0;
        for (int padded = roundUpToLanes(count); p + 4 * l <= padded; p += 4 * l) {
            FloatVector a0 = FloatVector.zero(LANES), a1 = a0, a2 = a0, a3 = a0;
            for (int i = 0, at = kOff + p; i < n; i++, at += stride) {
                FloatVector b = FloatVector.broadcast(LANES, q[qOff + i]);
                a0 = FloatVector.fromArray(LANES, k, at).fma(b, a0);
                a1 = FloatVector.fromArray(LANES, k, at + l).fma(b, a1);
                a2 = FloatVector.fromArray(LANES, k, at + 2 * l).fma(b, a2);
                a3 = FloatVector.fromArray(LANES, k, at + 3 * l).fma(b, a3);
            }
            a0.mul(scale).intoArray(s, p);
            a1.mul(scale).intoArray(s, p + l);
            a2.mul(scale).intoArray(s, p + 2 * l);
            a3.mul(scale).intoArray(s, p + 3 * l);
        }
        for (; p < count; p += l) {
            FloatVector acc = FloatVector.zero(LANES);
            for (int i = 0, at = kOff + p; i < n; i++, at += stride) {
                acc = FloatVector.fromArray(LANES, k, at).fma(FloatVector.broadcast(LANES, q[qOff + i]), acc);
            }
            acc.mul(scale).intoArray(s, p);
        }
    }

    /**
     * s[p] = e^(s[p] - m) / sum_q e^(s[q] - m) for p, q < n, m = max_q s[q]: a softmax in place, a lane of positions
     * at a time (a scalar e^x costs about ten nanoseconds, and attention takes one per head and position). s must
     * hold n rounded up to the lanes; the padding is overwritten. The lanes' sums are added in order, as in
     * {@link #dot}.
     */
    static void softmax(float[] s, int n) {
        int padded = roundUpToLanes(n);
        java.util.Arrays.fill(s, n, padded, Float.NEGATIVE_INFINITY);
        FloatVector m = FloatVector.broadcast(LANES, Float.NEGATIVE_INFINITY);
        for (int p = 0; p < padded; p += LANES.length()) m = m.max(FloatVector.fromArray(LANES, s, p));
        float max = m.reduceLanes(VectorOperators.MAX); // the same in any order
        FloatVector acc = FloatVector.zero(LANES);
        for (int p = 0; p < padded; p += LANES.length()) {
            FloatVector e = exp(FloatVector.fromArray(LANES, s, p).sub(max));
            if (p + LANES.length() > n) e = FloatVector.zero(LANES).blend(e, LANES.indexInRange(p, n));
            e.intoArray(s, p);
            acc = acc.add(e);
        }
        float sum = 0;
        for (int l = 0; l < LANES.length(); l++) sum += acc.lane(l);
        for (int p = 0; p < padded; p += LANES.length()) FloatVector.fromArray(LANES, s, p).div(sum).intoArray(s, p);
    }

    /**
     * y[yOff + j] += sum_p w[p] x[xOff + p stride + j] for j < n, p < count: a weighted sum of rows. Each lane keeps
     * four sums in registers, of the rows p = 0, 1, 2, 3 (mod 4), added together at the end: four chains of fmas in
     * flight instead of one (see {@link #columnDots}).
     */
    static void weightedRows(float[] w, int count, float[] x, int xOff, int stride, float[] y, int yOff, int n) {
        int j = 0;
        int quads = count & ~3;
        for (int bound = LANES.loopBound(n); j < bound; j += LANES.length()) {
            FloatVector a0 = FloatVector.fromArray(LANES, y, yOff + j);
            FloatVector a1 = FloatVector.zero(LANES), a2 = a1, a3 = a1;
            int p = 0, at = xOff + j;
            for (; p < quads; p += 4, at += 4 * stride) {
                a0 = FloatVector.fromArray(LANES, x, at).fma(FloatVector.broadcast(LANES, w[p]), a0);
                a1 = FloatVector.fromArray(LANES, x, at + stride).fma(FloatVector.broadcast(LANES, w[p + 1]), a1);
                a2 = FloatVector.fromArray(LANES, x, at + 2 * stride).fma(FloatVector.broadcast(LANES, w[p + 2]), a2);
                a3 = FloatVector.fromArray(LANES, x, at + 3 * stride).fma(FloatVector.broadcast(LANES, w[p + 3]), a3);
            }
            for (; p < count; p++, at += stride) a0 = FloatVector.fromArray(LANES, x, at).fma(FloatVector.broadcast(LANES, w[p]), a0);
            a0.add(a1).add(a2.add(a3)).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float acc = y[yOff + j];
            for (int p = 0; p < count; p++) acc += w[p] * x[xOff + p * stride + j];
            y[yOff + j] = acc;
        }
    }

    /** a[off + j] = silu(a[off + j]) a[off + n + j] for j < n, silu(g) = g / (1 + e^-g): SwiGLU's gate times up. */
    static void swiglu(float[] a, int off, int n) {
        int j = 0;
        for (int bound = LANES.loopBound(n); j < bound; j += LANES.length()) {
            FloatVector g = FloatVector.fromArray(LANES, a, off + j);
            FloatVector e = exp(g.neg());
            g.div(e.add(1f)).mul(FloatVector.fromArray(LANES, a, off + n + j)).intoArray(a, off + j);
        }
        for (; j < n; j++) a[off + j] = a[off + j] / (1 + (float) Math.exp(-a[off + j])) * a[off + n + j];
    }

    /** a[j] = gelu_tanh(a[j]) = a[j]/2 (1 + tanh(sqrt(2/pi) (a[j] + 0.044715 a[j]^3))) for j < n (GPT-2's MLP). */
    static void gelu(float[] a, int n) {
        float c = 0.7978845608028654f;
        int j = 0;
        for (int bound = LANES.loopBound(n); j < bound; j += LANES.length()) {
            FloatVector u = FloatVector.fromArray(LANES, a, j);
            FloatVector inner = u.mul(u).mul(u).mul(0.044715f).add(u).mul(c);
            u.mul(0.5f).mul(tanh(inner).add(1f)).intoArray(a, j);
        }
        for (; j < n; j++) a[j] = 0.5f * a[j] * (1 + (float) Math.tanh(c * (a[j] + 0.044715f * a[j] * a[j] * a[j])));
    }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5 2^23: adding and subtracting it rounds a float below 2^22 in magnitude to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    /** 1/k! for k = 7 down to 0: the Taylor polynomial of e^r, within 1e-8 relative for |r| <= ln(2)/2. */
    private static final float[] EXP_TAYLOR = {1.98412698e-4f, 1.38888889e-3f, 8.33333333e-3f, 4.16666667e-2f,
            0.166666667f, 0.5f, 1f, 1f};

    /**
     * e^x lane by lane, within about two units in the last place: x = n ln 2 + r with n an integer and |r| <= ln(2)/2
     * (ln 2 split in two parts, Cody and Waite, so n ln 2 is subtracted without loss), e^r by its Taylor polynomial
     * in Horner form, then 2^n added to the exponent bits. x is clamped to [-87.3, 88.7], where e^x stays a normal
     * float.
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87.3f).min(88.7f);
        FloatVector shifted = x.mul(LOG2E).add(ROUND); // ROUND + n exactly, n in the low mantissa bits
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(LANES, -LN2_HI), x).sub(n.mul(LN2_LO));
        FloatVector p = FloatVector.broadcast(LANES, EXP_TAYLOR[0]);
        for (int k = 1; k < EXP_TAYLOR.length; k++) p = p.fma(r, FloatVector.broadcast(LANES, EXP_TAYLOR[k]));
        // n read from the bits rather than converted: C2 on AVX2 does not compile the float-to-int conversion
        IntVector twoToN = shifted.reinterpretAsInts().sub(ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.reinterpretAsInts().add(twoToN).reinterpretAsFloats();
        return e.blend(x, x.compare(VectorOperators.NE, x)); // NaN stays NaN (its bits hold no n)
    }

    /** tanh(x) = 1 - 2 / (e^(2x) + 1), lane by lane, from {@link #exp}. */
    static FloatVector tanh(FloatVector x) {
        FloatVector two = FloatVector.broadcast(LANES, 2f);
        return two.div(exp(x.mul(2f)).add(1f)).neg().add(1f);
    }

    /** Outputs per panel of a {@link Packed} matrix: four vectors, in two halves of two. */
    static final int PANEL = 4 * LANES.length();
    private static final int HALF = PANEL / 2;

    /**
     * A weight matrix [out, in] rearranged for {@link #matmul}: panels of {@link #PANEL} consecutive outputs, each
     * panel two halves of {@link #HALF} outputs, each half stored input by input
     * ({@code panels[p in PANEL + h in HALF + i HALF + j] = w[p PANEL + h HALF + j, i]}), the last panel padded
     * with zeros. A product then streams each half front to back and needs no horizontal sums; a kernel that
     * reads half a panel at a time (several rows) reads it as one run of memory, which the prefetcher follows
     * (halves interleaved input by input made every other cache line a gap, and four rows from memory 25% slower).
     */
    record Packed(int in, int out, float[] panels) {
        static Packed of(float[] w, int out, int in) {
            int count = (out + PANEL - 1) / PANEL;
            float[] panels = new float[count * in * PANEL];
            for (int o = 0; o < out; o++) {
                int p = o / PANEL;
                int h = o % PANEL / HALF;
                int j = o % HALF;
                for (int i = 0; i < in; i++) panels[p * in * PANEL + h * in * HALF + i * HALF + j] = w[o * in + i];
            }
            return new Packed(in, out, panels);
        }

        int panelCount() {
            return panels.length / (in * PANEL);
        }
    }

    /**
     * y[t, o] = sum_i x[t, i] w[o, i] for rows t < rows and the outputs of panels [from, to): the product with a
     * weight in the [out, in] layout of {@code nn.Linear}. Each (input, panel) weight vector is loaded once for a
     * group of rows, so scoring several positions (prefill, speculative verification, a batch of sessions) costs
     * far less than scoring them one by one. The groups are sized to the sixteen vector registers of AVX2: six
     * rows times half a panel keep twelve sums, two weight vectors and one broadcast input in registers (four rows
     * times a whole panel, sixteen sums, spilled and ran a third slower). Every output is the same chain of fmas
     * over i in order whatever its group, so the result does not depend on how many rows are scored together.
     */
    static void matmul(float[] x, int rows, Packed w, float[] y, int from, int to) {
        int full = Math.min(to, w.out / PANEL);
        for (int p = from; p < full; p++) panelRows(x, 0, rows, w, p, y, p * PANEL, w.out);
        if (full < to) { // the padded last panel goes through a buffer; only its real outputs are copied
            int o = full * PANEL;
            float[] buffer = new float[6 * PANEL];
            for (int t = 0; t < rows; t += 6) {
                int r = Math.min(6, rows - t);
                panelRows(x, t, t + r, w, full, buffer, 0, PANEL);
                for (int k = 0; k < r; k++) System.arraycopy(buffer, k * PANEL, y, (t + k) * w.out + o, w.out - o);
            }
        }
    }

    /**
     * Panel p of rows [t, end), row r into y[at + (r - t) stride + j] for j < PANEL: six rows at a time over each
     * half of the panel, then the remainder (four rows by halves; three or two rows over the whole panel; one).
     */
    private static void panelRows(float[] x, int t, int end, Packed w, int p, float[] y, int at, int stride) {
        for (; t + 6 <= end; t += 6, at += 6 * stride) {
            half6(x, t, w, p, 0, y, at, stride);
            half6(x, t, w, p, 1, y, at, stride);
        }
        if (t + 4 <= end) {
            half4(x, t, w, p, 0, y, at, stride);
            half4(x, t, w, p, 1, y, at, stride);
            t += 4;
            at += 4 * stride;
        }
        if (t + 3 == end) {
            panel3(x, t, w, p, y, at, stride);
            return;
        }
        if (t + 2 <= end) {
            panel2(x, t, w, p, y, at, stride);
            t += 2;
            at += 2 * stride;
        }
        if (t < end) panel1(x, t, w, p, y, at);
    }

    /** Half h (its vectors 2h and 2h + 1) of panel p for rows t..t+5, into y[at + r stride + 2h n + j]. */
    private static void half6(float[] x, int t, Packed w, int p, int h, float[] y, int at, int stride) {
        int in = w.in;
        float[] a = w.panels;
        int n = LANES.length();
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in, x4 = x3 + in, x5 = x4 + in;
        FloatVector z = FloatVector.zero(LANES);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z, s40 = z, s41 = z, s50 = z, s51 = z;
        for (int i = 0, k = p * in * PANEL + h * in * HALF; i < in; i++, k += HALF) {
            FloatVector u0 = FloatVector.fromArray(LANES, a, k);
            FloatVector u1 = FloatVector.fromArray(LANES, a, k + n);
            FloatVector b = FloatVector.broadcast(LANES, x[x0 + i]);
            s00 = u0.fma(b, s00);
            s01 = u1.fma(b, s01);
            b = FloatVector.broadcast(LANES, x[x1 + i]);
            s10 = u0.fma(b, s10);
            s11 = u1.fma(b, s11);
            b = FloatVector.broadcast(LANES, x[x2 + i]);
            s20 = u0.fma(b, s20);
            s21 = u1.fma(b, s21);
            b = FloatVector.broadcast(LANES, x[x3 + i]);
            s30 = u0.fma(b, s30);
            s31 = u1.fma(b, s31);
            b = FloatVector.broadcast(LANES, x[x4 + i]);
            s40 = u0.fma(b, s40);
            s41 = u1.fma(b, s41);
            b = FloatVector.broadcast(LANES, x[x5 + i]);
            s50 = u0.fma(b, s50);
            s51 = u1.fma(b, s51);
        }
        int o = at + 2 * h * n;
        s00.intoArray(y, o);
        s01.intoArray(y, o + n);
        s10.intoArray(y, o + stride);
        s11.intoArray(y, o + stride + n);
        s20.intoArray(y, o + 2 * stride);
        s21.intoArray(y, o + 2 * stride + n);
        s30.intoArray(y, o + 3 * stride);
        s31.intoArray(y, o + 3 * stride + n);
        s40.intoArray(y, o + 4 * stride);
        s41.intoArray(y, o + 4 * stride + n);
        s50.intoArray(y, o + 5 * stride);
        s51.intoArray(y, o + 5 * stride + n);
    }

    /** Half h of panel p for rows t..t+3 (verification of three drafts), as {@link #half6}. */
    private static void half4(float[] x, int t, Packed w, int p, int h, float[] y, int at, int stride) {
        int in = w.in;
        float[] a = w.panels;
        int n = LANES.length();
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        FloatVector z = FloatVector.zero(LANES);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
        for (int i = 0, k = p * in * PANEL + h * in * HALF; i < in; i++, k += HALF) {
            FloatVector u0 = FloatVector.fromArray(LANES, a, k);
            FloatVector u1 = FloatVector.fromArray(LANES, a, k + n);
            FloatVector b = FloatVector.broadcast(LANES, x[x0 + i]);
            s00 = u0.fma(b, s00);
            s01 = u1.fma(b, s01);
            b = FloatVector.broadcast(LANES, x[x1 + i]);
            s10 = u0.fma(b, s10);
            s11 = u1.fma(b, s11);
            b = FloatVector.broadcast(LANES, x[x2 + i]);
            s20 = u0.fma(b, s20);
            s21 = u1.fma(b, s21);
            b = FloatVector.broadcast(LANES, x[x3 + i]);
            s30 = u0.fma(b, s30);
            s31 = u1.fma(b, s31);
        }
        int o = at + 2 * h * n;
        s00.intoArray(y, o);
        s01.intoArray(y, o + n);
        s10.intoArray(y, o + stride);
        s11.intoArray(y, o + stride + n);
        s20.intoArray(y, o + 2 * stride);
        s21.intoArray(y, o + 2 * stride + n);
        s30.intoArray(y, o + 3 * stride);
        s31.intoArray(y, o + 3 * stride + n);
    }

    /** Panel p of rows t..t+2, into y[at + r stride + j] for r < 3, j < PANEL (verification of two drafts). */
    private static void panel3(float[] x, int t, Packed w, int p, float[] y, int at, int stride) {
        int in = w.in;
        float[] a = w.panels;
        int n = LANES.length();
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in;
        FloatVector z = FloatVector.zero(LANES);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z;
        for (int i = 0, k = p * in * PANEL, second = in * HALF; i < in; i++, k += HALF) {
            FloatVector u0 = FloatVector.fromArray(LANES, a, k);
            FloatVector u1 = FloatVector.fromArray(LANES, a, k + n);
            FloatVector u2 = FloatVector.fromArray(LANES, a, k + second);
            FloatVector u3 = FloatVector.fromArray(LANES, a, k + second + n);
            FloatVector b = FloatVector.broadcast(LANES, x[x0 + i]);
            s00 = u0.fma(b, s00);
            s01 = u1.fma(b, s01);
            s02 = u2.fma(b, s02);
            s03 = u3.fma(b, s03);
            b = FloatVector.broadcast(LANES, x[x1 + i]);
            s10 = u0.fma(b, s10);
            s11 = u1.fma(b, s11);
            s12 = u2.fma(b, s12);
            s13 = u3.fma(b, s13);
            b = FloatVector.broadcast(LANES, x[x2 + i]);
            s20 = u0.fma(b, s20);
            s21 = u1.fma(b, s21);
            s22 = u2.fma(b, s22);
            s23 = u3.fma(b, s23);
        }
        s00.intoArray(y, at);
        s01.intoArray(y, at + n);
        s02.intoArray(y, at + 2 * n);
        s03.intoArray(y, at + 3 * n);
        s10.intoArray(y, at + stride);
        s11.intoArray(y, at + stride + n);
        s12.intoArray(y, at + stride + 2 * n);
        s13.intoArray(y, at + stride + 3 * n);
        s20.intoArray(y, at + 2 * stride);
        s21.intoArray(y, at + 2 * stride + n);
        s22.intoArray(y, at + 2 * stride + 2 * n);
        s23.intoArray(y, at + 2 * stride + 3 * n);
    }

    /** Panel p of rows t and t+1, into y[at + r stride + j] for r < 2, j < PANEL (verification of one draft). */
    private static void panel2(float[] x, int t, Packed w, int p, float[] y, int at, int stride) {
        int in = w.in;
        float[] a = w.panels;
        int n = LANES.length();
        int x0 = t * in, x1 = x0 + in;
        FloatVector z = FloatVector.zero(LANES);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
        for (int i = 0, k = p * in * PANEL, second = in * HALF; i < in; i++, k += HALF) {
            FloatVector u0 = FloatVector.fromArray(LANES, a, k);
            FloatVector u1 = FloatVector.fromArray(LANES, a, k + n);
            FloatVector u2 = FloatVector.fromArray(LANES, a, k + second);
            FloatVector u3 = FloatVector.fromArray(LANES, a, k + second + n);
            FloatVector b = FloatVector.broadcast(LANES, x[x0 + i]);
            s00 = u0.fma(b, s00);
            s01 = u1.fma(b, s01);
            s02 = u2.fma(b, s02);
            s03 = u3.fma(b, s03);
            b = FloatVector.broadcast(LANES, x[x1 + i]);
            s10 = u0.fma(b, s10);
            s11 = u1.fma(b, s11);
            s12 = u2.fma(b, s12);
            s13 = u3.fma(b, s13);
        }
        s00.intoArray(y, at);
        s01.intoArray(y, at + n);
        s02.intoArray(y, at + 2 * n);
        s03.intoArray(y, at + 3 * n);
        s10.intoArray(y, at + stride);
        s11.intoArray(y, at + stride + n);
        s12.intoArray(y, at + stride + 2 * n);
        s13.intoArray(y, at + stride + 3 * n);
    }

    /**
     * Panel p of row t, into y[at + j] for j < PANEL. Two inputs per trip through the loop, each added in turn
     * (so the sums are those of one input per trip, bit for bit): half the loop's own work per weight streamed,
     * which lets a single row read its weights about a fifth faster, as fast as a plain sum reads the same bytes.
     */
    private static void panel1(float[] x, int t, Packed w, int p, float[] y, int at) {
        int in = w.in;
        float[] a = w.panels;
        int n = LANES.length();
        int x0 = t * in;
        FloatVector s0 = FloatVector.zero(LANES), s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0, k = p * in * PANEL, second = in * HALF; i < in; i++, k += HALF) {
            FloatVector b = FloatVector.broadcast(LANES, x[x0 + i]);
            s0 = FloatVector.fromArray(LANES, a, k).fma(b, s0);
            s1 = FloatVector.fromArray(LANES, a, k + n).fma(b, s1);
            s2 = FloatVector.fromArray(LANES, a, k + second).fma(b, s2);
            s3 = FloatVector.fromArray(LANES, a, k + second + n).fma(b, s3);
            if (++i == in) break;
            k += HALF;
            b = FloatVector.broadcast(LANES, x[x0 + i]);
            s0 = FloatVector.fromArray(LANES, a, k).fma(b, s0);
            s1 = FloatVector.fromArray(LANES, a, k + n).fma(b, s1);
            s2 = FloatVector.fromArray(LANES, a, k + second).fma(b, s2);
            s3 = FloatVector.fromArray(LANES, a, k + second + n).fma(b, s3);
        }
        s0.intoArray(y, at);
        s1.intoArray(y, at + n);
        s2.intoArray(y, at + 2 * n);
        s3.intoArray(y, at + 3 * n);
    }
}
