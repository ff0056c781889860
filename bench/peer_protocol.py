"""The peer benchmarks' side of the protocol InferLab's PeerProcess speaks: one JSON line {"ready": versions},
then one JSON answer per request line ("measure ..."), until end of input ends the process."""
import json
import sys

import torch
import transformers

VERSIONS = "transformers " + transformers.__version__ + " / torch " + torch.__version__


def load(model_dir, threads):
    """A Hugging Face model directory in fp32 and eval mode, run on `threads` intra-op threads."""
    torch.set_num_threads(threads)
    model = transformers.AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model.eval()
    return model


def until(seconds, run):
    """Calls run() -> (units, timed seconds) until the timed seconds add up to `seconds`; returns both totals."""
    units, spent = 0, 0.0
    while spent < seconds:
        u, s = run()
        units, spent = units + u, spent + s
    return units, spent


def serve(answer):
    """Announces readiness, then answers each request line with the dict answer(words after the command)."""
    print(json.dumps({"ready": VERSIONS}), flush=True)
    for line in sys.stdin:
        print(json.dumps(answer(line.split()[1:])), flush=True)
