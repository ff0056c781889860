package inferlab.jinja;

import java.util.List;

/** A Jinja statement: text, an output, or a tag with its body. */
sealed interface Node {
    record Text(String text) implements Node {}

    record Output(Expr value) implements Node {}

    /** {@code if}, its {@code elif}s (tests and bodies pairwise) and {@code else}. */
    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> otherwise) implements Node {}

    /** {@code for targets in iterable [if filter]}, with the {@code else} body run when nothing was iterated. */
    record For(List<String> targets, Expr iterable, Expr filter, List<Node> body, List<Node> otherwise) implements Node {}

    /** {@code set a = x}, {@code set a, b = x}, or {@code set ns.attr = x} (then {@code attr} is not null). */
    record Set(List<String> targets, String attr, Expr value) implements Node {}

    /** {@code set name %}...{% endset}: the rendered body. */
    record SetBlock(String name, List<Node> body) implements Node {}

    /** {@code macro name(params)}; {@code defaults} is aligned with {@code params}, null where there is none. */
    record Macro(String name, List<String> params, List<Expr> defaults, List<Node> body) implements Node {}

    record Break() implements Node {}

    record Continue() implements Node {}
}
