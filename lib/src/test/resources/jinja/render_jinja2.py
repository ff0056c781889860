#!/usr/bin/env python3
"""Renders this fixture's templates with the Jinja environment Hugging Face transformers renders chat templates in
(transformers.utils.chat_template_utils._compile_jinja_template: ImmutableSandboxedEnvironment with trim_blocks and
lstrip_blocks, loop controls, the generation tag, its tojson, raise_exception and strftime_now), and writes
cases.jsonl: {"template", "context", "expected"} or, where rendering raises, {"template", "context", "error"}.

    build/peer-venv/bin/python lib/src/test/resources/jinja/render_jinja2.py

The first cases exercise expressions, filters, tests, scoping and whitespace rules one feature at a time; then
come seeded random arrangements of text and tags with every whitespace control (-, +, trim_blocks,
lstrip_blocks, CRLF), where renderers most often drift from Jinja, and seeded random expressions (operators,
filters, tests, methods, subscripts and slices over strings, numbers, None, lists, dicts and an undefined name),
where Python's value semantics do. Expressions whose output is a Python iterator's address (a filter's
generator printed bare) say nothing about a renderer and are left out.
"""
import json
import random
import re
from pathlib import Path

import jinja2
import transformers
from transformers.utils.chat_template_utils import _compile_jinja_template

msgs = [{"role": "system", "content": "  Be brief.\n"}, {"role": "user", "content": "Hi 'there' \"you\" \u00fcn\u00ef\n"},
        {"role": "assistant", "content": "<think>\nhmm\n</think>\n\nHello!"}, {"role": "user", "content": "2+2?"}]
ctx = {"messages": msgs, "add_generation_prompt": True, "bos_token": "<s>", "eos_token": "</s>", "tools": None,
       "n": 3, "f": 2.5, "d": {"b": 1, "a": [1, 2.0, None, True, "x"]}}
