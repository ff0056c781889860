#!/usr/bin/env python3
"""Batched greedy generation with Hugging Face transformers on PyTorch (CPU): the peer of
`bin/inferlab bench serve --peer`.

Reads prompts as lists of token ids (a JSON file), and on each stdin line "measure B SECONDS" runs
`model.generate` on the first B prompts as one batch, left-padded with an attention mask as Hugging Face does
for decoder-only models, greedy, up to --new-tokens new tokens (a row that emits EOS is padded from then on, as
generate does). It repeats until the timed calls add up to SECONDS and answers with one JSON line: the useful
tokens (each row's new tokens up to and including its EOS) and their rate. End of input ends the process.
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import json
import time

import torch

import peer_protocol


def generate_once(model, prompts, new_tokens, eos, pad):
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for i, p in enumerate(prompts):
        ids[i, width - len(p):] = torch.tensor(p)
        mask[i, width - len(p):] = 1
    start = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(input_ids=ids, attention_mask=mask, do_sample=False, max_new_tokens=new_tokens,
                             eos_token_id=eos, pad_token_id=pad)
    seconds = time.perf_counter() - start
    useful = 0
    for row in out[:, width:].tolist():
        useful += row.index(eos) + 1 if eos in row else len(row)
    return useful, seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, help="Hugging Face model directory")
    ap.add_argument("--prompts", required=True, help="JSON file: a list of lists of token ids")
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()

    model = peer_protocol.load(a.model, a.threads)
    with open(a.prompts) as f:
        prompts = json.load(f)
    eos = model.config.eos_token_id
    eos = eos[0] if isinstance(eos, list) else eos
    pad = model.config.pad_token_id if model.config.pad_token_id is not None else eos

    def measure(args):
        batch, seconds = int(args[0]), float(args[1])
        tokens, spent = peer_protocol.until(seconds, lambda: generate_once(model, prompts[:batch], a.new_tokens, eos, pad))
        return {"peer": peer_protocol.VERSIONS, "batch": batch, "tokens": tokens, "seconds": spent,
                "tokens_per_s": tokens / spent}

    peer_protocol.serve(measure)


if __name__ == "__main__":
    main()
