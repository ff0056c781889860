"""Picks a small, diverse, de-duplicated sample of fuzz cases with the course grader's score (crashes left out:
the course gives no score there). Diversity: every case that disagreed with InferLab's graders before the
fixes on branch grader-fuzz (dis_before.jsonl), then cases spread over score values and output shapes."""
import json, random, re, collections
rng = random.Random(7)
cases = [json.loads(l) for l in open('all.jsonl')]
before = {json.loads(l)['id'] for l in open('dis_before.jsonl')}
def shape(c):  # coarse signature of an output: digits->9, letters->a, runs collapsed
    s = re.sub(r'[0-9]+', '9', c['output']); s = re.sub(r'[A-Za-z]+', 'a', s)
    return (c['task'], c['course'], s[:40])
out, seen = [], set()
def add(c):
    if isinstance(c['course'], str) or len(c['output']) > 600 or c['output'] in seen: return
    seen.add(c['output']); out.append(c)
first = [c for c in cases if c['id'] in before]
rng.shuffle(first)
per = collections.Counter()
for c in first:
    if isinstance(c['course'], str): continue
    k = (c['task'], c['course'] > 0)
    if per[k] < 60: per[k] += 1; add(c)
by_shape = {}
for c in cases: by_shape.setdefault(shape(c), c)
rest = list(by_shape.values()); rng.shuffle(rest)
for c in rest:
    if len(out) >= 320: break
    add(c)
with open('fuzzed-samples.jsonl', 'w') as f:
    for c in sorted(out, key=lambda c: (c['task'], c['id'])):
        f.write(json.dumps({'task': c['task'], 'output': c['output'], 'gold_answer': c['gold'], 'score': c['course']}, ensure_ascii=False) + '\n')
print(len(out), collections.Counter((c['task'], c['course'] > 0) for c in out))
