package inferlab.jinja;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a parsed template. Scoping follows Jinja: a {@code for} body gets a fresh scope on each iteration (so a
 * {@code set} inside a loop is gone after it; templates carry values out through a {@link Namespace}), an
 * {@code if} does not, and a macro runs in a scope of its own over the one it was defined in.
 */
final class Renderer {
    /** Longest output a render may produce; a template that loops past it is stopped. */
    static final int MAX_OUTPUT = 1 << 24;
    /** Loop iterations and macro calls a render may take, so that a template looping without output stops too. */
    static final long MAX_STEPS = 1_000_000;

    private static final class Scope {
        final Map<String, Object> vars = new HashMap<>();
        final Scope parent;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Object get(String name) {
            for (Scope s = this; s != null; s = s.parent) if (s.vars.containsKey(name)) return s.vars.get(name);
            return new Undefined(name);
        }
    }

    private static final class LoopControl extends RuntimeException {
        final boolean isBreak;

        LoopControl(boolean isBreak) {
            super(null, null, false, false);
            this.isBreak = isBreak;
        }
    }

    private static final LoopControl BREAK = new LoopControl(true);
    private static final LoopControl CONTINUE = new LoopControl(false);

    private long steps;

    private Renderer() {}

    private void step() {
        if (++steps > MAX_STEPS) throw new TemplateException("the template took more than " + MAX_STEPS + " loop iterations and macro calls");
    }

    static String render(List<Node> nodes, Map<String, Object> globals, Map<String, Object> context) {
        Scope top = new Scope(null);
        top.vars.putAll(globals);
        Scope root = new Scope(top);
        root.vars.putAll(context);
        StringBuilder out = new StringBuilder();
        try {
            new Renderer().run(nodes, root, out);
        } catch (LoopControl c) {
            throw new TemplateException((c.isBreak ? "break" : "continue") + " outside a loop");
        } catch (StackOverflowError e) {
            throw new TemplateException("the template recursed too deeply");
        }
        return out.toString();
    }

