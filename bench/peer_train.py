#!/usr/bin/env python3
"""Training speed of PyTorch on the same model shape: the peer of `bin/inferlab bench train`.

Builds a Hugging Face causal LM from a model directory's config.json (random weights), then times the training
loop InferLab's Trainer runs: batches of random token windows, next-token cross-entropy, backward, global
gradient-norm clipping at 1.0 and an AdamW step (betas 0.9/0.95, weight decay 0.1). Prints one JSON object with
the median training tokens/s over the repeats after one warm-up round.
Install with environment/setup-peer.sh and run with build/peer-venv/bin/python.
"""
import argparse
import json
import statistics
import time

import torch
import transformers


def train_seconds(model, optimizer, batches):
    start = time.perf_counter()
    for ids in batches:
        logits = model(input_ids=ids[:, :-1]).logits
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", required=True, help="directory with a Hugging Face config.json")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--context", type=int, default=256)
    ap.add_argument("--steps", type=int, default=10, help="steps per timed round")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    config = transformers.AutoConfig.from_pretrained(a.model)
    model = transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    g = torch.Generator().manual_seed(a.seed)
    batches = [torch.randint(0, config.vocab_size, (a.batch_size, a.context + 1), generator=g) for _ in range(a.steps)]

    train_seconds(model, optimizer, batches[:2])  # warm-up
    seconds = [train_seconds(model, optimizer, batches) for _ in range(a.repeats)]
    tokens = a.steps * a.batch_size * a.context
    print(json.dumps({
        "peer": "torch " + torch.__version__ + " / transformers " + transformers.__version__,
        "threads": a.threads,
        "tokens_per_second": tokens / statistics.median(seconds),
        "rounds": [tokens / s for s in seconds],
    }))


if __name__ == "__main__":
    main()
