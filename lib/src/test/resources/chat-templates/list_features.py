#!/usr/bin/env python3
"""Lists the Jinja features the templates of this fixture use, per template, from Jinja's own parse tree.

    build/peer-venv/bin/python lib/src/test/resources/chat-templates/list_features.py

Parsed with transformers' environment (trim_blocks, lstrip_blocks, loopcontrols), so what is listed is what a
renderer of these templates has to support. Whitespace control ({%- -%}, {{- -}}) and comments are read from the
source text, since the parse tree no longer shows them.
"""
import re
from collections import defaultdict
from pathlib import Path

from jinja2 import meta, nodes
from transformers.utils.chat_template_utils import _compile_jinja_template

HERE = Path(__file__).resolve().parent
OPS = {
    "Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "FloorDiv": "//", "Mod": "%", "Pow": "**", "Concat": "~",
    "And": "and", "Or": "or", "Not": "not", "Neg": "unary -", "Pos": "unary +",
}


def features(source):
    env = _compile_jinja_template(source).environment
    tree = env.parse(source)
    found = defaultdict(set)
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all(nodes.Node):
        kind = type(node).__name__
        if isinstance(node, nodes.For):
            found["tag"].add("for")
            if node.else_:
                found["tag"].add("for-else")
            if node.test is not None:
                found["tag"].add("for ... if (loop filter)")
            if node.recursive:
                found["tag"].add("for recursive")
            if isinstance(node.target, nodes.Tuple):
                found["tag"].add("for with tuple unpacking")
        elif isinstance(node, nodes.If):
            found["tag"].add("if/elif/else")
        elif isinstance(node, nodes.Assign):
            found["tag"].add("set")
        elif isinstance(node, nodes.AssignBlock):
            found["tag"].add("set block")
        elif isinstance(node, nodes.NSRef):
            found["tag"].add("set namespace attribute (set ns.x = ...)")
        elif isinstance(node, nodes.Macro):
            found["tag"].add("macro")
        elif isinstance(node, nodes.CallBlock):
            found["tag"].add("call block / generation")
        elif isinstance(node, nodes.FilterBlock):
            found["tag"].add("filter block")
        elif isinstance(node, (nodes.Break, nodes.Continue)):
            found["tag"].add(kind.lower())
        elif isinstance(node, nodes.Filter):
            found["filter"].add(node.name)
            if node.kwargs:
                found["expression"].add("keyword arguments to filters (tojson(indent=4))")
            position = {"select": 0, "reject": 0, "selectattr": 1, "rejectattr": 1}.get(node.name)
            if position is not None and len(node.args) > position and isinstance(node.args[position], nodes.Const):
                found["test"].add(f"{node.args[position].value} (named as a string argument of {node.name})")
        elif isinstance(node, nodes.Test):
            found["test"].add(node.name)
        elif isinstance(node, nodes.Compare):
            for op in node.ops:
                found["operator"].add({"eq": "==", "ne": "!=", "lt": "<", "lteq": "<=", "gt": ">", "gteq": ">=",
                                       "in": "in", "notin": "not in"}[op.op])
        elif kind in OPS:
            found["operator"].add(OPS[kind])
        elif isinstance(node, nodes.CondExpr):
            found["operator"].add("inline if (x if c else y)")
        elif isinstance(node, nodes.Slice):
            found["expression"].add("slice [a:b:c]")
        elif isinstance(node, nodes.Getitem):
            if not isinstance(node.arg, nodes.Slice):
                found["expression"].add("subscript x[k] (negative index: %s)" % (
                    "yes" if isinstance(node.arg, nodes.Neg) or (isinstance(node.arg, nodes.Const)
                                                                 and isinstance(node.arg.value, int)
                                                                 and node.arg.value < 0) else "no"))
        elif isinstance(node, nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "loop":
                found["loop variable"].add("loop." + node.attr)
            else:
                found["expression"].add("attribute access x.y (on dicts: falls back to x['y'])")
        elif isinstance(node, nodes.Call):
            if isinstance(node.node, nodes.Getattr) and not (isinstance(node.node.node, nodes.Name)
                                                             and node.node.node.name == "loop"):
                found["method"].add("." + node.node.attr + "()")
            elif isinstance(node.node, nodes.Name):
                found["global function" if node.node.name not in assigned else "macro call"].add(node.node.name)
            if node.kwargs:
                found["expression"].add("keyword arguments in calls")
        elif isinstance(node, nodes.List):
            found["literal"].add("list [..]")
        elif isinstance(node, nodes.Dict):
            found["literal"].add("dict {..}")
        elif isinstance(node, nodes.Tuple) and node.ctx == "load":
            found["literal"].add("tuple (..)")
        elif isinstance(node, nodes.Const):
            v = node.value
            if v is None:
                found["literal"].add("none")
            elif isinstance(v, bool):
                found["literal"].add("true/false")
            elif isinstance(v, int):
                found["literal"].add("integer")
            elif isinstance(v, str):
                found["literal"].add("string")
    for name in meta.find_undeclared_variables(tree):
        found["name looked up in the context (jinja2.meta; includes locals a template sets only conditionally)"].add(name)
    if re.search(r"\{%-|-%\}|\{\{-|-\}\}", source):
        found["syntax"].add("whitespace control ({%- -%} {{- -}})")
    if "{#" in source:
        found["syntax"].add("comments {# #}")
    for _, token_type, value in env.lex(source):
        if token_type == "string":
            if "\n" in value:
                found["syntax"].add("literal newlines inside string literals")
            if "\\" in value:
                found["syntax"].add("backslash escapes in string literals (\\n, \\\", \\')")
    return found


def main():
    total = defaultdict(lambda: defaultdict(set))
    for path in sorted(HERE.glob("*.jinja")):
        for kind, items in features(path.read_text(encoding="utf-8")).items():
            for item in items:
                total[kind][item].add(path.stem)
    n = len(list(HERE.glob("*.jinja")))
    for kind in sorted(total):
        print(f"### {kind}")
        for item in sorted(total[kind], key=lambda i: (-len(total[kind][i]), i)):
            users = total[kind][item]
            print(f"- `{item}` — {'all' if len(users) == n else ', '.join(sorted(users))}")
        print()


if __name__ == "__main__":
    main()
