package inferlab.study;

import inferlab.model.HfConfig;
import inferlab.model.Transformer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CacheBenchmarkTest {

    static Path fixture(String model) throws Exception {
        return Path.of(CacheBenchmarkTest.class.getResource("/hf-reference/models/" + model).toURI());
    }

    @Test
    void bytesHeldFollowTheDesignOfEachCache() throws Exception {
        try (Transformer m = Transformer.load(fixture("llama-tiny"))) {
            HfConfig c = m.config();
            long perToken = 2L * c.numLayers() * c.numKvHeads() * c.headDim() * 4;
            Random rng = new Random(0);
            var v = CacheBenchmark.variants();
            assertEquals(0, CacheBenchmark.measure(m, v.get(0), 20, 2, 1, rng).bytes());
            assertEquals(22 * perToken, CacheBenchmark.measure(m, v.get(1), 20, 2, 1, rng).bytes());
            assertEquals(c.maxPositions() * perToken, CacheBenchmark.measure(m, v.get(2), 20, 2, 1, rng).bytes());
            assertEquals(32 * perToken, CacheBenchmark.measure(m, v.get(3), 20, 2, 1, rng).bytes(), "two blocks of 16");
        }
    }

    @Test
    void pagedForkMemoryGrowsSublinearly() throws Exception {
        try (Transformer m = Transformer.load(fixture("llama-tiny"))) {
            HfConfig c = m.config();
            long block = 16L * 2 * c.numLayers() * c.numKvHeads() * c.headDim() * 4;
            Random rng = new Random(1);
            var one = CacheBenchmark.forkMemory(m, 40, 1, 4, rng);
            var eight = CacheBenchmark.forkMemory(m, 40, 8, 4, rng);
            assertEquals(8 * one.dynamicBytes(), eight.dynamicBytes(), "copies grow linearly");
            // 3 prompt blocks shared by all (the 3rd half full), plus per fork a private copy of the 3rd
            assertEquals((3 + 1) * block, one.pagedBytes());
            assertEquals((3 + 8) * block, eight.pagedBytes());
            assertTrue(eight.pagedBytes() < eight.dynamicBytes());
        }
    }
}
