package inferlab;

/**
 * A failure's reason in words for a user: Gson and Jetty wrap their exceptions so that a message reads
 * {@code java.io.EOFException: End of input at line 1 ...} or ends in a link to Gson's troubleshooting page; what the
 * user needs is the innermost message ("End of input at line 1 column 12").
 */
public final class Errors {
    private Errors() {}

    /** The innermost cause's message, without class-name prefixes or Gson's "See https://..." line. */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        if (m == null || m.isBlank()) return root.getClass().getSimpleName();
        m = m.replaceAll("(?s)\\s*See https://\\S+.*$", ""); // Gson's troubleshooting link
        m = m.replaceAll("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", ""); // a wrapped class name
        m = m.replaceAll("Use JsonReader\\.setStrictness\\(\\S+\\) to accept malformed JSON", "malformed JSON");
        m = m.replaceAll("com\\.google\\.gson\\.Json(Object|Array|Primitive|Null)", "JSON $1").replace("JSON Primitive", "JSON value");
        return m.strip();
    }
}
