package inferlab.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a template into text and the tokens inside its tags, with the whitespace rules of the environment
 * transformers renders chat templates in: {@code trim_blocks} (a block or comment tag eats the one newline after
 * it), {@code lstrip_blocks} (spaces and tabs between the start of a line and a block or comment tag are dropped,
 * unless the tag opens with {@code +}), {@code -} beside a delimiter (all whitespace on that side is dropped), and
 * one trailing newline of the template dropped ({@code keep_trailing_newline=False}).
 */
final class Lexer {
    enum Kind { TEXT, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    record Token(Kind kind, String text, int line) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean isName(String t) {
            return is(Kind.NAME, t);
        }

        boolean isOp(String t) {
            return is(Kind.OP, t);
        }
    }

    private static final String[] OPERATORS = {"**", "//", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">",
            "=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|"};

    private final String src;
    private final int[] newlines;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        this.src = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        this.newlines = IntStream.range(0, src.length()).filter(i -> src.charAt(i) == '\n').toArray();
    }

    static List<Token> tokenize(String source) {
        Lexer l = new Lexer(source);
        l.run();
        return l.tokens;
    }

    private void run() {
        boolean stripNext = false; // the previous tag ended with '-'
        boolean lineStarting = true; // the previous tag's text ended with a newline (or this is the start)
        while (pos < src.length()) {
            int at = nextTag(pos);
            String text = src.substring(pos, at);
            if (stripNext) text = Python.strip(text, null, true, false);
            if (at == src.length()) {
                text(text);
                break;
            }
            char kind = src.charAt(at + 1);
            char marker = at + 2 < src.length() ? src.charAt(at + 2) : ' ';
            if (marker == '-') {
                text = Python.strip(text, null, false, true);
            } else if (kind != '{' && marker != '+') {
                int lineStart = text.lastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && text.substring(lineStart).chars().allMatch(Python::isSpace)) {
                    text = text.substring(0, lineStart);
                }
            }
            text(text);
            pos = at + 2 + (marker == '-' || marker == '+' ? 1 : 0);
            boolean stripped;
            if (kind == '#') {
                int end = src.indexOf("#}", pos);
                if (end < 0) throw error("the comment is not closed");
                stripped = src.charAt(end - 1) == '-' && end - 1 >= pos;
                pos = end + 2;
                if (!stripped && src.charAt(end - 1) != '+') pos = trimNewline(pos);
            } else {
                boolean block = kind == '%';
                tokens.add(new Token(block ? Kind.BLOCK_BEGIN : Kind.VAR_BEGIN, "", line(pos)));
                stripped = inside(block);
            }
            stripNext = stripped;
            // as Jinja's lexer: a line starts after a tag whose matched end (with the whitespace it ate) ends a line
            int end = pos;
            if (stripped) while (end < src.length() && Python.isSpace(src.charAt(end))) end++;
            lineStarting = src.charAt(end - 1) == '\n';
        }
        tokens.add(new Token(Kind.EOF, "", line(src.length())));
    }

    private int nextTag(int from) {
        for (int i = from; i + 1 < src.length(); i++) {
            char c = src.charAt(i + 1);
            if (src.charAt(i) == '{' && (c == '{' || c == '%' || c == '#')) return i;
        }
        return src.length();
    }

    private void text(String text) {
        if (!text.isEmpty()) tokens.add(new Token(Kind.TEXT, text, line(pos)));
    }

    /** Tokens up to the tag's end; true when the end asks ({@code -}) to drop the whitespace after it. */
    private boolean inside(boolean block) {
        int depth = 0;
        while (true) {
            while (pos < src.length() && Python.isSpace(src.charAt(pos))) pos++;
            if (pos >= src.length()) throw error("the tag is not closed");
            String close = block ? "%}" : "}}";
            if (depth == 0) {
                for (String marker : new String[] {"-", "+", ""}) {
                    if (src.startsWith(marker + close, pos) && !(marker.equals("+") && !block)) {
                        pos += marker.length() + 2;
                        tokens.add(new Token(block ? Kind.BLOCK_END : Kind.VAR_END, "", line(pos)));
                        if (block && marker.isEmpty()) pos = trimNewline(pos);
                        return marker.equals("-");
                    }
                }
            }
            char c = src.charAt(pos);
            if (c == '\'' || c == '"') {
                string(c);
            } else if (Character.isDigit(c)) {
                number();
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
                tokens.add(new Token(Kind.NAME, src.substring(start, pos), line(start)));
            } else {
                String op = null;
                for (String o : OPERATORS) {
                    if (src.startsWith(o, pos)) {
                        op = o;
                        break;
                    }
                }
                if (op == null) throw error("unexpected character '" + c + "'");
                if ("([{".contains(op)) depth++;
                if (")]}".contains(op)) depth--;
                pos += op.length();
                tokens.add(new Token(Kind.OP, op, line(pos)));
            }
        }
    }

    private int trimNewline(int p) {
        return p < src.length() && src.charAt(p) == '\n' ? p + 1 : p;
    }

    private void number() {
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        boolean isFloat = false;
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int p = pos + 1;
            if (p < src.length() && (src.charAt(p) == '+' || src.charAt(p) == '-')) p++;
            if (p < src.length() && Character.isDigit(src.charAt(p))) {
                isFloat = true;
                pos = p;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
            }
        }
        tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INT, src.substring(start, pos).replace("_", ""), line(start)));
    }

    /** A string literal, its escapes read as Python's {@code unicode-escape} codec reads them (as Jinja does). */
    private void string(char quote) {
        int start = pos;
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length()) throw error("the string is not closed");
            char c = src.charAt(pos++);
            if (c == quote) break;
            if (c != '\\' || pos >= src.length()) {
                b.append(c);
                continue;
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'v' -> b.append('\u000b');
                case '\\', '\'', '"' -> b.append(e);
                case '\n' -> { } // a backslash before a newline joins the lines
                case 'x' -> b.appendCodePoint(hex(2));
                case 'u' -> b.appendCodePoint(hex(4));
                case 'U' -> b.appendCodePoint(hex(8));
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        for (int k = 0; k < 2 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7'; k++) {
                            v = v * 8 + (src.charAt(pos++) - '0');
                        }
                        b.append((char) v);
                    } else {
                        b.append('\\').append(e);
                    }
                }
            }
        }
        tokens.add(new Token(Kind.STRING, b.toString(), line(start)));
    }

    private int hex(int digits) {
        if (pos + digits > src.length()) throw error("a truncated \\x, \\u or \\U escape");
        try {
            int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("a malformed \\x, \\u or \\U escape");
        }
    }

    /** The 1-based line of position {@code p}. */
    private int line(int p) {
        int at = Arrays.binarySearch(newlines, p);
        return 1 + (at >= 0 ? at : -at - 1);
    }

    private TemplateException error(String what) {
        return new TemplateException(what + " (template line " + line(pos) + ")");
    }
}
