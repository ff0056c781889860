package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-over protocol of the spinning pool: every share runs once, failures reach the caller, callers may race. */
class WorkerPoolTest {
    @AfterEach
    void oneThread() {
        WorkerPool.setThreads(1);
    }

    /** Each item of [0, n) is visited exactly once, in the part its range belongs to, thousands of times over. */
    @Test
    void everyItemRunsOnceInItsPart() {
        WorkerPool.setThreads(3);
        for (int round = 0; round < 5_000; round++) {
            int items = 1 + round % 97;
            int parts = 1 + round % 3;
            int[] visits = new int[items];
            int[] partOf = new int[items];
            WorkerPool.run(parts, items, (from, to, part) -> {
                for (int i = from; i < to; i++) {
                    visits[i]++;
                    partOf[i] = part;
                }
            });
            int[] ones = new int[items];
            java.util.Arrays.fill(ones, 1);
            assertArrayEquals(ones, visits, "round " + round);
            int used = Math.min(parts, 3);
            for (int k = 0; k < used; k++) {
                for (int i = items * k / used; i < items * (k + 1) / used; i++) assertEquals(k, partOf[i], "round " + round);
            }
        }
    }

    /**
     * map returns f(i) in index order however the items are dealt out, with items of uneven cost; while it holds
     * the pool, the products inside an item (nested split loops) run whole on its thread. A single item keeps the
     * pool free for its products.
     */
    @Test
    void mapKeepsIndexOrderAndNestedLoopsRunWhole() {
        WorkerPool.setThreads(2);
        for (int n : new int[] {0, 1, 2, 3, 17, 200}) {
            List<String> got = WorkerPool.map(n, i -> {
                java.util.concurrent.atomic.AtomicInteger parts = new java.util.concurrent.atomic.AtomicInteger();
                WorkerPool.run(2, 1000, (from, to, part) -> parts.incrementAndGet());
                long spin = 0;
                for (int k = 0; k < (i % 7) * 20_000; k++) spin += k; // uneven cost
                return i + ":" + parts.get() + ":" + (spin >= 0);
            });
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) expected.add(i + ":" + (n == 1 ? 2 : 1) + ":true");
            assertEquals(expected, got, "n = " + n);
        }
        // two items that can only finish together: they must run at the same time, on the two threads
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        assertEquals(List.of(true, true), WorkerPool.map(2, i -> {
            both.countDown();
            try {
                return both.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** A share that throws on a helper fails the caller's loop, and the pool keeps working afterwards. */
    @Test
    void aHelpersFailureReachesTheCaller() {
        WorkerPool.setThreads(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerPool.run(2, 10,
                (from, to, part) -> {
                    if (part == 1) throw new IllegalArgumentException("share " + from);
                }));
        assertEquals("share 5", e.getMessage());
        int[] sum = new int[1];
        WorkerPool.run(2, 10, (from, to, part) -> {
            synchronized (sum) {
                sum[0] += to - from;
            }
        });
        assertEquals(10, sum[0]);
    }

    /**
     * Changing the thread count while other threads run split loops neither hangs nor loses a share: a caller
     * that took the old pool just before the change must not post to a helper that has stopped.
     */
    @Test
    void threadCountChangesUnderLoad() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicBoolean changing = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                done.add(callers.submit(() -> {
                    while (changing.get()) {
                        int[] sum = new int[1];
                        WorkerPool.run(3, 30, (from, to, part) -> {
                            synchronized (sum) {
                                sum[0] += to - from;
                            }
                        });
                        assertEquals(30, sum[0]);
                    }
                }));
            }
            for (int k = 0; k < 2_000; k++) WorkerPool.setThreads(1 + k % 3);
            changing.set(false);
            for (Future<?> f : done) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            changing.set(false);
            callers.shutdownNow();
        }
    }

    /** Four threads splitting products at once all get the exact single-threaded result (the loser of the race runs alone). */
    @Test
    void racingCallersGetExactProducts() throws Exception {
        java.util.Random r = new java.util.Random(1);
        int in = 64, out = 3 * VectorMath.PANEL + 5, rows = 3;
        float[] w = new float[out * in];
        float[] x = new float[rows * in];
        for (int i = 0; i < w.length; i++) w[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() - 0.5f;
        VectorMath.Packed packed = VectorMath.Packed.of(w, out, in);
        float[] expected = new float[rows * out];
        VectorMath.matmul(x, rows, packed, expected, 0, packed.panelCount());
        WorkerPool.setThreads(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                done.add(callers.submit(() -> {
                    for (int k = 0; k < 2_000; k++) {
                        float[] y = new float[rows * out];
                        WorkerPool.run(2, packed.panelCount(), (from, to, part) -> VectorMath.matmul(x, rows, packed, y, from, to));
                        assertArrayEquals(expected, y);
                    }
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            callers.shutdown();
        }
    }
}
