#!/usr/bin/env python3
"""Decode speed of Hugging Face transformers on PyTorch (CPU): the peer of `bin/inferlab bench peer`.

Loads a Hugging Face model directory, prefills a prompt of token ids, then times a greedy decode loop
of batch 1 with the KV cache (one token per forward pass, as InferLab's Session.append(token) does).
After warm-up runs of about --seconds / 2, decodes until the timed loops add up to --seconds and prints
one JSON object with the tokens/s of that measurement (InferLab's bench runs this script once per round,
taking turns with its own engines).
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import json
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
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    model = transformers.AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    model.eval()
    g = torch.Generator().manual_seed(a.seed)
    prompt = torch.randint(0, model.config.vocab_size, (1, a.prompt_tokens), generator=g)

    warm = 0.0
    while warm < a.seconds / 2:
        warm += decode_seconds(model, prompt, a.new_tokens)
    seconds = []
    while sum(seconds) < a.seconds:
        seconds.append(decode_seconds(model, prompt, a.new_tokens))
    print(json.dumps({
        "peer": "transformers " + transformers.__version__ + " / torch " + torch.__version__,
        "threads": a.threads,
        "prompt_tokens": a.prompt_tokens,
        "new_tokens": a.new_tokens,
        "parameters": sum(p.numel() for p in model.parameters()),
        "tokens": a.new_tokens * len(seconds),
        "tokens_per_s": a.new_tokens * len(seconds) / sum(seconds),
        "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
