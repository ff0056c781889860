package inferlab.hardware;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CapacityTest {
    final Hardware a100 = Hardware.A100_80GB_SXM;

    @Test
    void longestSequenceMatchesTheLinearSolution() {
        ModelShape m = ModelShape.LLAMA2_7B;
        for (int batch : new int[] {1, 4}) {
            long t = Capacity.longestSequence(m, batch, a100);
            // footprint = weights + B V bytes + B T (kv + activations per token): solve for T directly
            double perToken = batch * (m.kvBytesPerToken(2) + 2.0 * (2 * m.hidden() + 2 * m.intermediate()));
            double free = a100.memoryBytes() - m.weightBytes(2) - 2.0 * batch * m.vocab();
            assertEquals((long) Math.floor(free / perToken), t);
        }
        assertEquals(0, Capacity.longestSequence(ModelShape.LLAMA2_70B, 1, a100), "140 GB of bf16 weights");
        assertTrue(Capacity.longestSequence(ModelShape.LLAMA2_70B, 1, Hardware.H200_SXM) > 1000, "141 GB does");
    }

    @Test
    void largestModelFitsAndTheNextDoesNot() {
        ModelShape m = Capacity.largestModel(a100, 1, 2048);
        assertTrue(Capacity.fits(m, 1, 2048, a100));
        assertFalse(Capacity.fits(Capacity.llamaFamily(m.layers() + 1), 1, 2048, a100));
        long n = m.parameters().total();
        assertTrue(n < 40e9 && n > 25e9, "below 80 GB / 2 bytes, yet most of it: " + n);
        // a bigger batch leaves less room for weights
        assertTrue(Capacity.largestModel(a100, 64, 2048).parameters().total() < n);
    }

    @Test
    void llamaFamilyReproducesLlama2Shapes() {
        assertEquals(ModelShape.LLAMA2_7B.parameters(), Capacity.llamaFamily(32).parameters());
        assertEquals(ModelShape.LLAMA2_13B.parameters(), Capacity.llamaFamily(40).parameters());
    }

    @Test
    void kvTableScalesWithBatch() {
        var rows = Capacity.kvCacheTable(List.of(ModelShape.LLAMA2_7B, ModelShape.LLAMA3_8B), 32768,
                new int[] {1, 2, 4}, 2);
        assertEquals(6, rows.size());
        assertEquals(16.0 * (1L << 30), rows.get(0).bytes(), 0.0); // 512 KiB/token * 32k = 16 GiB
        assertEquals(4 * rows.get(0).bytes(), rows.get(2).bytes(), 0.0);
        assertEquals(rows.get(0).bytes() / 4, rows.get(3).bytes(), 0.0); // GQA 8 of 32 heads
    }

    @Test
    void longestGenerationCountsOnlyWeightsAndCache() {
        // Qwen3-14B on an L40S, batch 8: 163,840 KV bytes per token (2 * 40 layers * 8 heads * 128 * 2 bytes)
        ModelShape m = ModelShape.QWEN3_14B;
        assertEquals(163_840, m.kvBytesPerToken(2));
        long t = Capacity.longestGeneration(m, 8, Hardware.L40S);
        double free = 48e9 - 2.0 * m.parameters().total();
        assertTrue(t * 8.0 * 163_840 <= free && (t + 1) * 8.0 * 163_840 > free, "largest T with 8 T kv <= free: " + t);
        // counting activations as well can only shorten it
        assertTrue(Capacity.longestSequence(m, 8, Hardware.L40S) < t);
        assertEquals(2 * Capacity.longestGeneration(m, 8, Hardware.L40S) + 1,
                Capacity.longestGeneration(m, 4, Hardware.L40S), 1.0, "half the batch, twice the length");
        assertEquals(0, Capacity.longestGeneration(ModelShape.QWEN3_32B, 1, Hardware.L40S), "64 GB of weights");
    }
}
