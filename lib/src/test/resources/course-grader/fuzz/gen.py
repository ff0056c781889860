"""Fuzz cases for the course's graph and multiple-choice graders: realistic perturbations of gold answers
(from the course's combined_dataset.jsonl plus synthetic course-style golds) and random junk. Deterministic
(seeded). Writes cases.jsonl: {id, task, output, gold, kind, course} with `course` the course grader's score."""
import json, random, sys
import course

rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11664)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
data = [json.loads(l) for l in open('/tmp/gfuzz/combined_dataset.jsonl')]
graph_golds = [d['gold_answer'] for d in data if d['task'] == 'graph']
mc_golds = [d['gold_answer'] for d in data if d['task'] == 'mmlu_med']

def synth_gold():
    n = rng.randint(4, 30); k = rng.choice([1, 1, 2, 3]); big = rng.random() < 0.7
    paths = set(); out = []
    while len(out) < k:
        mids = sorted(rng.sample(range(1, n - 1), rng.randint(0, min(4, n - 2))))
        p = tuple([0] + mids + [n - 1])
        if p in paths: continue
        paths.add(p); out.append({"path": list(p), "weight": rng.randint(len(p) - 1, 1000 if big else 9 * (len(p) - 1))})
    return {"paths": out}

WS = [' ', '', '', '  ', '\n', '\t', '\n  ', '\r\n', '\u00a0', '\u2003', '\x0c', '\x0b', '\x1c', '\x1f', '\u3000', '\x85']
def ws(p=0.15):
    return rng.choice(WS) if rng.random() < p else rng.choice([' ', ''])

def num(v, p=0.25):
    """A literal for integer v, usually plain, sometimes in a strange spelling."""
    if rng.random() > p: return str(v)
    f = rng.choice(['float', 'exp', 'hex', 'lead0', 'under', 'dot', 'plus', 'neg', 'sum', 'div', 'true', 'str',
                    'unicode', 'full', 'huge', 'cplx', 'paren', 'octal', 'minus0', 'pow', 'floordiv', 'bigexp', 'none', 'nan'])
    if f == 'float': return f'{v}.0'
    if f == 'exp': return f'{v}e0' if rng.random() < .5 else f'{v/10}e1'
    if f == 'hex': return hex(v)
    if f == 'octal': return oct(v)
    if f == 'lead0': return '0' + str(v)
    if f == 'under': s = str(v); return s[:1] + '_' + s[1:] if len(s) > 1 else s + '_'
    if f == 'dot': return f'{v}.'
    if f == 'plus': return f'+{v}'
    if f == 'neg': return f'-{v}'
    if f == 'minus0': return f'-0' if v == 0 else f'--{v}'
    if f == 'sum': a = rng.randint(0, v); return f'{a}{ws()}+{ws()}{v - a}'
    if f == 'div': return f'{2 * v}/2'
    if f == 'floordiv': return f'{2 * v + 1}//2'
    if f == 'pow': return f'{v}**1'
    if f == 'paren': return f'({v})'
    if f == 'true': return rng.choice(['True', 'False', 'true'])
    if f == 'none': return rng.choice(['None', 'null'])
    if f == 'nan': return rng.choice(['NaN', 'Infinity', 'nan', 'inf'])
    if f == 'str': return json.dumps(str(v)) if rng.random() < .5 else f"'{v}'"
    if f == 'unicode': return ''.join(chr(0x660 + int(c)) for c in str(v))
    if f == 'full': return ''.join(chr(0xFF10 + int(c)) for c in str(v))
    if f == 'huge': return rng.choice([str(v + 10 ** 20), str(v + 10 ** 30), '1' * 4400 + str(v)])
    if f == 'bigexp': return rng.choice(['1e400', '-1e400', '1e-400'])
    return f'{v}j'

def perturb(pairs):
    pairs = [(list(p), w) for p, w in pairs]
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        op = rng.choice(['shuffle', 'drop', 'dup', 'extra', 'wrongw', 'wrongnode', 'swapw', 'truncw', 'reverse'])
        if op == 'shuffle': rng.shuffle(pairs)
        elif op == 'drop' and pairs: pairs.pop(rng.randrange(len(pairs)))
        elif op == 'dup' and pairs: pairs.insert(rng.randrange(len(pairs) + 1), rng.choice(pairs))
        elif op == 'extra': pairs.append(([0] + sorted(rng.sample(range(1, 20), 2)) + [20], rng.randint(1, 999)))
        elif op == 'wrongw' and pairs: i = rng.randrange(len(pairs)); pairs[i] = (pairs[i][0], pairs[i][1] + rng.choice([-1, 1, 10]))
        elif op == 'wrongnode' and pairs: i = rng.randrange(len(pairs)); pairs[i][0][rng.randrange(len(pairs[i][0]))] += 1
        elif op == 'reverse' and pairs: i = rng.randrange(len(pairs)); pairs[i] = (pairs[i][0][::-1], pairs[i][1])
        elif op == 'swapw' and len(pairs) > 1: pairs[0], pairs[1] = (pairs[0][0], pairs[1][1]), (pairs[1][0], pairs[0][1])
        elif op == 'truncw': return pairs, True
    return pairs, False

