package org.rapaio.jupyter.kernel.channels;

/**
 * Replaces rapaio-jupyter-kernel 3.0.1's class of the same name (this one comes first on the kernel's class
 * path), which is why the kernel failed to answer about one start in six.
 *
 * <p>The shell, control and heartbeat channels each poll their socket in a {@code LoopThread}. The original
 * sets its {@code running} flag only after {@code Thread.start()} returns, while the new thread's loop
 * tests the flag first: when the new thread runs before its starter resumes, which a loaded machine makes
 * likely, the loop sees {@code false}, returns, and the channel is deaf for good. Thread dumps of hung
 * kernels show exactly that: one or more of the three loop threads missing. Here the flag is true from
 * construction, so the loop runs until {@link #shutdown()} or an interrupt.
 */
public final class LoopThread extends Thread {
    private volatile boolean running = true;
    private final long sleepMillis;
    private final Runnable body;

    public LoopThread(String name, long sleepMillis, Runnable body) {
        super(name);
        this.sleepMillis = sleepMillis;
        this.body = body;
    }

    @Override
    public void run() {
        while (running) {
            body.run();
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void shutdown() {
        running = false;
    }
}
