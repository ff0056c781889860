package inferlab.jinja;

/** A template that cannot be parsed or rendered, or one that raised an error on purpose ({@code raise_exception}). */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
