package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental decoding with the cache equals recomputing the full sequence, on both engines. */
class SessionTest {
    static final java.util.Map<String, Transformer> models = new java.util.HashMap<>();
    static final int[] SEQUENCE = {256, 423, 236, 101, 239, 364, 220, 332, 406, 337, 453, 260, 120, 10, 133, 59};

    @BeforeAll
    static void load() throws Exception {
        Path root = Path.of(SessionTest.class.getResource("/hf-reference/models").toURI());
        for (String name : List.of("gpt2-tiny", "llama-tiny", "qwen2-tiny")) {
            models.put(name, Transformer.load(root.resolve(name)));
        }
    }

    @AfterAll
    static void close() {
        models.values().forEach(Transformer::close);
    }

    static float[][] full(LanguageModel m, int[] ids) {
        try (Session s = m.newSession()) {
            return s.append(ids);
        }
    }

    /**
     * Within 3e-5 relative to the logit's size: libtorch multiplies matrices of other shapes with other kernels,
     * which sum in another order (on an AVX2-only EPYC a llama-tiny logit moved by 1.03e-5 between a one-row step
     * and the full pass).
     */
    static void close(float[] expected, float[] actual, String what) {
        close(expected, actual, 3e-5f, what);
    }

    static void close(float[] expected, float[] actual, float tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("inferlab.model.HfReferenceTest#modelsOnEngines")
    void tokenByTokenAndChunkedEqualFullRecomputation(String name, Transformer.Engine engine) {
        LanguageModel m = models.get(name).on(engine);
        float[][] reference = full(m, SEQUENCE);
        try (Session s = m.newSession()) {
            float[][] prefill = s.append(java.util.Arrays.copyOf(SEQUENCE, 5));
            for (int t = 0; t < 5; t++) close(reference[t], prefill[t], "prefill " + t);
            for (int t = 5; t < SEQUENCE.length; t++) close(reference[t], s.append(SEQUENCE[t])[0], "step " + t);
            assertEquals(SEQUENCE.length, s.length());
            assertArrayEquals(SEQUENCE, s.tokens());
        }
        try (Session s = m.newSession()) {
            int t = 0;
            for (int chunk : new int[] {3, 1, 6, 4, 2}) {
                float[][] rows = s.append(java.util.Arrays.copyOfRange(SEQUENCE, t, t + chunk));
                for (int i = 0; i < chunk; i++) close(reference[t + i], rows[i], "chunked " + (t + i));
                t += chunk;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("inferlab.model.HfReferenceTest#modelsOnEngines")
    void forkAndTruncateThenReappend(String name, Transformer.Engine engine) {
        LanguageModel m = models.get(name).on(engine);
        int[] other = SEQUENCE.clone();
        other[10] = 7;
        other[11] = 8;
        float[][] reference = full(m, SEQUENCE);
        float[][] otherReference = full(m, other);
        try (Session s = m.newSession()) {
            s.append(java.util.Arrays.copyOf(SEQUENCE, 10));
            try (Session f = s.fork()) {
                float[][] a = f.append(java.util.Arrays.copyOfRange(other, 10, 16));
                float[][] b = s.append(java.util.Arrays.copyOfRange(SEQUENCE, 10, 16));
                for (int i = 0; i < 6; i++) {
                    close(otherReference[10 + i], a[i], "fork " + i);
                    close(reference[10 + i], b[i], "parent " + i);
                }
            }
            s.truncate(10);
            assertEquals(10, s.length());
            float[][] c = s.append(java.util.Arrays.copyOfRange(other, 10, 16));
            for (int i = 0; i < 6; i++) close(otherReference[10 + i], c[i], "re-append " + i);
            assertThrows(IllegalArgumentException.class, () -> s.truncate(17));
        }
    }

    @ParameterizedTest
    @MethodSource("inferlab.model.HfReferenceTest#modelsOnEngines")
    void appendBatchEqualsSeparateAppends(String name, Transformer.Engine engine) {
        LanguageModel m = models.get(name).on(engine);
        // equal lengths (beam search) and unequal lengths (padded and masked)
        for (int[] lengths : new int[][] {{6, 6, 6}, {3, 9, 6, 1}}) {
            List<Session> batch = new ArrayList<>();
            List<Session> single = new ArrayList<>();
            int[] next = new int[lengths.length];
            for (int i = 0; i < lengths.length; i++) {
                int[] prefix = new int[lengths[i]];
                for (int t = 0; t < prefix.length; t++) prefix[t] = SEQUENCE[(t + 3 * i) % SEQUENCE.length];
                batch.add(m.newSession());
                batch.get(i).append(prefix);
                single.add(m.newSession());
                single.get(i).append(prefix);
                next[i] = 11 * i + 5;
            }
            for (int step = 0; step < 3; step++) {
                float[][] rows = m.appendBatch(batch, next);
                for (int i = 0; i < next.length; i++) {
                    // batch rows go through [B, .] instead of [1, .] products: fp32 rounding differs by up to ~2e-5
                    close(single.get(i).append(next[i])[0], rows[i], 5e-5f, "batch " + i + " step " + step);
                    assertEquals(single.get(i).length(), batch.get(i).length());
                    next[i] = (next[i] * 7 + 1) % m.vocabSize();
                }
            }
            batch.forEach(Session::close);
            single.forEach(Session::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-tiny", "llama-tiny"})
    void sessionsLeaveNoArraysBehind(String name) {
        Transformer m = models.get(name);
        try (Session s = m.newSession()) {
            s.append(1, 2, 3);
        }
        // every temporary lives in a per-step manager, every cache array in the session's: the model's own
        // manager holds only the weights and RoPE tables afterwards
        int before = managed(m);
        try (Session s = m.newSession()) {
            s.append(SEQUENCE);
            s.append(4);
            try (Session f = s.fork()) {
                m.appendBatch(List.of(s, f), new int[] {5, 6});
            }
            s.truncate(3);
        }
        assertEquals(before, managed(m));
    }

    private static int managed(Transformer m) {
        return m.parameters().values().iterator().next().getManager().getManagedArrays().size();
    }

    @ParameterizedTest
    @MethodSource("inferlab.model.HfReferenceTest#modelsOnEngines")
    void rejectsBadInput(String name, Transformer.Engine engine) {
        LanguageModel m = models.get(name).on(engine);
        try (Session s = m.newSession()) {
            assertThrows(IllegalArgumentException.class, () -> s.append(512));
            assertThrows(IllegalArgumentException.class, () -> s.append(-1));
            assertThrows(IllegalArgumentException.class, () -> s.append());
            assertThrows(IllegalArgumentException.class, () -> s.append(new int[257]));
            assertEquals(0, s.length());
        }
    }
}
