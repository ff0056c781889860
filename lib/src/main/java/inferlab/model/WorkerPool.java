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
    private static final int THREADS = threadsFromEnvironment();
    private static final ExecutorService HELPERS = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "inferlab-matmul");
        t.setDaemon(true);
        return t;
    });

    private WorkerPool() {}

    static int threads() {
        return THREADS;
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

    /** y[rows, out] = x[rows, in] w[out, in]^T, output columns split over the pool when the product is large. */
    static void matmul(float[] x, int rows, int in, float[] w, float[] y, int out) {
        int parts = (int) Math.min(THREADS, (long) rows * in * out / MIN_WORK_PER_THREAD);
        if (parts <= 1) {
            VectorMath.matmul(x, rows, in, w, y, out, 0, out);
            return;
        }
        Future<?>[] pending = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) out * p / parts);
            int to = (int) ((long) out * (p + 1) / parts);
            pending[p - 1] = HELPERS.submit(() -> VectorMath.matmul(x, rows, in, w, y, out, from, to));
        }
        VectorMath.matmul(x, rows, in, w, y, out, 0, (int) ((long) out / parts));
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
