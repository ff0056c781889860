#!/usr/bin/env python3
"""Training speed of PyTorch with Hugging Face transformers' model: the peer of `bin/inferlab bench train`.

Builds the model of a training config's "model" object (a Hugging Face config.json) with random weights and
times PyTorch's own training step on random batches of the config's shape: forward, next-token cross-entropy,
backward, clip_grad_norm_, torch.optim.AdamW (betas 0.9/0.95, eps 1e-8, decay on matrices only, as InferLab's
AdamW). Each line "measure SECONDS" on stdin runs steps until the timed ones add up to SECONDS and answers with
one JSON line (tokens, seconds); end of input ends the process.
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F
import transformers

import peer_protocol


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", required=True, help="InferLab training config (JSON)")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    with open(a.config) as f:
        run = json.load(f)
    config = transformers.AutoConfig.for_model(**run["model"])
    model = transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.train()
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": run["weight_decay"]},
                             {"params": rest, "weight_decay": 0.0}],
                            lr=run["learning_rate"], betas=(0.9, 0.95), eps=1e-8)
    batch, context = run["batch_size"], run["context"]

    def step():
        ids = torch.randint(0, config.vocab_size, (batch, context + 1))
        start = time.perf_counter()
        logits = model(input_ids=ids[:, :-1]).logits
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), run["grad_clip"])
        opt.step()
        opt.zero_grad(set_to_none=True)
        return time.perf_counter() - start

    def measure(args):
        tokens, seconds = peer_protocol.until(float(args[0]), lambda: (batch * context, step()))
        return {"tokens": tokens, "seconds": seconds}

    peer_protocol.serve(measure)


if __name__ == "__main__":
    main()
