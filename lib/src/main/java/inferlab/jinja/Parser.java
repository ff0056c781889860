package inferlab.jinja;

import inferlab.jinja.Lexer.Kind;
import inferlab.jinja.Lexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recursive descent over {@link Lexer}'s tokens, with Jinja's operator precedence (loosest first: {@code if else},
 * {@code or}, {@code and}, {@code not}, comparisons, {@code + -}, {@code ~}, {@code * / // %}, {@code **}, unary
 * {@code -}, then postfix: attribute, subscript, call, filter, test). */
final class Parser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");

    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        Parser p = new Parser(Lexer.tokenize(source));
        List<Node> nodes = p.body(Set.of());
        if (p.peek().kind() != Kind.EOF) throw p.error("unexpected '" + p.peek().text() + "'");
        return nodes;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean skipOp(String op) {
        if (!peek().isOp(op)) return false;
        pos++;
        return true;
    }

    private boolean skipName(String name) {
        if (!peek().isName(name)) return false;
        pos++;
        return true;
    }

    private void expectOp(String op) {
        if (!skipOp(op)) throw error("expected '" + op + "', found " + describe(peek()));
    }

    private void expect(Kind kind) {
        if (peek().kind() != kind) throw error("expected the end of the tag, found " + describe(peek()));
        pos++;
    }

    private String name() {
        if (peek().kind() != Kind.NAME) throw error("expected a name, found " + describe(peek()));
        return next().text();
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the template";
            case BLOCK_END, VAR_END -> "the end of the tag";
            default -> "'" + t.text() + "'";
        };
    }

    private TemplateException error(String what) {
        return new TemplateException(what + " (template line " + peek().line() + ")");
    }

    /** Nodes up to a block tag named in {@code ends} (left unread, after its '{%') or the end of the template. */
    private List<Node> body(Set<String> ends) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = peek();
            switch (t.kind()) {
                case EOF -> {
                    if (!ends.isEmpty()) throw error("missing " + String.join(" or ", ends.stream().sorted().toList()));
                    return nodes;
                }
                case TEXT -> nodes.add(new Node.Text(next().text()));
                case VAR_BEGIN -> {
                    next();
                    nodes.add(new Node.Output(expression()));
                    expect(Kind.VAR_END);
                }
                case BLOCK_BEGIN -> {
                    if (peek(1).kind() == Kind.NAME && ends.contains(peek(1).text())) {
                        next();
                        return nodes;
                    }
                    next();
                    statement(nodes, ends);
                }
                default -> throw error("unexpected " + describe(t));
            }
        }
    }

    private void statement(List<Node> nodes, Set<String> ends) {
        String tag = name();
        switch (tag) {
            case "if" -> nodes.add(ifTag());
            case "for" -> nodes.add(forTag());
            case "set" -> nodes.add(setTag());
            case "macro" -> nodes.add(macroTag());
            case "break" -> {
                expect(Kind.BLOCK_END);
                nodes.add(new Node.Break());
            }
            case "continue" -> {
                expect(Kind.BLOCK_END);
                nodes.add(new Node.Continue());
            }
            case "generation" -> { // transformers' marker of assistant text: renders its body as is
                expect(Kind.BLOCK_END);
                nodes.addAll(body(Set.of("endgeneration")));
                next();
                expect(Kind.BLOCK_END);
            }
            default -> throw error("unknown tag '" + tag + "'"
                    + (ends.isEmpty() ? "" : ", where " + String.join(" or ", ends.stream().sorted().toList()) + " was expected"));
        }
    }

    private Node ifTag() {
        List<Expr> tests = new ArrayList<>();
        List<List<Node>> bodies = new ArrayList<>();
        List<Node> otherwise = List.of();
        tests.add(expression());
        expect(Kind.BLOCK_END);
        while (true) {
            bodies.add(body(Set.of("elif", "else", "endif")));
            String tag = next().text();
            if (tag.equals("elif")) {
                tests.add(expression());
                expect(Kind.BLOCK_END);
            } else if (tag.equals("else")) {
                expect(Kind.BLOCK_END);
                otherwise = body(Set.of("endif"));
                next();
                expect(Kind.BLOCK_END);
                break;
            } else {
                expect(Kind.BLOCK_END);
                break;
            }
        }
        return new Node.If(tests, bodies, otherwise);
    }

    private Node forTag() {
        List<String> targets = targets();
        if (!skipName("in")) throw error("expected 'in', found " + describe(peek()));
        Expr iterable = tuple(false);
        Expr filter = skipName("if") ? expression() : null;
        if (peek().isName("recursive")) throw error("recursive loops are not supported");
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("else", "endfor"));
        List<Node> otherwise = List.of();
        if (next().text().equals("else")) {
            expect(Kind.BLOCK_END);
            otherwise = body(Set.of("endfor"));
            next();
        }
        expect(Kind.BLOCK_END);
        return new Node.For(targets, iterable, filter, body, otherwise);
    }

    private List<String> targets() {
        boolean paren = skipOp("(");
        List<String> names = new ArrayList<>(List.of(name()));
        while (skipOp(",")) {
            if (peek().kind() != Kind.NAME || peek().isName("in")) break;
            names.add(name());
        }
        if (paren) expectOp(")");
        return names;
    }

    private Node setTag() {
        if (peek().kind() == Kind.NAME && peek(1).isOp(".")) {
            String ns = name();
            next();
            String attr = name();
            expectOp("=");
            Expr value = tuple(true);
            expect(Kind.BLOCK_END);
            return new Node.Set(List.of(ns), attr, value);
        }
        List<String> targets = targets();
        if (targets.size() == 1 && peek().kind() == Kind.BLOCK_END) {
            next();
            List<Node> body = body(Set.of("endset"));
            next();
            expect(Kind.BLOCK_END);
            return new Node.SetBlock(targets.get(0), body);
        }
        expectOp("=");
        Expr value = tuple(true);
        expect(Kind.BLOCK_END);
        return new Node.Set(targets, null, value);
    }

    private Node macroTag() {
        String name = name();
        List<String> params = new ArrayList<>();
        List<Expr> defaults = new ArrayList<>();
        expectOp("(");
        while (!skipOp(")")) {
            if (!params.isEmpty()) expectOp(",");
            if (skipOp(")")) break;
            params.add(name());
            defaults.add(skipOp("=") ? expression() : null);
        }
        expect(Kind.BLOCK_END);
        List<Node> body = body(Set.of("endmacro"));
        next();
        if (peek().kind() == Kind.NAME) next(); // {% endmacro name %}
        expect(Kind.BLOCK_END);
        return new Node.Macro(name, params, defaults, body);
    }

    /** An expression, or several separated by commas as a tuple (the head of {@code for} and {@code set}). */
    private Expr tuple(boolean withConditional) {
        Expr first = withConditional ? expression() : or();
        if (!peek().isOp(",")) return first;
        List<Expr> items = new ArrayList<>(List.of(first));
        while (skipOp(",")) {
            if (peek().kind() == Kind.BLOCK_END || peek().isName("if")) break;
            items.add(withConditional ? expression() : or());
        }
        return new Expr.ListOf(items, true);
    }

    Expr expression() {
        Expr e = or();
        while (skipName("if")) {
            Expr test = or();
            Expr otherwise = skipName("else") ? expression() : null;
            e = new Expr.Conditional(e, test, otherwise);
        }
        return e;
    }

    private Expr or() {
        Expr e = and();
        while (skipName("or")) e = new Expr.Binary("or", e, and());
        return e;
    }

    private Expr and() {
        Expr e = not();
        while (skipName("and")) e = new Expr.Binary("and", e, not());
        return e;
    }

    private Expr not() {
        if (skipName("not")) return new Expr.Unary("not", not());
        return compare();
    }

    private Expr compare() {
        Expr first = sum();
        List<String> ops = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.OP && COMPARISONS.contains(t.text())) {
                next();
                ops.add(t.text());
            } else if (t.isName("in")) {
                next();
                ops.add("in");
            } else if (t.isName("not") && peek(1).isName("in")) {
                pos += 2;
                ops.add("not in");
            } else {
                break;
            }
            rest.add(sum());
        }
        return ops.isEmpty() ? first : new Expr.Compare(first, ops, rest);
    }

    private Expr sum() {
        Expr e = concat();
        while (peek().isOp("+") || peek().isOp("-")) e = new Expr.Binary(next().text(), e, concat());
        return e;
    }

    private Expr concat() {
        Expr e = product();
        while (skipOp("~")) e = new Expr.Binary("~", e, product());
        return e;
    }

    private Expr product() {
        Expr e = power();
        while (peek().isOp("*") || peek().isOp("/") || peek().isOp("//") || peek().isOp("%")) {
            e = new Expr.Binary(next().text(), e, power());
        }
        return e;
    }

    private Expr power() {
        Expr e = unary(true);
        while (skipOp("**")) e = new Expr.Binary("**", e, unary(true));
        return e;
    }

    private Expr unary(boolean withFilter) {
        Expr e;
        if (peek().isOp("-") || peek().isOp("+")) {
            String op = next().text();
            e = new Expr.Unary(op, unary(false));
        } else {
            e = postfix(primary());
        }
        return withFilter ? filters(e) : e;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Literal(true);
                    case "false", "False" -> new Expr.Literal(false);
                    case "none", "None" -> new Expr.Literal(null);
                    default -> new Expr.Name(t.text());
                };
            }
            case STRING -> {
                StringBuilder s = new StringBuilder(t.text());
                while (peek().kind() == Kind.STRING) s.append(next().text()); // adjacent literals join, as in Python
                return new Expr.Literal(s.toString());
            }
            case INT -> {
                try {
                    return new Expr.Literal(Long.parseLong(t.text()));
                } catch (NumberFormatException e) {
                    throw error("the integer " + t.text() + " is too large");
                }
            }
            case FLOAT -> {
                return new Expr.Literal(Double.parseDouble(t.text()));
            }
            case OP -> {
                switch (t.text()) {
                    case "(" -> {
                        if (skipOp(")")) return new Expr.ListOf(List.of(), true);
                        Expr e = expression();
                        if (skipOp(")")) return e;
                        List<Expr> items = new ArrayList<>(List.of(e));
                        while (skipOp(",")) {
                            if (peek().isOp(")")) break;
                            items.add(expression());
                        }
                        expectOp(")");
                        return new Expr.ListOf(items, true);
                    }
                    case "[" -> {
                        List<Expr> items = new ArrayList<>();
                        while (!skipOp("]")) {
                            if (!items.isEmpty()) {
                                expectOp(",");
                                if (skipOp("]")) break;
                            }
                            items.add(expression());
                        }
                        return new Expr.ListOf(items, false);
                    }
                    case "{" -> {
                        List<Expr> keys = new ArrayList<>();
                        List<Expr> values = new ArrayList<>();
                        while (!skipOp("}")) {
                            if (!keys.isEmpty()) {
                                expectOp(",");
                                if (skipOp("}")) break;
                            }
                            keys.add(expression());
                            expectOp(":");
                            values.add(expression());
                        }
                        return new Expr.DictOf(keys, values);
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        pos--;
        throw error("unexpected " + describe(t));
    }

    private Expr postfix(Expr e) {
        while (true) {
            if (skipOp(".")) {
                Token t = next();
                if (t.kind() == Kind.NAME) e = new Expr.Attr(e, t.text());
                else if (t.kind() == Kind.INT) e = new Expr.Item(e, new Expr.Literal(Long.parseLong(t.text())));
                else throw error("expected an attribute name after '.'");
            } else if (skipOp("[")) {
                e = subscript(e);
            } else if (peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    private Expr subscript(Expr obj) {
        Expr[] parts = new Expr[3];
        int part = 0;
        boolean slice = false;
        while (!skipOp("]")) {
            if (skipOp(":")) {
                slice = true;
                if (++part > 2) throw error("a slice has at most three parts");
            } else {
                if (parts[part] != null) throw error("expected ']' or ':'");
                parts[part] = expression();
            }
        }
        if (!slice) {
            if (parts[0] == null) throw error("an empty subscript");
            return new Expr.Item(obj, parts[0]);
        }
        return new Expr.Slice(obj, parts[0], parts[1], parts[2]);
    }

    private Expr.Call call(Expr fn) {
        List<Expr> args = new ArrayList<>();
        Map<String, Expr> kwargs = new LinkedHashMap<>();
        arguments(args, kwargs);
        return new Expr.Call(fn, args, kwargs);
    }

    private void arguments(List<Expr> args, Map<String, Expr> kwargs) {
        expectOp("(");
        boolean first = true;
        while (!skipOp(")")) {
            if (!first) {
                expectOp(",");
                if (skipOp(")")) break;
            }
            first = false;
            if (peek().kind() == Kind.NAME && peek(1).isOp("=")) {
                String key = next().text();
                next();
                kwargs.put(key, expression());
            } else {
                if (!kwargs.isEmpty()) throw error("a positional argument follows a keyword argument");
                args.add(expression());
            }
        }
    }

    private Expr filters(Expr e) {
        while (true) {
            if (skipOp("|")) {
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                Map<String, Expr> kwargs = new LinkedHashMap<>();
                if (peek().isOp("(")) arguments(args, kwargs);
                e = new Expr.Filter(e, name, args, kwargs);
            } else if (skipName("is")) {
                boolean negated = skipName("not");
                String name = dottedName();
                List<Expr> args = new ArrayList<>();
                if (peek().isOp("(")) {
                    arguments(args, new LinkedHashMap<>());
                } else if (startsArgument(peek())) {
                    args.add(postfix(primary()));
                }
                e = new Expr.Test(e, name, args, negated);
            } else if (peek().isOp("(")) {
                e = call(e);
            } else {
                return e;
            }
        }
    }

    /** A filter's or test's name: Jinja reads dotted names there, which fail only when used. */
    private String dottedName() {
        StringBuilder name = new StringBuilder(name());
        while (skipOp(".")) name.append('.').append(name());
        return name.toString();
    }

    /** Whether a test takes {@code t} as its one argument without parentheses ({@code x is divisibleby 3}). */
    private static boolean startsArgument(Token t) {
        return switch (t.kind()) {
            case NAME -> !Set.of("else", "or", "and").contains(t.text());
            case STRING, INT, FLOAT -> true;
            case OP -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }
}
