package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Mirostat's controller drives the observed surprise to τ on a model with a known (Zipf) distribution. */
class MirostatTest {
    static final ZipfModel MODEL = new ZipfModel(2000);

    @ParameterizedTest
    @CsvSource({"1, 2.0", "1, 3.5", "1, 5.0", "2, 2.0", "2, 3.5", "2, 5.0"})
    void averageSurpriseConvergesToTau(int version, double tau) {
        Mirostat m = new Mirostat(version, tau, 0.1, new Random(42));
        Generation.of(600).run(MODEL, new int[] {1}, m);
        double[] s = m.surprises();
        assertEquals(600, s.length);
        double mean = Arrays.stream(s, 100, 600).average().orElseThrow();
        assertEquals(tau, mean, 0.05 * tau, "mean surprise over tokens 100..600");
        assertTrue(m.trace().get(0).mu() == 2 * tau, "mu starts at 2 tau");
    }

    @Test
    void v1RecoversTheZipfExponentAndItsK() {
        Mirostat m = new Mirostat(1, 5, 0.1, new Random(1));
        int token = 17;
        m.next(new int[] {token}, MODEL.logits(token));
        Mirostat.Step step = m.trace().get(0);
        assertEquals(ZipfModel.exponent(token), step.sHat(), 1e-4);
        double e = step.sHat() - 1;
        double k = Math.pow(e * Math.pow(2, 10) / (1 - Math.pow(2000, -e)), 1 / step.sHat());
        assertEquals((int) k, step.k());
    }

    @Test
    void v2KeepsExactlyTheTokensWithSurpriseAtMostMu() {
        Mirostat m = new Mirostat(2, 3, 0.1, new Random(1));
        float[] z = MODEL.logits(5);
        m.next(new int[] {5}, z);
        float[] p = Ranking.softmax(z);
        long within = 0;
        for (float v : p) if (-Math.log(v) / Math.log(2) <= 6) within++;
        assertEquals(within, m.trace().get(0).k());
    }

    /** The trace holds both surprises: under the kept tokens (llama.cpp's) and under the whole distribution (the paper's). */
    @Test
    void traceRecordsTruncatedAndUntruncatedSurprise() {
        Mirostat m = new Mirostat(2, 3, 0.1, new Random(4));
        int[] ids = Generation.of(200).run(MODEL, new int[] {1}, m).ids();
        int[] history = {1};
        for (int t = 0; t < ids.length; t++) {
            Mirostat.Step step = m.trace().get(t);
            double p = Ranking.softmax(MODEL.logits(history[history.length - 1]))[ids[t]];
            assertEquals(-Math.log(p) / Math.log(2), step.modelSurprise(), 1e-4, "step " + t);
            assertTrue(step.surprise() <= step.modelSurprise() + 1e-9, "renormalising over fewer tokens only raises p");
            history = new int[] {ids[t]};
        }
        assertTrue(Arrays.stream(m.modelSurprises()).sum() > Arrays.stream(m.surprises()).sum(), "truncation hides surprise");
    }

    @Test
    void seedsReproduceAndBadParametersAreRejected() {
        int[] a = Generation.of(50).run(MODEL, new int[] {3}, new Mirostat(2, 4, 0.1, new Random(9))).ids();
        int[] b = Generation.of(50).run(MODEL, new int[] {3}, new Mirostat(2, 4, 0.1, new Random(9))).ids();
        assertEquals(Arrays.toString(a), Arrays.toString(b));
        assertThrows(IllegalArgumentException.class, () -> new Mirostat(3, 4, 0.1, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Mirostat(1, 0, 0.1, new Random()));
        assertThrows(IllegalArgumentException.class, () -> new Mirostat(2, 4, -1, new Random()));
    }
}
