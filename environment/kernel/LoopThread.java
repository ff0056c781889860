package org.rapaio.jupyter.kernel.channels;

import java.util.concurrent.CountDownLatch;

/**
 * Replaces rapaio-jupyter-kernel 3.0.1's class of the same name (this one comes first on the kernel's class
 * path), fixing the two races that made about one kernel start in six hang.
 *
 * <p>The shell, control and heartbeat channels each poll their socket in a {@code LoopThread}, started as
 * {@code Channels.connect} binds them. The original sets its {@code running} flag only after
 * {@code Thread.start()} returns, while the new thread's loop tests the flag first: when the new thread runs
 * before its starter resumes, which a loaded machine makes likely, the loop sees {@code false}, returns,
 * and the channel is deaf for good. Thread dumps of hung kernels show exactly that: one or more of the three
 * loop threads missing. Here the flag is true from construction.
 *
 * <p>Second, {@code connect} creates and fills its message-handler map only after binding: a request read
 * before then finds no map (the thread dies of a NullPointerException) or an empty one (the request is
 * dropped). So the loops here start polling only once {@link #connected()} is called, after
 * {@code connect} has returned; requests wait in their sockets until then.
 */
public final class LoopThread extends Thread {
    private static final CountDownLatch CONNECTED = new CountDownLatch(1);

    private volatile boolean running = true;
    private final long sleepMillis;
    private final Runnable body;

    public LoopThread(String name, long sleepMillis, Runnable body) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.body = body;
    }

    /** Lets every loop start polling: the kernel's handlers are in place. */
    public static void connected() {
        CONNECTED.countDown();
    }

    @Override
    public void run() {
        try {
            CONNECTED.await();
            while (running) {
                body.run();
                Thread.sleep(sleepMillis);
            }
        } catch (InterruptedException e) {
            // shut down
        }
    }

    public void shutdown() {
        running = false;
    }
}
