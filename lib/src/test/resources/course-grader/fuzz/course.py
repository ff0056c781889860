"""Loads the course's eval/grader.py (neubig/lminference-fall2025-code @ fb3b319) without its network-only
imports: `openai` (only for the LLM judge) is stubbed; math_verify is the real one (0.8.0 + latex2sympy2_extended
1.10.2 built from source under /tmp/gfuzz/src)."""
import sys, types, subprocess
sys.path[:0] = ['/tmp/gfuzz/site', '/tmp/gfuzz/src']
stub = types.ModuleType('openai')
stub.AsyncOpenAI = stub.OpenAI = object
sys.modules['openai'] = stub
REPO = '/work/.mirror/neubig+lminference-fall2025-code/repo'
src = subprocess.run(['git', '-C', REPO, 'show', 'HEAD:final-project/example_code/eval/grader.py'],
                     capture_output=True, text=True, check=True).stdout
grader = types.ModuleType('grader')
exec(compile(src, 'grader.py', 'exec'), grader.__dict__)

def score(task, output, gold):
    """What evaluate_single gives (its `if not student_response` check first); 'crash:<Exc>' if it raises."""
    if not output:
        return 0.0
    try:
        if task == 'graph':
            return float(grader.GraphEvaluator.evaluate(output, gold)[0])
        return float(grader.MMLUEvaluator.evaluate(output, gold)[0])
    except BaseException as e:  # the course's run would abort here
        return 'crash:' + type(e).__name__
