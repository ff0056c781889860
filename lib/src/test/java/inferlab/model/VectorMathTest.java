package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    private static final int LANES = FloatVector.SPECIES_PREFERRED.length();

    /** e^x lane by lane, through {@link VectorMath#exp}. */
    private static float[] exp(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += LANES) {
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        return y;
    }

    private static float[] tanh(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += LANES) {
            VectorMath.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, i)).intoArray(y, i);
        }
        return y;
    }

    private static float[] grid(float from, float to, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = from + (to - from) * i / (n - 1);
        return x;
    }

    @Test
    void expIsWithinTwoUlpsOfMathExpAndTanhWithinOneMillionth() {
        float[] x = grid(-87f, 88f, 64 * 1024);
        float[] e = exp(x);
        for (int i = 0; i < x.length; i++) {
            double want = Math.exp(x[i]);
            assertEquals(want, e[i], 2 * Math.ulp((float) want), "exp(" + x[i] + ")");
        }
        float[] far = {-1e4f, -200f, -88f, 89f, 200f, 1e4f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        float[] farExp = exp(java.util.Arrays.copyOf(far, Math.max(far.length, LANES)));
        for (int i = 0; i < far.length; i++) {
            assertTrue(Float.isFinite(farExp[i]) && farExp[i] > 0, "exp(" + far[i] + ") clamps to a positive float");
        }
        float[] nan = new float[LANES];
        java.util.Arrays.fill(nan, Float.intBitsToFloat(0x7fc0_1234)); // a NaN with a payload
        for (float v : exp(nan)) assertTrue(Float.isNaN(v), "exp(NaN) is NaN, got " + v);
        float[] t = grid(-20f, 20f, 16 * 1024);
        float[] th = tanh(t);
        for (int i = 0; i < t.length; i++) assertEquals(Math.tanh(t[i]), th[i], 1e-6, "tanh(" + t[i] + ")");
    }

    @Test
    void softmaxMatchesItsDefinitionAtEveryLength() {
        Random r = new Random(7);
        for (int n = 1; n <= 4 * LANES + 1; n++) {
            float[] s = new float[VectorMath.roundUpToLanes(n)];
            for (int i = 0; i < s.length; i++) s[i] = (float) (r.nextGaussian() * 6);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, s[i]);
            double[] want = new double[n];
            for (int i = 0; i < n; i++) sum += want[i] = Math.exp(s[i] - max);
            VectorMath.softmax(s, n);
            for (int i = 0; i < n; i++) assertEquals(want[i] / sum, s[i], 1e-6 * want[i] / sum + 1e-9, "n " + n + " p " + i);
        }
    }

    /** The kernels' outputs on fixed random inputs, as float bits in hex, one line. */
    static String kernelBits() {
        Random r = new Random(1);
        float[] x = new float[256 * LANES + 3], w = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 4);
            w[i] = (float) r.nextGaussian();
        }
        List<Float> out = new ArrayList<>();
        out.add(VectorMath.dot(x, 0, w, 0, x.length));
        for (float v : exp(java.util.Arrays.copyOf(x, 256 * LANES))) out.add(v);
        for (float v : tanh(java.util.Arrays.copyOf(x, 256 * LANES))) out.add(v);
        float[] s = java.util.Arrays.copyOf(x, 2 * (128 * LANES + 3));
        VectorMath.swiglu(s, 0, 128 * LANES + 3);
        for (float v : s) out.add(v);
        float[] g = x.clone();
        VectorMath.gelu(g, g.length);
        for (float v : g) out.add(v);
        int n = 100 * LANES + 5;
        float[] soft = java.util.Arrays.copyOf(x, VectorMath.roundUpToLanes(n));
        VectorMath.softmax(soft, n);
        for (int i = 0; i < n; i++) out.add(soft[i]);
        float[] dots = new float[VectorMath.roundUpToLanes(5 * LANES + 3)]; // attention: scores, then values
        VectorMath.columnDots(x, 0, 32, w, 0, dots.length, 5 * LANES + 3, 0.125f, dots);
        for (float v : dots) out.add(v);
        float[] rows = new float[32];
        VectorMath.weightedRows(soft, 7 * LANES + 3, w, 0, 32, rows, 0, 32);
        for (float v : rows) out.add(v);
        StringBuilder b = new StringBuilder();
        for (float v : out) b.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
        return b.toString().trim();
    }

    /** Entry point of the interpreted run of {@link #compiledAndInterpretedKernelsGiveTheSameBits}. */
    public static void main(String[] args) {
        System.out.println(kernelBits());
    }

    /**
     * The Vector API's own EXP, TANH and horizontal sum change algorithm once C2 compiles a loop, so a logit once
     * depended on when the JIT had run (and greedy outputs that must be identical, such as speculative decoding's,
     * could differ). Here the kernels run many times over in this JVM, then once in a JVM that only interprets:
     * every bit must agree.
     */
    @Test
    void compiledAndInterpretedKernelsGiveTheSameBits() throws IOException, InterruptedException {
        String compiled = null;
        for (int i = 0; i < 2_000; i++) compiled = kernelBits();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), VectorMathTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String interpreted = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the interpreted run finishes");
        assertEquals(0, p.exitValue());
        assertEquals(interpreted, compiled);
    }
}