T=[
"{{ bos_token }}{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}",
"{%- for m in messages -%}\n  {{ m['role'] | upper }}: {{ m.content | trim }}\n{%- endfor %}",
"{% for m in messages %}\n    {% if m.role == 'user' %}\n        U:{{ m.content }}\n    {% elif m.role == 'assistant' %}\n        A:{{ m.content }}\n    {% else %}\n        S\n    {% endif %}\n{% endfor %}\n",
"{{ messages[0].content.strip() }}|{{ messages[2].content.split('</think>')[-1].lstrip('\\n') }}|{{ messages[2].content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
"{% set ns = namespace(last=-1, found=false) %}{% for m in messages[::-1] %}{% set index = (messages|length - 1) - loop.index0 %}{% if m.role == 'user' and not ns.found %}{% set ns.last = index %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.last }} {{ ns.found }}",
"{{ d | tojson }} {{ d | tojson(indent=2) }} {{ msgs | tojson if msgs is defined else 'none' }} {{ messages[1] | tojson }}",
"{{ d }} {{ d.a }} {{ f }} {{ n / 2 }} {{ n // 2 }} {{ n % 2 }} {{ -n }} {{ 2 ** 10 }} {{ 1e20 }} {{ 0.1 + 0.2 }} {{ 1/3 }} {{ 1e-5 }}",
"{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{% for k, v in d | items %}{{ k }}{% endfor %}{{ d.get('zz', 'dflt') }}{{ d.keys() | list }}",
"{{ x is defined }} {{ tools is none }} {{ tools is not none }} {{ n is divisibleby 3 }} {{ n is odd }} {{ 'a' is string }} {{ d is mapping }} {{ n is number }} {{ f is integer }}",
"{{ 'abc'[1:] }} {{ 'abc'[::-1] }} {{ messages[-1].role }} {{ messages[1:3] | map(attribute='role') | join(',') }} {{ messages | selectattr('role', 'equalto', 'user') | list | length }}",
"{% for m in messages if m.role != 'system' %}{{ loop.index }}/{{ loop.length }}{{ '' if loop.last else ',' }}{% endfor %}",
"{% for i in range(5) %}{% if i == 3 %}{% break %}{% endif %}{% if i == 1 %}{% continue %}{% endif %}{{ i }}{% endfor %}",
"{% macro render(m, prefix='>') %}{{ prefix }}{{ m.role }}{% endmacro %}{% for m in messages %}{{ render(m) }}{{ render(m, prefix='#') }}{% endfor %}",
"{% if messages[0]['role'] == 'system' %}{% set system = messages[0]['content'] %}{% set loop_messages = messages[1:] %}{% else %}{% set loop_messages = messages %}{% endif %}{{ system | default('nosys') }}{{ loop_messages | length }}",
"{% for m in messages %}{% if (m['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% endfor %}",
"  {% if true %}\n  yes\n  {% endif %}\n  {# comment #}\n  after {{ n }}\n  {%+ if true %}plus{% endif %}\n",
"{{ 'a' ~ n ~ none }} {{ none }} {{ true }} {{ [1,'a',none] }} {{ ('x', 'y') }} {{ {'k': 'v'} }} {{ \"it's\" }}",
"{{ messages[1].content | tojson }} {{ 'é\\u00e9\\t\\x41' }} {{ '\\\\d' }}",
"{% set x %}inner {{ n }}{% endset %}[{{ x }}] {{ x | length }}",
"{{ 'Hello World' | lower | replace('o', '0') }} {{ 'hello world' | title }} {{ 'hello' | capitalize }} {{ ' a b  c ' | wordcount }} {{ 'a\\nb\\nc' | indent(2) }}",
"{{ messages | map(attribute='content') | map('length') | list }} {{ [3,1,2] | sort }} {{ [3,1,2] | sort(reverse=true) | first }} {{ ['b','A','c'] | sort }} {{ [1,2,3] | sum }} {{ [1,2] | max }}",
"{{ undefined_var }}{{ undefined_var.attr }}",
"{{ messages[9] }}|{{ d.zz }}|{{ d['zz'] is defined }}",
"{% if messages[0].content is string and 'Be' in messages[0].content %}in{% endif %}{{ 'x' not in 'abc' }}{{ 1 < n < 5 }}",
"{%- if tools %}T{%- endif %}\n{%- for message in messages %}\n    {%- if message.role == \"user\" %}\n        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}\n    {%- endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n{%- endif %}\n",
"{{ messages[0]['content']|trim + '\\n\\n' }}{{ (messages|length) * 2 }}{{ 'ab' * 3 }}",
"a {#- c -#} b {#c#}\nc\n{# d #}  \n e",
"{% for a in [] %}x{% else %}empty{% endfor %}{% for a in [1,2] %}{{ loop.previtem is defined }}{{ loop.nextitem | default('-') }}{{ loop.revindex }}{{ loop.cycle('o','e') }}{% endfor %}",
"{{ messages[1].content.startswith('Hi') }} {{ messages[1].content.endswith(('x','\\n')) }} {{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }} {{ 'a,b,c'.split(',', 1) }}",
"{{ n + f }} {{ true + 1 }} {{ 7 // -2 }} {{ -7 % 3 }} {{ 7.5 // 2 }} {{ 10 / 4 }} {{ 3 * 1.5 }}",
"{% set a, b = [1, 2] %}{{ a }}{{ b }}{% set c = 1, 2 %}{{ c }}",
"{{ 'x' if false }}|{{ 'y' if n > 1 else 'z' }}|{{ none or 'fallback' }}|{{ 0 and 1 }}|{{ [] or 'empty' }}",
"{% for m in messages %}{% generation %}{{ m.role }}{% endgeneration %}{% endfor %}",
"{{ d | dictsort }} {{ d | tojson(sort_keys=true) }} {{ [1.0, 2.5, 1e100] | tojson }} {{ 'é' | tojson(ensure_ascii=true) }} {{ d | tojson(separators=(',', ':')) }}",
"{%- set today = strftime_now('%d %b %Y') -%}{{ today | length > 5 }}",
"{{ messages|length }}{{ messages|count }}{{ messages|first|attr('x') }}{{ messages[0]|list|first }}",
"{% if n is not divisibleby(2) %}odd{% endif %}{{ n is eq 3 }}{{ 'ABC' is upper }}{{ [] is iterable }}{{ x is undefined }}",
"line1\n{% if true %}\nline2\n{% endif %}\n{% if true -%}\n   line3\n{%- endif %}\n{{ 'v' }}\n{{- 'w' -}}\n  end\n",
"{{ \"a\" \"b\" }}{{ 'q' 'r' }}{{ 1_000 }}{{ 0.5e1 }}",
"{% for m in messages %}{% set content = m.content %}{% if loop.first %}{% set content = 'FIRST' %}{% endif %}{{ content }};{% endfor %}{{ content is defined }}",
]


