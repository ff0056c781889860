package inferlab.serve;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A response body that gives up on a server gone quiet. The request timeout of {@code java.net.http} ends when the
 * response headers arrive, so a server that stalls in the middle of a body (a stream that stops, a hung engine
 * behind a live proxy) would block its reader forever. A read that waits longer than {@code idle} closes the
 * stream, which ends that read with an {@link HttpTimeoutException}.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledThreadPoolExecutor WATCHDOG = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "http-idle-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        WATCHDOG.setRemoveOnCancelPolicy(true); // one alarm per read: cancelled ones must not pile up for `idle`
    }

    private final Duration idle;
    private volatile boolean expired;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        super(in);
        this.idle = idle;
    }

    @Override
    public int read() throws IOException {
        ScheduledFuture<?> alarm = arm();
        try {
            return super.read();
        } catch (IOException e) {
            throw expired ? timeout() : e;
        } finally {
            alarm.cancel(false);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        ScheduledFuture<?> alarm = arm();
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw expired ? timeout() : e;
        } finally {
            alarm.cancel(false);
        }
    }

    private ScheduledFuture<?> arm() throws IOException {
        if (expired) throw timeout();
        return WATCHDOG.schedule(() -> {
            expired = true;
            try {
                in.close(); // ends the blocked read
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }, idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpTimeoutException timeout() {
        return new HttpTimeoutException("no data for " + OpenAiClient.seconds(idle));
    }
}
