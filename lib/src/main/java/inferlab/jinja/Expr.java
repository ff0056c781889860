package inferlab.jinja;

import java.util.List;
import java.util.Map;

/** A Jinja expression: what sits inside {@code {{ }}} and in the head of a tag. */
sealed interface Expr {
    record Literal(Object value) implements Expr {}

    record Name(String name) implements Expr {}

    /** A list display, or a tuple's. */
    record ListOf(List<Expr> items, boolean tuple) implements Expr {}

    record DictOf(List<Expr> keys, List<Expr> values) implements Expr {}

    /** {@code obj.name}: an attribute, else an item, as Jinja's {@code getattr}. */
    record Attr(Expr obj, String name) implements Expr {}

    /** {@code obj[key]}: an item, else an attribute, as Jinja's {@code getitem}. */
    record Item(Expr obj, Expr key) implements Expr {}

    /** {@code obj[start:stop:step]}, each part optional (null). */
    record Slice(Expr obj, Expr start, Expr stop, Expr step) implements Expr {}

    record Call(Expr fn, List<Expr> args, Map<String, Expr> kwargs) implements Expr {}

    /** {@code value | name(args)}. */
    record Filter(Expr value, String name, List<Expr> args, Map<String, Expr> kwargs) implements Expr {}

    /** {@code value is [not] name(args)}. */
    record Test(Expr value, String name, List<Expr> args, boolean negated) implements Expr {}

    /** {@code not x}, {@code -x}, {@code +x}. */
    record Unary(String op, Expr x) implements Expr {}

    /** Arithmetic, {@code ~}, {@code and}, {@code or}. */
    record Binary(String op, Expr a, Expr b) implements Expr {}

    /** A comparison chain {@code a op1 b op2 c}: true when every adjacent pair holds ({@code in} and {@code not in} included). */
    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr {}

    /** {@code then if test else otherwise}; without {@code else}, undefined. */
    record Conditional(Expr then, Expr test, Expr otherwise) implements Expr {}
}
