package inferlab.serve;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that keeps sending without ever completing a request head (slowloris). Jetty's idle timeout
 * counts silence only, so a client sending a byte of header now and then held its connection for good, and
 * {@link OpenAiServer.Limits#maxConnections} such clients locked every other client out. Each {@code period} the
 * connection is looked at: between requests (as many answered as received), having received bytes but no new
 * request head over two periods in a row, it is closed. A request being answered, or a connection merely silent (the
 * idle timeout's business), is left alone; so is a head split across one look, which completes in the next period.
 */
final class HeadDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final long periodMillis;

    HeadDeadline(Scheduler scheduler, Duration period) {
        this.scheduler = scheduler;
        this.periodMillis = period.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        new Look(connection).next();
    }

    private final class Look implements Runnable {
        private final Connection connection;
        private long requests, answers, bytes;
        private int stalled;

        Look(Connection connection) {
            this.connection = connection;
        }

        void next() {
            scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            if (!connection.getEndPoint().isOpen()) return;
            long r = connection.getMessagesIn(), a = connection.getMessagesOut(), b = connection.getBytesIn();
            boolean sendingNoHead = r == requests && a == answers && r == a && b > bytes;
            stalled = sendingNoHead ? stalled + 1 : 0;
            requests = r;
            answers = a;
            bytes = b;
            if (stalled >= 2) connection.getEndPoint().close();
            else next();
        }
    }
}
