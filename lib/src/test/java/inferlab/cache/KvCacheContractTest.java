package inferlab.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import inferlab.model.Session;
import inferlab.model.Transformer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session works with any cache honouring {@link KvCache}: with {@link NoCache}, which keeps nothing, every
 * append recomputes the whole sequence, and forks, truncation and batched appends must give the logits of
 * {@link DynamicCache}.
 */
class KvCacheContractTest {

    @Test
    void aCacheThatKeepsNothingMakesTheSessionRecompute() throws Exception {
        Path dir = Path.of(getClass().getResource("/hf-reference/models/qwen2-tiny").toURI());
        int[] ids = {5, 17, 300, 2, 99, 411, 8};
        try (Transformer m = Transformer.load(dir);
             Session cached = m.newSession();
             Session recomputed = m.newSession(NoCache::new)) {
            cached.append(ids[0], ids[1], ids[2]);
            recomputed.append(ids[0], ids[1], ids[2]);
            for (int t = 3; t < ids.length; t++) {
                assertArrayEquals(cached.append(ids[t])[0], recomputed.append(ids[t])[0], 1e-5f);
            }
            recomputed.truncate(4);
            cached.truncate(4);
            assertArrayEquals(cached.append(9)[0], recomputed.append(9)[0], 1e-5f);
            try (Session fork = recomputed.fork(); Session cachedFork = cached.fork()) {
                float[][] rows = m.appendBatch(List.of(fork, recomputed), new int[] {1, 2});
                assertArrayEquals(cachedFork.append(1)[0], rows[0], 1e-5f);
                assertArrayEquals(cached.append(2)[0], rows[1], 1e-5f);
                assertEquals(6, fork.length());
            }
        }
    }
}
