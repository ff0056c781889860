package inferlab.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads the {@link JavaTransformer} splits large matrix products and batched attention over:
 * {@code INFERLAB_THREADS} (default 1, as for torch in {@code bin/inferlab}), the caller being one of them. A loop
 * is split only when each part still does enough work (about 256k multiply-adds) to pay for handing it over.
 */
final class WorkerPool {
    private static final long MIN_WORK_PER_THREAD = 1 << 18;
    /** The thread count and the helpers (threads - 1 of them), replaced together. */
    private record Pool(int threads, ExecutorService helpers) {}

    private static volatile Pool pool = pool(threadsFromEnvironment());

    private WorkerPool() {}

    /** Uses {@code n} threads from now on; for benchmarks, between steps (a product under way keeps its pool). */
    static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        Pool old = pool;
        if (old.threads == n) return;
        pool = pool(n);
        if (old.helpers != null) old.helpers.shutdown();
    }

    private static Pool pool(int n) {
        return new Pool(n, n == 1 ? null : Executors.newFixedThreadPool(n - 1, r -> {
            Thread t = new Thread(r, "inferlab-matmul");
            t.setDaemon(true);
            return t;
        }));
    }

    private static int threadsFromEnvironment() {
        String env = System.getenv("INFERLAB_THREADS");
        if (env == null || env.isBlank()) return 1;
        try {
            return Math.max(1, Integer.parseInt(env.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("INFERLAB_THREADS must be a positive integer, got \"" + env + "\"");
        }
    }

    /** One share of a split loop: items [from, to), the {@code part}-th of the parts (0 runs on the caller). */
    interface Part {
        void run(int from, int to, int part);
    }

    /** How many parts {@link #run} should split {@code items} items of about {@code workPerItem} multiply-adds into. */
    static int parts(int items, long workPerItem) {
        return (int) Math.max(1, Math.min(Math.min(pool.threads, items), items * workPerItem / MIN_WORK_PER_THREAD));
    }

    /** Runs {@code body} over [0, items) in {@code parts} contiguous shares, the caller taking the first. */
    static void run(int parts, int items, Part body) {
        Pool p = pool;
        if (parts <= 1 || p.helpers == null) {
            body.run(0, items, 0);
            return;
        }
        parts = Math.min(parts, p.threads);
        Future<?>[] pending = new Future<?>[parts - 1];
        for (int k = 1; k < parts; k++) {
            int from = items * k / parts;
            int to = items * (k + 1) / parts;
            int part = k;
            pending[k - 1] = p.helpers.submit(() -> body.run(from, to, part));
        }
        body.run(0, items / parts, 0);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a split loop", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a split loop failed", e.getCause());
            }
        }
    }

    /** y[rows, out] = x[rows, in] w[out, in]^T, the panels split over the pool when the product is large. */
    static void matmul(float[] x, int rows, VectorMath.Packed w, float[] y) {
        int panels = w.panelCount();
        run(parts(panels, (long) rows * w.in() * VectorMath.PANEL), panels,
                (from, to, part) -> VectorMath.matmul(x, rows, w, y, from, to));
    }
}