def seq(items, tuple_p=0.0):
    sep = ',' + ws()
    body = sep.join(items) + (',' if rng.random() < 0.1 else '')
    if rng.random() < tuple_p: return '(' + body + (',' if len(items) == 1 and not body.endswith(',') else '') + ')'
    return '[' + ws(0.1) + body + ws(0.1) + ']'

def path_lit(p):
    r = rng.random()
    if r < 0.02: return num(p[0])                        # a bare number for a path
    if r < 0.04: return '[' + seq([num(x) for x in p]) + ']'  # nested one level deeper
    if r < 0.05: return json.dumps(' '.join(map(str, p)))  # a string
    return seq([num(x, 0.05) for x in p], tuple_p=0.1)

def render_call(pairs, truncw):
    paths = seq([path_lit(p) for p, _ in pairs]) if pairs or rng.random() < .5 else '[]'
    wl = [w for _, w in pairs][:-1] if truncw else [w for _, w in pairs]
    weights = seq([num(w) for w in wl]) if wl or rng.random() < .5 else '[]'
    if rng.random() < 0.03: weights = '[' + weights + ']'
    if rng.random() < 0.03 and ']' in paths:   # paths written without the outer list: a bare tuple of lists
        paths = paths[1:-1]
    args = [f'paths{ws()}={ws()}{paths}', f'weights{ws()}={ws()}{weights}']
    if rng.random() < 0.3: args.reverse()
    if rng.random() < 0.04: args.append(rng.choice(['k=3', 'verbose=True', 'note="x"']))
    if rng.random() < 0.03: args = [paths, weights]  # positional
    if rng.random() < 0.02: args = args[:1]
    name = rng.choice(['submit_paths'] * 20 + ['submit_path', 'Submit_paths', 'submit_paths ', 'functions.submit_paths'])
    return f'{name}{ws()}({ws()}' + (',' + ws()).join(args) + f'{ws()})'

def render_json(pairs, truncw):
    q = '"'
    items = []
    for i, (p, w) in enumerate(pairs):
        kv = [f'{q}path{q}: ' + ('[' + ', '.join(num(x, .05) for x in p) + ']' if rng.random() < .95 else path_lit(p))]
        if not (truncw and i == len(pairs) - 1): kv.append(f'{q}weight{q}: ' + num(w, .15))
        if rng.random() < 0.05: kv.append('"note": "ok"')
        if rng.random() < 0.1: kv.reverse()
        items.append('{' + ', '.join(kv) + '}')
    body = '{"paths": [' + ', '.join(items) + ']' + (', "k": 3' if rng.random() < .05 else '') + '}'
    r = rng.random()
    if r < 0.05: body = body.replace('"', "'")
    elif r < 0.08: body = body.replace(']}', '],}', 1)
    elif r < 0.10: body = '{"paths": [' + ', '.join(seq([str(x) for x in p]) for p, _ in pairs) + '], "weights": [' + ', '.join(str(w) for _, w in pairs) + ']}'
    elif r < 0.12: body = '{"answer": ' + body + '}'
    elif r < 0.14: body = '{"paths": []}'
    elif r < 0.16: body = '[' + body + ']'
    return body

PROSE = ['', 'Let me think step by step.', 'The shortest path is 0 -> 8 -> 9 with weight 25.',
         'Edges: {0: [1, 2]}', 'Path {A}', 'I will call submit_paths.', 'Answer:', 'Done.', 'dist = {0: 0}',
         'submit_paths(paths=[[0, 1]], weights=[3]) would be wrong.', '```python', '```', '```json', '}', '{',
         'weights=[1]', 'paths=[[0]]', 'The answer is (B).', '\\boxed{25}', 'submit_paths(', '<tool_call>', '</tool_call>']

def graph_case():
    gold = rng.choice(graph_golds) if rng.random() < 0.3 else synth_gold()
    pairs = [(p['path'], p['weight']) for p in gold['paths']]
    r = rng.random()
    if r < 0.06: return gold, junk(), 'junk'
    pairs, truncw = perturb(pairs)
    parts = []
    for _ in range(rng.choice([1, 1, 1, 1, 2, 3])):
        fmt = rng.random()
        parts.append(render_call(pairs, truncw) if fmt < 0.65 else render_json(pairs, truncw))
        if rng.random() < 0.3: pairs, truncw = perturb(pairs)
    texts = []
    for i, p in enumerate(parts):
        if rng.random() < 0.4: texts.append(rng.choice(PROSE))
        if rng.random() < 0.1: p = '```\n' + p + '\n```'
        texts.append(p)
    if rng.random() < 0.4: texts.append(rng.choice(PROSE))
    out = rng.choice(['\n', '\n\n', ' ', '']).join(texts)
    if rng.random() < 0.08 and out:      # cut short, or a bracket lost or doubled
        i = rng.randrange(len(out))
        out = rng.choice([out[:i], out[:i] + out[i + 1:], out[:i] + rng.choice('[]{}(),') + out[i:]])
    if rng.random() < 0.02: out = rng.choice(['', ' ', '\n'])
    return gold, out, 'graph'

