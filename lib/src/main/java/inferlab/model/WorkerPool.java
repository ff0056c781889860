package inferlab.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads the {@link JavaTransformer} splits large matrix products over: {@code INFERLAB_THREADS} (default 1,
 * as for torch in {@code bin/inferlab}), the caller being one of them. A product is split only when each part
 * still streams enough weights (about 256k multiply-adds) to pay for handing it to another thread.
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

    /** y[rows, out] = x[rows, in] w[out, in]^T, the panels split over the pool when the product is large. */
    static void matmul(float[] x, int rows, VectorMath.Packed w, float[] y) {
        Pool p = pool;
        int panels = w.panelCount();
        int parts = (int) Math.min(Math.min(p.threads, panels), (long) rows * w.in() * w.out() / MIN_WORK_PER_THREAD);
        if (parts <= 1) {
            VectorMath.matmul(x, rows, w, y, 0, panels);
            return;
        }
        Future<?>[] pending = new Future<?>[parts - 1];
        for (int k = 1; k < parts; k++) {
            int from = panels * k / parts;
            int to = panels * (k + 1) / parts;
            pending[k - 1] = p.helpers.submit(() -> VectorMath.matmul(x, rows, w, y, from, to));
        }
        VectorMath.matmul(x, rows, w, y, 0, panels / parts);
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a matrix product", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("matrix product failed", e.getCause());
            }
        }
    }
}
