package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every cache returns exactly the keys and values written so far, through appends, forks and truncations;
 * the model-level test (same logits as recomputation) is in CachedLogitsTest.
 */
class CacheVariantsTest {
    static final KvCache.Spec SPEC = new KvCache.Spec(2, 2, 3, 64);
    static NDManager manager;
    final Random rng = new Random(1);

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A cache with the positions it should hold: per position, per layer, K then V as flat [kvHeads*headDim]. */
    final class Checked {
        final KvCache cache;
        final List<float[][]> positions;

        Checked(KvCache cache, List<float[][]> positions) {
            this.cache = cache;
            this.positions = positions;
        }

        void append(int n) {
            int width = SPEC.kvHeads() * SPEC.headDim();
            float[][][] added = new float[n][SPEC.layers() * 2][width];
            for (float[][] p : added) for (float[] row : p) for (int i = 0; i < width; i++) row[i] = (float) rng.nextGaussian();
            positions.addAll(List.of(added));
            for (int l = 0; l < SPEC.layers(); l++) {
                NDArray[] kv = cache.update(l, array(added, 2 * l), array(added, 2 * l + 1));
                assertArrayEquals(expected(2 * l), kv[0].toFloatArray(), "keys of layer " + l);
                assertArrayEquals(expected(2 * l + 1), kv[1].toFloatArray(), "values of layer " + l);
            }
            cache.commit(n);
            assertEquals(positions.size(), cache.length());
        }

        void truncate(int n) {
            cache.truncate(n);
            positions.subList(n, positions.size()).clear();
        }

        Checked fork() {
            return new Checked(cache.fork(), new ArrayList<>(positions));
        }

        /** [kvHeads, T, headDim] from the per-position rows. */
        NDArray array(float[][][] rows, int which) {
            int h = SPEC.kvHeads(), d = SPEC.headDim(), t = rows.length;
            float[] data = new float[h * t * d];
            for (int p = 0; p < t; p++) for (int j = 0; j < h; j++) System.arraycopy(rows[p][which], j * d, data, (j * t + p) * d, d);
            return manager.create(data, new Shape(h, t, d));
        }

        float[] expected(int which) {
            return array(positions.toArray(new float[0][][]), which).toFloatArray();
        }
    }

    void exercise(KvCache.Factory factory) {
        Checked a = new Checked(factory.create(manager, SPEC), new ArrayList<>());
        a.append(5);
        a.append(1);
        a.append(7); // crosses block boundaries at block size 4
        Checked b = a.fork();
        a.truncate(6);
        a.append(3); // writes into a block b still holds
        b.append(2);
        b.append(1);
        Checked c = b.fork();
        b.truncate(2);
        b.append(9);
        c.append(4);
        a.append(1);
        a.truncate(0);
        a.append(2);
        a.cache.close();
        b.cache.close();
        c.cache.close();
    }

    @Test
    void dynamicCacheHoldsWhatWasWritten() {
        exercise(DynamicCache::new);
    }

    @Test
    void staticCacheHoldsWhatWasWritten() {
        exercise(StaticCache::new);
    }

    @Test
    void pagedCacheHoldsWhatWasWritten() {
        exercise(PagedCache.withBlockSize(4));
        exercise(PagedCache.withBlockSize(1));
        exercise(PagedCache::new);
    }

    @Test
    void staticCacheHoldsItsMaximumFromTheStart() {
        try (KvCache s = new StaticCache(manager, SPEC)) {
            assertEquals(2L * 2 * 2 * 64 * 3 * 4, s.bytes());
        }
    }

    @Test
    void pagedForksShareTheirPrompt() {
        PagedCache root = (PagedCache) PagedCache.withBlockSize(4).create(manager, SPEC);
        Checked prompt = new Checked(root, new ArrayList<>());
        prompt.append(30); // 8 blocks, the last one half full
        long single = root.pool().bytes();
        assertEquals(8 * root.pool().blockBytes(), single);
        List<Checked> forks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Checked f = prompt.fork();
            f.append(1); // copy-on-write of the shared last block only
            forks.add(f);
        }
        // 8 + 8 private last blocks, where 9 independent copies would hold 9 * 8
        assertEquals(16 * root.pool().blockBytes(), root.pool().bytes());
        assertEquals(single, forks.get(0).cache.bytes(), "each sequence still sees 8 blocks");
        for (Checked f : forks) f.cache.close();
        assertEquals(single, root.pool().bytes(), "closing forks frees their private blocks");
        root.close();
    }

    @Test
    void noCacheKeepsNothing() {
        try (KvCache n = new NoCache(manager, SPEC)) {
            NDArray k = manager.ones(new Shape(2, 5, 3));
            NDArray[] kv = n.update(0, k, k);
            assertSame(k, kv[0]);
            n.commit(5);
            assertEquals(0, n.length());
            assertEquals(0, n.bytes());
        }
    }
}
