package inferlab.serve;

/** A remote model could not answer; the message says why and never holds the API key. */
public final class RemoteModelException extends RuntimeException {
    public RemoteModelException(String message) {
        super(message);
    }
}
