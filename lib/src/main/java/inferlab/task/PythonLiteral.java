package inferlab.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Python literal made of lists, tuples, numbers and quoted strings (what a model writes inside
 * {@code submit_paths(...)}): lists and tuples become {@code List<Object>}, numbers {@code Double}, strings
 * {@code String}. Anything else (names, arithmetic, calls) is not a literal: {@link #read} returns null.
 */
final class PythonLiteral {
    private final String s;
    private int at;

    private PythonLiteral(String s) {
        this.s = s;
    }

    /** The value of {@code text}, or null if it is not exactly one such literal. */
    static Object read(String text) {
        PythonLiteral p = new PythonLiteral(text);
        try {
            Object v = p.value();
            p.skipSpace();
            return p.at == text.length() ? v : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Object value() {
        skipSpace();
        if (at >= s.length()) throw new IllegalArgumentException("end of text");
        char c = s.charAt(at);
        if (c == '[') return sequence(']');
        if (c == '(') return sequence(')');
        if (c == '"' || c == '\'') return string(c);
        return number();
    }

    /** Elements separated by commas, a trailing comma allowed; "(x)" without a comma is just x. */
    private Object sequence(char close) {
        at++;
        List<Object> out = new ArrayList<>();
        boolean comma = false;
        while (true) {
            skipSpace();
            if (at < s.length() && s.charAt(at) == close) {
                at++;
                return close == ')' && out.size() == 1 && !comma ? out.get(0) : out;
            }
            if (!out.isEmpty() && !comma) throw new IllegalArgumentException("expected ',' at " + at);
            out.add(value());
            skipSpace();
            comma = at < s.length() && s.charAt(at) == ',';
            if (comma) at++;
        }
    }

    private String string(char quote) {
        StringBuilder sb = new StringBuilder();
        for (at++; at < s.length(); at++) {
            char c = s.charAt(at);
            if (c == quote) {
                at++;
                return sb.toString();
            }
            if (c == '\\' && at + 1 < s.length()) c = s.charAt(++at);
            sb.append(c);
        }
        throw new IllegalArgumentException("unclosed string");
    }

    private Double number() {
        int start = at;
        if (at < s.length() && (s.charAt(at) == '-' || s.charAt(at) == '+')) at++;
        while (at < s.length() && (Character.isDigit(s.charAt(at)) || ".eE_".indexOf(s.charAt(at)) >= 0
                || (s.charAt(at) == '-' || s.charAt(at) == '+') && "eE".indexOf(s.charAt(at - 1)) >= 0)) at++;
        String t = s.substring(start, at).replace("_", "");
        if (t.isEmpty() || t.equals("-") || t.equals("+")) throw new IllegalArgumentException("expected a value at " + start);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void skipSpace() {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
    }
}
