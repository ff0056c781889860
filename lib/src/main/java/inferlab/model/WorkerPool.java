package inferlab.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * The threads the {@link JavaTransformer} splits large matrix products and batched attention over:
 * {@code INFERLAB_THREADS} (default 1, as for torch in {@code bin/inferlab}), the caller being one of them. A loop
 * is split only when each part still does enough work (about 64k multiply-adds) to pay for handing it over.
 *
 * <p>A decode step hands work over dozens of times (four products a layer), microseconds apart. Waking a parked
 * thread costs tens of microseconds, as much as a small product, so helpers and the waiting caller spin for a
 * while before they park, as OpenMP runtimes do: within a step no hand-over waits for a wake-up.
 *
 * <p>The same threads serve loops over independent items ({@link #map}): prompts of a benchmark, each decoded
 * on its own. Splitting such a loop beats splitting each small product inside it, and while the loop holds the
 * pool the products inside run whole on their thread, so the two never compete for the cores.
 */
public final class WorkerPool {
    private static final long MIN_WORK_PER_THREAD = 1 << 16;
    /** How long an idle helper or a waiting caller spins before parking: longer than the gaps within a step. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile Pool pool = new Pool(threadsFromEnvironment());

    private WorkerPool() {}

    /** Uses {@code n} threads from now on; for benchmarks, between steps (a loop under way keeps its pool). */
    static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        Pool old = pool;
        if (old.helpers.length + 1 == n) return;
        pool = new Pool(n);
        old.stop();
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

    /**
     * f(0), ..., f(n − 1), a fixed-size list in index order, computed on the pool's threads, each taking the next
     * index when it finishes one (items differ in cost). The items must be independent: each result the same
     * whichever thread computes it and whatever runs beside it (seeded by its index, not by a shared generator).
     * With one thread, or while another loop holds the pool, the items run in order on the caller.
     */
    public static <T> List<T> map(int n, IntFunction<T> f) {
        Object[] out = new Object[n];
        AtomicInteger next = new AtomicInteger();
        int parts = Math.min(pool.helpers.length + 1, n);
        run(parts, parts, (from, to, part) -> {
            for (int i; (i = next.getAndIncrement()) < n; ) out[i] = f.apply(i);
        });
        @SuppressWarnings("unchecked")
        List<T> results = (List<T>) Arrays.asList(out);
        return results;
    }

    /** One share of a split loop: items [from, to), the {@code part}-th of the parts (0 runs on the caller). */
    interface Part {
        void run(int from, int to, int part);
    }

    /** How many parts {@link #run} should split {@code items} items of about {@code workPerItem} multiply-adds into. */
    static int parts(int items, long workPerItem) {
        int threads = pool.helpers.length + 1;
        return (int) Math.max(1, Math.min(Math.min(threads, items), items * workPerItem / MIN_WORK_PER_THREAD));
    }

    /**
     * Runs {@code body} over [0, items) in {@code parts} contiguous shares, the caller taking the first. While
     * another caller's loop holds the helpers, this one runs whole on its own thread.
     */
    static void run(int parts, int items, Part body) {
        Pool p = pool;
        parts = Math.min(parts, p.helpers.length + 1);
        if (parts <= 1 || !p.busy.compareAndSet(false, true)) {
            body.run(0, items, 0);
            return;
        }
        try {
            for (int k = 1; k < parts; k++) p.helpers[k - 1].post(body, items * k / parts, items * (k + 1) / parts, k);
            Throwable failure = null;
            try {
                body.run(0, items / parts, 0);
            } catch (Throwable t) {
                failure = t;
            }
            for (int k = 1; k < parts; k++) {
                Throwable t = p.helpers[k - 1].await();
                if (failure == null) failure = t;
            }
            if (failure instanceof RuntimeException r) throw r;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException("a split loop failed", failure);
        } finally {
            p.busy.set(false);
        }
    }

    /** y[rows, out] = x[rows, in] w[out, in]^T, the panels split over the pool when the product is large. */
    static void matmul(float[] x, int rows, VectorMath.Packed w, float[] y) {
        int panels = w.panelCount();
        run(parts(panels, (long) rows * w.in() * VectorMath.PANEL), panels,
                (from, to, part) -> VectorMath.matmul(x, rows, w, y, from, to));
    }

    /** threads - 1 helpers and the flag that lends them to one split loop at a time. */
    private static final class Pool {
        final Helper[] helpers;
        final AtomicBoolean busy = new AtomicBoolean();

        Pool(int threads) {
            helpers = new Helper[threads - 1];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Helper("inferlab-matmul-" + (i + 1));
                helpers[i].start();
            }
        }

        /**
         * Takes the busy flag for good, waiting for a loop under way to finish: a caller that still holds this pool
         * then runs its loops alone instead of posting to a helper that has stopped.
         */
        void stop() {
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait();
            for (Helper h : helpers) h.stopping = true;
            for (Helper h : helpers) LockSupport.unpark(h);
        }
    }

    /**
     * A thread that runs one posted share at a time. Counters, not queues: the caller posts share n by writing
     * {@code posted = n} and waits until {@code done = n}. Whoever is about to park first announces it in a
     * volatile field and checks again; the other side reads that field after its own write, so one of the two
     * always sees the other and no wake-up is lost.
     */
    private static final class Helper extends Thread {
        private volatile long posted;
        private volatile long done;
        private volatile boolean sleeping;
        private volatile Thread waiter;
        private volatile boolean stopping;
        // written before the volatile write of posted, read after the volatile read of it
        private Part body;
        private int from, to, part;
        private Throwable failure;

        Helper(String name) {
            super(name);
            setDaemon(true);
        }

        void post(Part body, int from, int to, int part) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.part = part;
            this.failure = null;
            posted = posted + 1; // one poster at a time (the pool's busy flag)
            if (sleeping) LockSupport.unpark(this);
        }

        /** Waits for the share posted last; its failure, or null. */
        Throwable await() {
            long n = posted;
            long until = System.nanoTime() + SPIN_NANOS;
            while (done != n) {
                if (System.nanoTime() < until) {
                    Thread.onSpinWait();
                    continue;
                }
                waiter = Thread.currentThread();
                if (done != n) LockSupport.park(this);
                waiter = null;
            }
            return failure;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long until = System.nanoTime() + SPIN_NANOS;
                while (posted == seen) {
                    if (stopping) return;
                    if (System.nanoTime() < until) {
                        Thread.onSpinWait();
                        continue;
                    }
                    sleeping = true;
                    if (posted == seen && !stopping) LockSupport.park(this);
                    sleeping = false;
                }
                seen = posted;
                try {
                    body.run(from, to, part);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }
    }
}
