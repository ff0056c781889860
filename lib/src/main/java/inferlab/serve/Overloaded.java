package inferlab.serve;

/** The engine's queue is full: the request is refused before any work is done, and can be retried later. */
public final class Overloaded extends RuntimeException {
    public Overloaded(String message) {
        super(message);
    }
}
