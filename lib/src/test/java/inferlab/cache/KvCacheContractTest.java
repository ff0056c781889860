package inferlab.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import inferlab.model.Session;
import inferlab.model.Transformer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The session works with any cache honouring {@link KvCache}: here one that keeps nothing, so every append
 * recomputes the whole sequence, must give the same logits as {@link DynamicCache}.
 */
class KvCacheContractTest {

    /** Holds no positions: update hands back just the new keys and values. */
    static final class ForgetfulCache implements KvCache {
        @Override
        public int length() {
            return 0;
        }

        @Override
        public NDArray[] update(int layer, NDArray keys, NDArray values) {
            return new NDArray[] {keys, values};
        }

        @Override
        public void commit(int tokens) {}

        @Override
        public void truncate(int length) {}

        @Override
        public KvCache fork() {
            return new ForgetfulCache();
        }

        @Override
        public long bytes() {
            return 0; // holds nothing
        }

        @Override
        public void close() {}
    }

    @Test
    void aCacheThatKeepsNothingMakesTheSessionRecompute() throws Exception {
        Path dir = Path.of(getClass().getResource("/hf-reference/models/qwen2-tiny").toURI());
        int[] ids = {5, 17, 300, 2, 99, 411, 8};
        try (Transformer m = Transformer.load(dir);
             Session cached = m.newSession();
             Session recomputed = m.newSession((NDManager parent, KvCache.Spec spec) -> new ForgetfulCache())) {
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
