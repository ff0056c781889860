#!/usr/bin/env python3
"""Decode speed of Hugging Face transformers on PyTorch (CPU): the peer of `bin/inferlab bench peer`.

Loads a Hugging Face model directory, prefills a prompt of token ids, then times a greedy decode loop
of batch 1 with the KV cache (one token per forward pass, as InferLab's Session.append(token) does).
Prints one JSON object: the median decode tokens/s over the repeats after one warm-up run.
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import json
import statistics
import time

import torch
import transformers


def decode_seconds(model, prompt, new_tokens):
    with torch.inference_mode():
        out = model(input_ids=prompt, use_cache=True)
        cache = out.past_key_values
        token = out.logits[:, -1:].argmax(-1)
        start = time.perf_counter()
        for _ in range(new_tokens):
            out = model(input_ids=token, past_key_values=cache, use_cache=True)
            cache = out.past_key_values
            token = out.logits[:, -1:].argmax(-1)
        return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, help="Hugging Face model directory")
    ap.add_argument("--prompt-tokens", type=int, default=32)
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    model = transformers.AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    model.eval()
    g = torch.Generator().manual_seed(a.seed)
    prompt = torch.randint(0, model.config.vocab_size, (1, a.prompt_tokens), generator=g)

    decode_seconds(model, prompt, a.new_tokens)  # warm-up
    seconds = [decode_seconds(model, prompt, a.new_tokens) for _ in range(a.repeats)]
    print(json.dumps({
        "peer": "transformers " + transformers.__version__ + " / torch " + torch.__version__,
        "threads": a.threads,
        "prompt_tokens": a.prompt_tokens,
        "new_tokens": a.new_tokens,
        "parameters": sum(p.numel() for p in model.parameters()),
        "tokens_per_s": a.new_tokens / statistics.median(seconds),
        "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