    private void run(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node n : nodes) {
            if (n instanceof Node.Text t) {
                append(out, t.text());
            } else if (n instanceof Node.Output o) {
                append(out, Python.str(eval(o.value(), scope)));
            } else if (n instanceof Node.If f) {
                List<Node> chosen = f.otherwise();
                for (int i = 0; i < f.tests().size(); i++) {
                    if (Python.truthy(eval(f.tests().get(i), scope))) {
                        chosen = f.bodies().get(i);
                        break;
                    }
                }
                run(chosen, scope, out);
            } else if (n instanceof Node.For f) {
                loop(f, scope, out);
            } else if (n instanceof Node.Set s) {
                Object value = eval(s.value(), scope);
                if (s.attr() != null) {
                    Object ns = scope.get(s.targets().get(0));
                    if (!(ns instanceof Namespace namespace)) {
                        throw new TemplateException("cannot assign attribute on non-namespace object '" + s.targets().get(0) + "'");
                    }
                    namespace.values().put(s.attr(), value);
                } else {
                    assign(scope, s.targets(), value);
                }
            } else if (n instanceof Node.SetBlock s) {
                StringBuilder b = new StringBuilder();
                run(s.body(), scope, b);
                scope.vars.put(s.name(), b.toString());
            } else if (n instanceof Node.Macro m) {
                scope.vars.put(m.name(), macro(m, scope));
            } else if (n instanceof Node.Break) {
                throw BREAK;
            } else if (n instanceof Node.Continue) {
                throw CONTINUE;
            }
        }
    }

    private static void append(StringBuilder out, String s) {
        if (out.length() + (long) s.length() > MAX_OUTPUT) {
            throw new TemplateException("the template's output passed " + MAX_OUTPUT + " characters");
        }
        out.append(s);
    }

    private void assign(Scope scope, List<String> targets, Object value) {
        if (targets.size() == 1) {
            scope.vars.put(targets.get(0), value);
            return;
        }
        List<Object> values = Python.iterate(value);
        if (values.size() != targets.size()) {
            throw new TemplateException("cannot unpack " + values.size() + " values into " + targets.size() + " names");
        }
        for (int i = 0; i < targets.size(); i++) scope.vars.put(targets.get(i), values.get(i));
    }

    private void loop(Node.For f, Scope scope, StringBuilder out) {
        List<Object> items = Python.iterate(eval(f.iterable(), scope));
        if (f.filter() != null) {
            List<Object> kept = new ArrayList<>();
            for (Object item : items) {
                step();
                Scope s = new Scope(scope);
                assign(s, f.targets(), item);
                if (Python.truthy(eval(f.filter(), s))) kept.add(item);
            }
            items = kept;
        }
        if (items.isEmpty()) {
            run(f.otherwise(), scope, out);
            return;
        }
        int n = items.size();
        for (int i = 0; i < n; i++) {
            step();
            Scope s = new Scope(scope);
            assign(s, f.targets(), items.get(i));
            s.vars.put("loop", loopInfo(items, i));
            try {
                run(f.body(), s, out);
            } catch (LoopControl c) {
                if (c.isBreak) break;
            }
        }
    }

    private static Map<String, Object> loopInfo(List<Object> items, int i) {
        int n = items.size();
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("index", (long) i + 1);
        loop.put("index0", (long) i);
        loop.put("revindex", (long) (n - i));
        loop.put("revindex0", (long) (n - i - 1));
        loop.put("first", i == 0);
        loop.put("last", i == n - 1);
        loop.put("length", (long) n);
        loop.put("previtem", i > 0 ? items.get(i - 1) : new Undefined("loop.previtem"));
        loop.put("nextitem", i < n - 1 ? items.get(i + 1) : new Undefined("loop.nextitem"));
        loop.put("cycle", (Fn) (args, kwargs) -> {
            if (args.isEmpty()) throw new TemplateException("no items for cycling given");
            return args.get(i % args.size());
        });
        return loop;
    }

    private Fn macro(Node.Macro m, Scope defined) {
        return (args, kwargs) -> {
            if (args.size() > m.params().size()) throw new TemplateException("macro '" + m.name() + "' takes not more than " + m.params().size() + " arguments");
            step();
            Scope s = new Scope(defined);
            for (int i = 0; i < m.params().size(); i++) {
                String p = m.params().get(i);
                Object v;
                if (i < args.size()) v = args.get(i);
                else if (kwargs.containsKey(p)) v = kwargs.get(p);
                else if (m.defaults().get(i) != null) v = eval(m.defaults().get(i), s);
                else v = new Undefined(p);
                s.vars.put(p, v);
            }
            for (String k : kwargs.keySet()) {
                if (!m.params().contains(k)) throw new TemplateException("macro '" + m.name() + "' takes no keyword argument '" + k + "'");
            }
            StringBuilder b = new StringBuilder();
            run(m.body(), s, b);
            return b.toString();
        };
    }

    private Object eval(Expr e, Scope scope) {
        if (e instanceof Expr.Literal l) return l.value();
        if (e instanceof Expr.Name n) return scope.get(n.name());
        if (e instanceof Expr.ListOf l) {
            List<Object> items = new ArrayList<>();
            for (Expr x : l.items()) items.add(eval(x, scope));
            return l.tuple() ? new Tuple(items) : items;
        }
        if (e instanceof Expr.DictOf d) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) map.put(eval(d.keys().get(i), scope), eval(d.values().get(i), scope));
            return map;
        }
        if (e instanceof Expr.Attr a) return Attributes.getattr(eval(a.obj(), scope), a.name());
        if (e instanceof Expr.Item i) return Attributes.getitem(eval(i.obj(), scope), eval(i.key(), scope));
        if (e instanceof Expr.Slice s) {
            return Attributes.slice(eval(s.obj(), scope), optional(s.start(), scope), optional(s.stop(), scope), optional(s.step(), scope));
        }
        if (e instanceof Expr.Call c) {
            Object fn = eval(c.fn(), scope);
            if (fn instanceof Undefined u) throw u.error();
            if (!(fn instanceof Fn f)) throw new TemplateException(Python.typeName(fn) + " object is not callable");
            return f.call(values(c.args(), scope), values(c.kwargs(), scope));
        }
        if (e instanceof Expr.Filter f) {
            return Builtins.filter(f.name(), eval(f.value(), scope), values(f.args(), scope), values(f.kwargs(), scope));
        }
        if (e instanceof Expr.Test t) {
            boolean result = Builtins.test(t.name(), eval(t.value(), scope), values(t.args(), scope));
            return result != t.negated();
        }
        if (e instanceof Expr.Unary u) {
            Object x = eval(u.x(), scope);
            if (u.op().equals("not")) return !Python.truthy(x);
            return Arithmetic.unary(u.op(), x);
        }
        if (e instanceof Expr.Binary b) {
            Object a = eval(b.a(), scope);
            if (b.op().equals("and")) return Python.truthy(a) ? eval(b.b(), scope) : a;
            if (b.op().equals("or")) return Python.truthy(a) ? a : eval(b.b(), scope);
            Object c = eval(b.b(), scope);
            if (b.op().equals("~")) return Python.str(a) + Python.str(c);
            return Arithmetic.binary(b.op(), a, c);
        }
        if (e instanceof Expr.Compare c) {
            Object left = eval(c.first(), scope);
            for (int i = 0; i < c.ops().size(); i++) {
                Object right = eval(c.rest().get(i), scope);
                if (!Arithmetic.compare(c.ops().get(i), left, right)) return false;
                left = right;
            }
            return true;
        }
        if (e instanceof Expr.Conditional c) {
            if (Python.truthy(eval(c.test(), scope))) return eval(c.then(), scope);
            return c.otherwise() == null ? new Undefined("the conditional's else") : eval(c.otherwise(), scope);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private Object optional(Expr e, Scope scope) {
        if (e == null) return null;
        Object v = eval(e, scope);
        if (v != null && !(v instanceof Long) && !(v instanceof Boolean)) {
            throw new TemplateException("slice indices must be integers or None, not " + Python.typeName(v));
        }
        return v;
    }

    private List<Object> values(List<Expr> exprs, Scope scope) {
        List<Object> out = new ArrayList<>();
        for (Expr x : exprs) out.add(eval(x, scope));
        return out;
    }

    private Map<String, Object> values(Map<String, Expr> exprs, Scope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        exprs.forEach((k, x) -> out.put(k, eval(x, scope)));
        return out;
    }
}