JUNK = list('[](){},.:=0123456789 -+/_eE"\'\n\tabcdxABCD$\\') + ['submit_paths', 'paths', 'weights', '{"paths":', '"path":', '"weight":',
        'The answer is', '\\boxed{', 'Answer:', '(', 'B', 'answer']
def junk():
    return ''.join(rng.choice(JUNK) for _ in range(rng.randint(0, 60)))

LET = 'ABCDEFGHZ'
def letter(gold):
    r = rng.random()
    l = gold if r < 0.5 else rng.choice(LET)
    if rng.random() < 0.15: l = l.lower()
    if rng.random() < 0.02: l = rng.choice(['\uff22', '\u0412', '\u0392', '\u017f', '\u0131', '\u212a', 'ab', 'BC', '1', '2'])
    return l

def mc_answer(gold):
    L = letter(gold)
    forms = ['The answer is ({L})', 'The answer is {L}', 'the answer is {L}.', 'THE ANSWER IS ({L})', 'The answer is: {L}',
             'The answer is \\boxed{{{L}}}', 'The answer is $\\boxed{{{L}}}$', '\\boxed{{{L}}}', '$\\boxed{{{L}}}$', '\\boxed{{({L})}}',
             '\\boxed{{\\text{{{L}}}}}', '\\boxed{{\\textbf{{{L}}}}}', '\\fbox{{{L}}}', '\\boxed {{{L}}}', 'Answer: {L}', 'Answer: ${L}$',
             'Answer: \\({L}\\)', 'Answer: \\[{L}\\]', 'answer: ({L})', 'Final answer: {L}', 'Final Answer: $\\boxed{{{L}}}$', '${L}$', '$${L}$$',
             '\\({L}\\)', '\\[{L}\\]', ' [{L}] ', '[{L}]', '**{L}**', '({L})', '{L}', '{L}.', 'Option {L}', 'The correct answer is {L}',
             'answer is {L}', 'The answer is\n({L})', 'The answer is  ( {L} )', 'The answer is ({L}', 'The answer is {L}) because',
             'The answer is probably {L}', 'The answer is \\({L}\\)', 'The answer is ${L}$', 'The answer: {L}', 'Answer:\n\n${L}$',
             'I choose {L}', 'so the answer is ({L})', 'Thus, the answer is **{L}**', 'The answer is **{L}**', 'answer: {L} = 2',
             '$\\mathrm{{{L}}}$', '$\\mathbf{{{L}}}$', '${L}.$', '$({L})$', '$ {L} $', '\\boxed{{{L}}} and \\boxed{{{L2}}}', 'Answer: $\\text{{{L}}}$',
             'The answer is {L}\nThe answer is {L2}', 'Answer: 2', '$2$', 'answer 3', '\\boxed{{2}}', 'The answer is 2', 'The answer is (2)',
             'The anſwer iſ {L}', 'The answer\u00a0is {L}', 'The answer is\x1c{L}', 'The answer is\u3000({L})', 'The\nanswer is {L}',
             '${L}$ and ${L2}$', '$x$ then ${L}$', 'answer: ${L}$ not $x$', '\\[\n{L}\n\\]', '$\\left({L}\\right)$', "${L}'$", '$\\{{{L}\\}}$']
    f = rng.choice(forms)
    return f.format(L=L, L2=letter(gold))

MCPROSE = ['', 'Let me analyze each option.', 'Option A is wrong because 3 > 2.', 'The value is $x = 4$.', 'This costs $5.',
           'About 9 kcal/gram.', 'B-cell origin.', 'In 1998, 45% of cases.', '\\frac{1}{2}', 'answer: maybe', 'We need $E=mc^2$.',
           'Choices: (A) (B) (C) (D)', 'x = 3', 'The answer is', '**Answer**', '\n', 'so', '= 7', 'I am not sure.']

def mc_case():
    gold = rng.choice(mc_golds + list('ABCD'))
    if rng.random() < 0.08: return gold, junk(), 'junk'
    parts = []
    if rng.random() < 0.7: parts.append(rng.choice(MCPROSE))
    parts.append(mc_answer(gold))
    if rng.random() < 0.25: parts.append(rng.choice(MCPROSE))
    if rng.random() < 0.15: parts.append(mc_answer(gold))
    out = rng.choice([' ', '\n', '\n\n', '']).join(parts)
    if rng.random() < 0.03: out = rng.choice(['', ' ', '\n'])
    return gold, out, 'mc'

with open(sys.argv[3] if len(sys.argv) > 3 else 'cases.jsonl', 'w') as f:
    for i in range(N):
        for task, make in (('graph', graph_case), ('mmlu_med', mc_case)):
            gold, out, kind = make()
            f.write(json.dumps({'id': f'{task[0]}{i}', 'task': task, 'output': out, 'gold': gold, 'kind': kind,
                                'course': course.score(task, out, gold)}, ensure_ascii=False) + '\n')