random.seed(7)
texts=["", " ", "  ", "\n", "\n\n", " \n", "\t", "a", " b ", "c\n", "\n  d", "  \n  ", "e  ", "\r\n", " \t\n "]
def opener(): return random.choice(["{%","{%-","{%+"])
def closer(): return random.choice(["%}","-%}","+%}"])
def tpl(depth=0):
    out=[]
    for _ in range(random.randint(1,5)):
        out.append(random.choice(texts))
        r=random.random()
        if r<0.25 and depth<3:
            out.append(opener()+" if true "+closer()); out.append(tpl(depth+1)); out.append(random.choice(texts)); out.append(opener()+" endif "+closer())
        elif r<0.4 and depth<3:
            out.append(opener()+" for i in [1,2] "+closer()); out.append(tpl(depth+1)); out.append(opener()+" endfor "+closer())
        elif r<0.6: out.append(random.choice(["{{","{{-"])+" 'v' "+random.choice(["}}","-}}"]))
        elif r<0.75: out.append(random.choice(["{#","{#-","{#+"])+" c "+random.choice(["#}","-#}","+#}"]))
        elif r<0.85: out.append(opener()+" set x = 1 "+closer())
    out.append(random.choice(texts))
    return "".join(out)


ectx = {"s": "Hello, World\n", "t": "  a b  ", "e": "", "n": 3, "m": -7, "z": 0, "f": 2.5, "g": -0.5, "b": True,
        "c": False, "x": None, "l": [3, 1, 2], "w": ["b", "A", "c"], "d": {"k": "v", "n": 1},
        "ms": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": " yo "}]}
names=["s","t","e","n","m","z","f","g","b","c","x","l","w","d","ms","u"]
literals=["'q'","\"dq\"","1","0","-2","1.5","true","none","[]","[1,'a']","{'a':1}","(1,2)","'a\\nb'"]
filters=["length","string","trim","upper","lower","first","last","list","tojson","sort","join","join(',')","default('D')","default('D', true)","int","float","abs","capitalize","title","count","sum","min","max","e","wordcount","round","round(1)","indent(2)","replace('l','L')","map('upper')|list","select|list","reject|list","selectattr('role')|list","map(attribute='role')|list","dictsort","unique|list","reverse|list","items|list","tojson(indent=2)"]
tests=["defined","undefined","none","string","number","integer","float","mapping","iterable","sequence","boolean","true","false","odd","even","divisibleby 2","eq 3","in [1,3]","lower","upper","sameas none"]
methods=["strip()","lstrip()","rstrip()","strip('H')","split()","split(',')","split('l', 1)","startswith('He')","endswith('\\n')","upper()","lower()","title()","capitalize()","replace('o','0')","find('o')","count('l')","items()","keys()","values()","get('k')","get('zz', 5)","index(1)","count(3)","splitlines()","isdigit()","join(['x','y'])"]
def expr(d=0):
    r=random.random()
    if d>3 or r<0.25: return random.choice(names)
    if r<0.4: return expr(d+1)+"|"+random.choice(filters)
    if r<0.5: return expr(d+1)+" is "+random.choice(["","not "])+random.choice(tests)
    if r<0.6: return expr(d+1)+"."+random.choice(methods)
    if r<0.75: return "("+expr(d+1)+" "+random.choice(["+","-","*","/","//","%","~","==","!=","<",">=","and","or","in","not in","**"])+" "+(random.choice(literals) if random.random()<0.4 else expr(d+1))+")"
    if r<0.8: return "(not "+expr(d+1)+")"
    if r<0.85: return "("+expr(d+1)+" if "+expr(d+1)+" else "+random.choice(literals)+")"
    if r<0.93: return expr(d+1)+"["+random.choice(["0","-1","1:","::-1",":2","'k'","'role'","1:-1","::2"])+"]"
    return "(-"+expr(d+1)+")"


def render(template, context):
    try:
        return {"expected": _compile_jinja_template(template).render(**context)}
    except Exception as e:
        return {"error": type(e).__name__ + ": " + str(e)}


out = Path(__file__).resolve().parent / "cases.jsonl"
with open(out, "w") as f:
    for t in T:
        f.write(json.dumps({"template": t, "context": ctx, **render(t, ctx)}, ensure_ascii=False) + "\n")
    for _ in range(400):
        t = tpl()
        f.write(json.dumps({"template": t, "context": {}, **render(t, {})}, ensure_ascii=False) + "\n")
    random.seed(11)
    kept = 0
    while kept < 1500:
        t = "{{ " + expr() + " }}"
        r = render(t, ectx)
        if re.search(r" object at 0x|dict_(keys|values|items)\(", r.get("expected", "")) or "generator" in r.get("error", ""):
            continue
        f.write(json.dumps({"template": t, "context": ectx, **r}, ensure_ascii=False) + "\n")
        kept += 1
print("wrote", out, "with jinja2", jinja2.__version__, "transformers", transformers.__version__)
