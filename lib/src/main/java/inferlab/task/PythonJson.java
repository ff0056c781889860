package inferlab.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code json.loads} (strict, the default), as far as the course's grader depends on it: one JSON
 * value with only JSON whitespace around it; also {@code NaN}, {@code Infinity} and {@code -Infinity}, which
 * Python accepts. Values as {@link PythonLiteral} yields them: numbers and booleans {@code Double}, strings
 * {@code String}, arrays {@code List}, null {@code Other("None")}, objects {@link Obj}.
 */
final class PythonJson {
    /** A JSON object; the course reads its keys, last duplicate wins as in Python. */
    record Obj(Map<String, Object> fields) {}

    /** An integer literal Python's json refuses with an uncaught ValueError (more than 4300 digits). */
    static final class TooLong extends RuntimeException {
        TooLong() {
            super("integer of more than 4300 digits", null, false, false);
        }
    }

    private final String s;
    private int at;

    private PythonJson(String s) {
        this.s = s;
    }

    /** The value, or null if json.loads raises JSONDecodeError; throws {@link TooLong} where it raises ValueError. */
    static Object read(String text) {
        PythonJson p = new PythonJson(text);
        try {
            Object v = p.value();
            p.space();
            return p.at == text.length() ? v : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private void space() {
        while (at < s.length() && " \t\n\r".indexOf(s.charAt(at)) >= 0) at++;
    }

    private Object value() {
        space();
        char c = s.charAt(at);
        if (c == '{') {
            at++;
            Map<String, Object> m = new LinkedHashMap<>();
            space();
            if (s.charAt(at) == '}') { at++; return new Obj(m); }
            while (true) {
                space();
                if (s.charAt(at) != '"') throw new IllegalArgumentException("key");
                String k = string();
                space();
                if (s.charAt(at++) != ':') throw new IllegalArgumentException(":");
                m.put(k, value());
                space();
                char d = s.charAt(at++);
                if (d == '}') return new Obj(m);
                if (d != ',') throw new IllegalArgumentException(",");
            }
        }
        if (c == '[') {
            at++;
            List<Object> out = new ArrayList<>();
            space();
            if (s.charAt(at) == ']') { at++; return out; }
            while (true) {
                out.add(value());
                space();
                char d = s.charAt(at++);
                if (d == ']') return out;
                if (d != ',') throw new IllegalArgumentException(",");
            }
        }
        if (c == '"') return string();
        for (String word : new String[] {"true", "false", "null", "NaN", "Infinity", "-Infinity"}) {
            if (s.startsWith(word, at)) {
                at += word.length();
                return switch (word) {
                    case "true" -> 1.0;
                    case "false" -> 0.0;
                    case "null" -> new PythonLiteral.Other("None", true);
                    case "NaN" -> Double.NaN;
                    case "Infinity" -> Double.POSITIVE_INFINITY;
                    default -> Double.NEGATIVE_INFINITY;
                };
            }
        }
        Matcher m = NUMBER.matcher(s).region(at, s.length());
        if (!m.lookingAt()) throw new IllegalArgumentException("value");
        at = m.end();
        if (m.group(2) == null && m.group(3) == null && m.group(1).replace("-", "").length() > 4300) throw new TooLong();
        return Double.parseDouble(m.group()) + 0.0;
    }

    private static final Pattern NUMBER = Pattern.compile("(-?(?:0|[1-9][0-9]*))(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    private String string() {
        StringBuilder sb = new StringBuilder();
        at++;
        while (true) {
            char c = s.charAt(at++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw new IllegalArgumentException("control character in a string");
            if (c == '\\') {
                char e = s.charAt(at++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape");
                }
            } else sb.append(c);
        }
    }
}
