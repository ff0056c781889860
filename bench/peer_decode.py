#!/usr/bin/env python3
"""Decode speed of Hugging Face transformers on PyTorch (CPU): the peer of `bin/inferlab bench peer`.

Loads a Hugging Face model directory, prefills a prompt of token ids, then times a greedy decode loop
of batch 1 with the KV cache (one token per forward pass, as InferLab's Session.append(token) does).
Each line "measure SECONDS" on stdin decodes until the timed loops add up to SECONDS and answers with one
JSON line (tokens, tokens/s); the process stays up between lines, so InferLab's bench loads the model once and
then takes turns with it, round by round. End of input ends the process.
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import time

import torch

import peer_protocol


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
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    model = peer_protocol.load(a.model, a.threads)
    g = torch.Generator().manual_seed(a.seed)
    prompt = torch.randint(0, model.config.vocab_size, (1, a.prompt_tokens), generator=g)

    def measure(args):
        tokens, seconds = peer_protocol.until(float(args[0]),
                                              lambda: (a.new_tokens, decode_seconds(model, prompt, a.new_tokens)))
        return {"peer": peer_protocol.VERSIONS, "threads": a.threads, "prompt_tokens": a.prompt_tokens,
                "tokens": tokens, "tokens_per_s": tokens / seconds}

    peer_protocol.serve(measure)


if __name__ == "__main__":
    main()
