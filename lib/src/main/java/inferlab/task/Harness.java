package inferlab.task;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Replays the shared task's load against a {@link CompletionModel}: requests arrive in batches on a
 * {@link PoissonSchedule} (drawn, or read from a file in the course's schema), at most {@code concurrency} are in flight (a fixed pool; the rest wait in its
 * queue, and their latency includes the wait), and the run ends when the time window closes. Requests due
 * after the window are not sent; answers that come after it do not count.
 *
 * <p>Each request is the item's prompt alone (the task is not named), {@code max_tokens}, stop string
 * {@code "\nQ:"}, temperature 0 and a per-request seed; the system decides how to decode. The answer text is
 * graded by {@link SharedTask#grade}.
 */
public final class Harness {
    /** The course's cap on concurrent requests. */
    public static final int MAX_CONCURRENCY = 300;
    /** Stop string sent with each request: a model that goes on writes the next question. */
    public static final String STOP = "\nQ:";
    public static final String NOT_SENT = "not sent: due after the window closed";
    public static final String LATE = "not served within the window";

    private Harness() {}

    /**
     * Runs {@code task}'s stream against {@code model}, recorded under the name {@code system};
     * {@code progress} (nullable) gets a progress bar.
     */
    public static SharedTaskResult run(String system, CompletionModel model, SharedTask task,
                                       SharedTaskResult.Load load, PrintStream progress) {
        PoissonSchedule schedule = PoissonSchedule.of(load.rate(), load.maxBatch(), task.items().size(), new Random(load.seed()));
        return run(system, model, task, load, schedule, progress);
    }

    /**
     * Runs the first {@code schedule.requests()} items of {@code task}'s stream on a given schedule (a replayed
     * file, {@link PoissonSchedule#read}) instead of one drawn from {@code load}'s rate and batch size.
     *
     * @throws IllegalArgumentException when the schedule asks for more requests than the stream has items
     */
    public static SharedTaskResult run(String system, CompletionModel model, SharedTask task,
                                       SharedTaskResult.Load load, PoissonSchedule schedule, PrintStream progress) {
        if (schedule.requests() > task.items().size()) {
            throw new IllegalArgumentException("the schedule has " + schedule.requests() + " requests but the stream only "
                    + task.items().size() + " items");
        }
        List<Item> items = task.items().subList(0, schedule.requests());
        int n = items.size();
        AtomicReferenceArray<SharedTaskResult.Request> outcomes = new AtomicReferenceArray<>(n);
        double[] due = new double[n];
        ProgressBar bar = new ProgressBar(progress, n);
        ExecutorService pool = Executors.newFixedThreadPool(load.concurrency(), r -> {
            Thread t = new Thread(r, "shared-task-client");
            t.setDaemon(true); // an in-process model that ignores interrupts must not keep the JVM alive
            return t;
        });
        long start = System.nanoTime();
        long deadline = start + (long) (load.windowSeconds() * 1e9);
        int sent = 0;
        try {
            for (PoissonSchedule.Arrival a : schedule.arrivals()) {
                long at = start + (long) (a.seconds() * 1e9);
                if (at >= deadline || !sleepUntil(at)) break;
                for (int k = 0; k < a.size(); k++) {
                    int i = sent++;
                    due[i] = a.seconds();
                    pool.execute(() -> {
                        SharedTaskResult.Request r = answer(model, task, items.get(i), a.seconds(), at, deadline,
                                load.maxTokens(), load.seed() + i);
                        outcomes.set(i, r);
                        bar.done(r.served());
                    });
                }
            }
            pool.shutdown();
            awaitUntil(pool, deadline);
        } finally {
            pool.shutdownNow(); // cancels queued requests and interrupts running ones
            awaitUntil(pool, System.nanoTime() + 30_000_000_000L); // in-flight work finishes or is abandoned
        }
        bar.finish();
        double lastAnswer = 0;
        List<SharedTaskResult.Request> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SharedTaskResult.Request r = outcomes.get(i);
            if (r == null) {
                Item item = items.get(i);
                r = new SharedTaskResult.Request(item.id(), item.task(), i < sent ? due[i] : Double.NaN, false, null,
                        0, Double.NaN, 0, 0, i < sent ? LATE : NOT_SENT);
            }
            if (r.served()) lastAnswer = Math.max(lastAnswer, r.arrival() + r.latency());
            requests.add(r);
        }
        double seconds = Math.min(load.windowSeconds(), lastAnswer);
        return new SharedTaskResult(system, task.split(), task.courseRule(), load,
                SharedTaskResult.summarize(requests, seconds), requests);
    }

    private static SharedTaskResult.Request answer(CompletionModel model, SharedTask task, Item item, double arrival,
                                                   long arrivedAt, long deadline, int maxTokens, long seed) {
        CompletionRequest request = new CompletionRequest(item.prompt(), maxTokens, 0, 1, 0, 0, seed, List.of(STOP),
                1, null, false);
        try {
            Completion c = model.complete(request);
            long now = System.nanoTime();
            if (now > deadline) {
                return new SharedTaskResult.Request(item.id(), item.task(), arrival, false, null, 0, Double.NaN,
                        0, 0, LATE);
            }
            String text = c.text();
            return new SharedTaskResult.Request(item.id(), item.task(), arrival, true, text,
                    task.grade(item, text).value(), (now - arrivedAt) / 1e9, c.promptTokens(), c.completionTokens(), null);
        } catch (RuntimeException e) {
            boolean late = System.nanoTime() > deadline;
            return new SharedTaskResult.Request(item.id(), item.task(), arrival, false, null, 0, Double.NaN, 0, 0,
                    late ? LATE : "error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Sleeps until {@code nanoTime() >= at}; false if interrupted. */
    private static boolean sleepUntil(long at) {
        try {
            for (long left; (left = at - System.nanoTime()) > 0; ) TimeUnit.NANOSECONDS.sleep(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitUntil(ExecutorService pool, long at) {
        try {
            pool.awaitTermination(Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code [#######.......] 42/120 served (3 not served) 12.3 s} on one line, redrawn at most 10 times a second. */
    private static final class ProgressBar {
        private final PrintStream out;
        private final int total;
        private final long start = System.nanoTime();
        private final AtomicInteger served = new AtomicInteger(), failed = new AtomicInteger();
        private long lastDraw;

        ProgressBar(PrintStream out, int total) {
            this.out = out;
            this.total = total;
        }

        void done(boolean ok) {
            (ok ? served : failed).incrementAndGet();
            draw(false);
        }

        synchronized void draw(boolean force) {
            if (out == null) return;
            long now = System.nanoTime();
            if (!force && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            int width = 30, s = served.get(), f = failed.get();
            int filled = total == 0 ? width : (int) ((long) width * (s + f) / total);
            out.print(String.format(Locale.ROOT, "\r[%s%s] %d/%d served (%d not served) %.1f s",
                    "#".repeat(filled), ".".repeat(width - filled), s, total, f, (now - start) / 1e9));
            out.flush();
        }

        void finish() {
            if (out == null) return;
            draw(true);
            out.println();
        }
    }
}
