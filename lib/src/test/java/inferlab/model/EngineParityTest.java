package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Java engine against DJL on random models of every configuration the loader accepts: GQA, Qwen2 biases,
 * Llama attention biases, untied heads, llama3 RoPE scaling beyond the original context, GPT-2. Prefill,
 * decode steps, multi-token appends and batched steps must agree to 1e-4.
 */
class EngineParityTest {
    static HfConfig llama(boolean bias, HfConfig.Rope rope, boolean tied) {
        return new HfConfig(HfConfig.Architecture.LLAMA, 300, 64, 3, 8, 2, 8, 96, 512, 1e-5, tied, bias, bias,
                bias, false, new int[] {1}, new int[] {2}, rope);
    }

    static List<HfConfig> configs() {
        HfConfig.Rope llama3 = new HfConfig.Rope("llama3", 500000, 8, 1, 4, 32, 1, false);
        return List.of(
                llama(false, HfConfig.Rope.plain(10000), false),
                llama(true, llama3, true),
                new HfConfig(HfConfig.Architecture.QWEN2, 300, 64, 2, 4, 1, 16, 80, 512, 1e-6, true, true, false,
                        false, false, new int[] {1}, new int[] {2}, HfConfig.Rope.plain(1e6)),
                HfConfig.gpt2(300, 64, 2, 4, 512));
    }

    @Test
    void javaEngineEqualsDjl() {
        Random ids = new Random(7);
        for (HfConfig c : configs()) {
            try (Transformer m = Transformer.random(c, new Random(3))) {
                // larger weights than the 0.02 init (x4), so that attention is far from uniform
                m.parameters().values().forEach(p -> p.muli(4));
                int[] prompt = new int[70];
                for (int i = 0; i < prompt.length; i++) prompt[i] = ids.nextInt(c.vocabSize());
                try (Session djl = m.newSession(Transformer.Engine.DJL); Session java = m.newSession(Transformer.Engine.JAVA)) {
                    assertRowsEqual(djl.append(prompt), java.append(prompt), c + " prefill");
                    for (int step = 0; step < 5; step++) {
                        int next = ids.nextInt(c.vocabSize());
                        assertRowsEqual(djl.append(next), java.append(next), c + " step " + step);
                    }
                    for (int[] chunk : new int[][] {{5, 6, 7, 8}, {11, 12, 13}, {14, 15, 16, 17, 18}}) { // four rows; three; four and one
                        assertRowsEqual(djl.append(chunk), java.append(chunk), c + " chunk of " + chunk.length);
                    }
                    try (Session djl2 = djl.fork(); Session java2 = java.fork()) {
                        djl2.truncate(40);
                        java2.truncate(40);
                        float[][] a = m.appendBatch(List.of(djl, djl2), new int[] {9, 10});
                        float[][] b = m.appendBatch(List.of(java, java2), new int[] {9, 10});
                        assertRowsEqual(a, b, c + " batch");
                    }
                }
            }
        }
    }

    /**
     * Splitting matrix products and attention rows over two threads leaves every logit as it was: each output is
     * summed in the same order whichever thread computes it. A 200-token prefill and a step of 64 sessions are large
     * enough to be split.
     */
    @Test
    void twoThreadsGiveTheSameLogitsAsOne() {
        Random ids = new Random(5);
        for (HfConfig c : configs()) {
            try (Transformer m = Transformer.random(c, new Random(3))) {
                int[] prompt = new int[200];
                for (int i = 0; i < prompt.length; i++) prompt[i] = ids.nextInt(c.vocabSize());
                int[] next = new int[64];
                for (int i = 0; i < next.length; i++) next[i] = ids.nextInt(c.vocabSize());
                float[][][] byThreads = new float[2][][];
                float[][][] batchByThreads = new float[2][][];
                for (int threads = 1; threads <= 2; threads++) {
                    Transformer.setJavaEngineThreads(threads);
                    try (Session s = m.newSession(Transformer.Engine.JAVA)) {
                        byThreads[threads - 1] = s.append(prompt);
                        List<Session> batch = new java.util.ArrayList<>();
                        for (int i = 0; i < next.length; i++) {
                            Session f = s.fork();
                            f.truncate(100 + i); // sessions of different lengths
                            batch.add(f);
                        }
                        batchByThreads[threads - 1] = m.appendBatch(batch, next);
                        batch.forEach(Session::close);
                    } finally {
                        Transformer.setJavaEngineThreads(1);
                    }
                }
                assertRowsEqual(byThreads[0], byThreads[1], c + " prefill");
                assertRowsEqual(batchByThreads[0], batchByThreads[1], c + " batch");
            }
        }
    }

    /**
     * On the Java engine, appending k tokens in one call gives the logits of appending them one at a time, bit for
     * bit, for every k a kernel handles differently (six rows at a time, then four, three, two or one): what keeps
     * greedy speculative decoding, which verifies k drafts in one call, identical to plain greedy decoding.
     */
    @Test
    void javaEngineScoresSeveralPositionsAsOneAtATime() {
        Random ids = new Random(9);
        for (HfConfig c : configs()) {
            try (Transformer m = Transformer.random(c, new Random(3)); Session base = m.newSession(Transformer.Engine.JAVA)) {
                int[] prompt = new int[30];
                for (int i = 0; i < prompt.length; i++) prompt[i] = ids.nextInt(c.vocabSize());
                base.append(prompt);
                for (int k = 1; k <= 9; k++) {
                    int[] chunk = new int[k];
                    for (int i = 0; i < k; i++) chunk[i] = ids.nextInt(c.vocabSize());
                    try (Session together = base.fork(); Session apart = base.fork()) {
                        float[][] rows = together.append(chunk);
                        for (int i = 0; i < k; i++) {
                            assertArrayEquals(apart.append(chunk[i])[0], rows[i], c + ", " + k + " rows, row " + i);
                        }
                    }
                }
            }
        }
    }

    /** The embedded models decode greedily to the same tokens on both engines (the outputs of before the Java engine). */
    @Test
    void embeddedModelsGreedyIdenticalOnBothEngines() {
        for (String name : List.of("target", "draft")) {
            try (Transformer m = Transformer.load(inferlab.Project.data().resolve("models/" + name))) {
                Random r = new Random(11);
                for (int p = 0; p < 4; p++) {
                    int[] prompt = new int[1 + r.nextInt(40)];
                    for (int i = 0; i < prompt.length; i++) prompt[i] = r.nextInt(m.vocabSize());
                    assertArrayEquals(HfReferenceTest.greedy(m.on(Transformer.Engine.DJL), prompt, 60),
                            HfReferenceTest.greedy(m.on(Transformer.Engine.JAVA), prompt, 60), name + " prompt " + p);
                }
            }
        }
    }

    static void assertRowsEqual(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], 1e-4f, what + " row " + i);
    }

    @Test
    void autoPicksJavaUnlessTrainingOrAnExplicitCache() {
        try (Transformer m = Transformer.random(configs().get(0), new Random(1))) {
            assertEquals(Transformer.Engine.JAVA, m.engine());
            try (Session s = m.newSession()) {
                assertEquals(JavaSession.class, s.getClass());
            }
            m.parameters().values().iterator().next().setRequiresGradient(true);
            assertEquals(Transformer.Engine.DJL, m.engine());
            assertThrows(IllegalStateException.class, () -> m.newSession(Transformer.Engine.JAVA));
        }
        try (Transformer m = Transformer.random(configs().get(0), new Random(1), inferlab.cache.StaticCache::new)) {
            assertEquals(Transformer.Engine.DJL, m.engine());
        }
    }
}
