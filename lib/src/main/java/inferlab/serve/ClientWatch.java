package inferlab.serve;

import java.io.IOException;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices a client that closes its connection while its answer is being generated. Jetty reads nothing from an
 * HTTP/1.1 connection while a request is handled, so the close of a client that gave up on a plain (not streamed)
 * answer, after a client-side timeout say, went unnoticed: its sequences ran to {@code max_tokens} in batch slots
 * others waited for. The watch asks the connection to report when it is readable and reads: end of input means the
 * client left ({@code onGone} runs). Bytes instead are a request pipelined after a POST, which clients should not
 * send; the watch ends having read its first byte, so the connection must close after the answer (which tells the
 * client to send that request again) or, when the answer has begun, Jetty answers the rest with an error.
 *
 * <p>{@link #stop} must run before the answer's last write: once the client has its answer it may send the next
 * request, which is Jetty's to read.
 */
final class ClientWatch implements Callback {
    private final AbstractEndPoint endPoint;
    private final Runnable onGone;
    private boolean registered;
    private boolean over;
    private boolean tookByte;

    private ClientWatch(AbstractEndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    /** Watches {@code endPoint}, whose request has been read whole; null when it is not a kind that can be watched. */
    static ClientWatch start(EndPoint endPoint, Runnable onGone) {
        if (!(endPoint instanceof AbstractEndPoint e)) return null;
        ClientWatch w = new ClientWatch(e, onGone);
        w.register();
        return w;
    }

    private synchronized void register() {
        if (!over) registered = endPoint.tryFillInterested(this);
    }

    /** Ends the watch, after which it reads nothing more; true when it read a byte of the client's next request. */
    synchronized boolean stop() {
        if (!over && registered) endPoint.getFillInterest().onFail(new IOException("the answer is being written"));
        over = true;
        return tookByte;
    }

    @Override
    public void succeeded() {
        boolean gone;
        synchronized (this) { // under the lock: stop() cannot let Jetty read for the next request meanwhile
            registered = false;
            if (over) return;
            try {
                int n = endPoint.fill(BufferUtil.allocate(1));
                if (n == 0) {
                    register();
                    return;
                }
                gone = n < 0;
                tookByte = n > 0;
            } catch (IOException e) { // a reset connection
                gone = true;
            }
            over = true;
        }
        if (gone) onGone.run();
    }

    @Override
    public void failed(Throwable x) {
        synchronized (this) {
            registered = false;
            if (over) return;
            over = true;
        }
        if (!endPoint.isOpen()) onGone.run();
    }
}
