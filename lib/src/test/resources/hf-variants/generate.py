"""Tiny random Hugging Face checkpoints of the configuration variants HfVariantsTest checks, with transformers'
fp32 outputs. Run from this directory with the peer venv:

    ../../../../../build/peer-venv/bin/python generate.py [NAME ...]   (any Python with torch + transformers)

Each models/NAME/ holds what save_pretrained wrote (config.json, safetensors weights, possibly sharded and in
half precision), the config edits listed below applied afterwards (and the weight files rewritten where POST
says), and reference.json: for three prompts, the
logits transformers computes on the weights read back in fp32.
"""
import json
import os
import shutil
import sys
import zlib

import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForCausalLM, GPT2Config, LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config

VOCAB = 256
LLAMA_SIZES = dict(vocab_size=VOCAB, hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                   num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64,
                   bos_token_id=1, eos_token_id=2)


def legacy_linear_rope(c):
    """The older config form: top-level rope_theta and rope_scaling with "type"."""
    c.pop("rope_parameters", None)
    c["rope_theta"] = 500000.0
    c["rope_scaling"] = {"type": "linear", "factor": 2.0}


def llama3_without_original_max(c):
    """transformers then takes original_max_position_embeddings from max_position_embeddings."""
    c["rope_parameters"].pop("original_max_position_embeddings", None)


def legacy_yarn_rope(c):
    """Qwen2.5's documented way of extending the context: rope_scaling {"type": "yarn", ...} beside rope_theta."""
    c.pop("rope_parameters", None)
    c["rope_theta"] = 100.0
    c["rope_scaling"] = {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 48}


def rope_scaling_added(c):
    """Qwen's documented way of enabling YaRN, adding rope_scaling to config.json, done to a config transformers 5
    saved with rope_parameters: transformers then uses rope_scaling alone, so rope_theta is the default 10000."""
    c["rope_scaling"] = {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 16}


def mistral_default_window(c):
    """An absent sliding_window means Mistral's 4096, longer than this model's 64 positions: no effect."""
    c.pop("sliding_window", None)


def hub_gpt2_layout(out):
    """openai-community/gpt2's model.safetensors: names without "transformer.", the causal masks attn.bias
    [1, 1, n_positions, n_positions] stored, and no lm_head (tied)."""
    path = os.path.join(out, "model.safetensors")
    tensors = {k.removeprefix("transformer."): t for k, t in load_file(path).items() if k != "lm_head.weight"}
    for i in range(2):
        tensors[f"h.{i}.attn.bias"] = torch.tril(torch.ones(64, 64, dtype=torch.float16)).view(1, 1, 64, 64)
    save_file(tensors, path, metadata={"format": "pt"})


# name: function(dir) changing the written weight files, after any config edit
POST = {"gpt2-hub-layout": hub_gpt2_layout}

# name: (config, dtype of the stored weights, max_shard_size, edit of the written config.json)
VARIANTS = {
    # multi-head, head_dim 16 != hidden / heads, eps 1e-6, linear RoPE in the legacy form, bf16, sharded
    "llama-legacy-linear": (LlamaConfig(**{**LLAMA_SIZES, "num_key_value_heads": 4, "head_dim": 16,
                                           "rms_norm_eps": 1e-6}),
                            torch.bfloat16, "20KB", legacy_linear_rope),
    # one key/value head, tied embeddings, attention_bias and mlp_bias, llama3 RoPE, fp16
    "llama-biases": (LlamaConfig(**{**LLAMA_SIZES, "num_key_value_heads": 1, "tie_word_embeddings": True,
                                    "attention_bias": True, "mlp_bias": True,
                                    "rope_parameters": {"rope_type": "llama3", "rope_theta": 10000.0,
                                                        "factor": 4.0, "low_freq_factor": 1.0,
                                                        "high_freq_factor": 4.0}}),
                     torch.float16, None, llama3_without_original_max),
    # YaRN with the default band and attention factor, theta 100 and head width 16 so the band spans several pairs
    "qwen2-yarn": (Qwen2Config(**{**LLAMA_SIZES, "num_attention_heads": 2, "num_key_value_heads": 1}),
                   torch.float16, None, legacy_yarn_rope),
    # YaRN with its band (beta_fast, beta_slow) given, not rounded (truncate false), and the attention factor from
    # mscale / mscale_all_dim; original_max_position_embeddings absent, so max_position_embeddings
    "llama-yarn-mscale": (LlamaConfig(**{**LLAMA_SIZES, "num_attention_heads": 2, "num_key_value_heads": 2,
                                         "rope_parameters": {"rope_type": "yarn", "rope_theta": 100.0, "factor": 4.0,
                                                             "beta_fast": 8.0, "beta_slow": 2.0, "mscale": 1.0,
                                                             "mscale_all_dim": 0.5, "truncate": False}}),
                          torch.float16, None, lambda c: c["rope_parameters"].pop("original_max_position_embeddings", None)),
    # dynamic NTK RoPE, which changes nothing up to max_position_embeddings
    "mistral": (MistralConfig(**{**LLAMA_SIZES, "rope_parameters": {"rope_type": "dynamic", "rope_theta": 10000.0,
                                                                    "factor": 2.0}}),
                torch.float16, None, mistral_default_window),
    # use_sliding_window on, but max_window_layers 2 leaves every layer on full attention
    "qwen2-window-unused": (Qwen2Config(**{**LLAMA_SIZES, "use_sliding_window": True, "sliding_window": 4,
                                          "max_window_layers": 2}), torch.float16, None, None),
    # Qwen3, the course's family: RMSNorm of each query and key head (q_norm, k_norm) before RoPE, head_dim 16
    # != hidden / heads, attention_bias on the four attention projections, tied embeddings
    "qwen3": (Qwen3Config(**{**LLAMA_SIZES, "head_dim": 16, "attention_bias": True, "tie_word_embeddings": True}),
              torch.float16, None, None),
    # rope_scaling beside rope_parameters (theta 100, not used); use_sliding_window on every layer
    # (max_window_layers 0) with a window of all 64 positions, which is causal attention
    "qwen3-rope-scaling-added": (Qwen3Config(**{**LLAMA_SIZES, "num_attention_heads": 2, "num_key_value_heads": 1,
                                               "head_dim": 16, "use_sliding_window": True, "sliding_window": 64,
                                               "max_window_layers": 0,
                                               "rope_parameters": {"rope_type": "default", "rope_theta": 100.0}}),
                                 torch.float16, None, rope_scaling_added),
    "gpt2-variants": (GPT2Config(vocab_size=VOCAB, n_embd=32, n_layer=2, n_head=4, n_positions=64, n_inner=80,
                                 activation_function="gelu_pytorch_tanh", scale_attn_by_inverse_layer_idx=True,
                                 reorder_and_upcast_attn=True, tie_word_embeddings=False,
                                 bos_token_id=1, eos_token_id=2),
                      torch.float16, None, None),
    # gelu_fast (the tanh approximation written differently), layer_norm_epsilon 1e-3, tied, in the Hub's layout
    "gpt2-hub-layout": (GPT2Config(vocab_size=VOCAB, n_embd=32, n_layer=2, n_head=4, n_positions=64,
                                   activation_function="gelu_fast", layer_norm_epsilon=1e-3, bos_token_id=1,
                                   eos_token_id=2),
                        torch.float16, None, None),
}

gen = torch.Generator().manual_seed(1)
PROMPTS = [[5], torch.randint(3, VOCAB, (7,), generator=gen).tolist(),
           torch.randint(3, VOCAB, (40,), generator=gen).tolist()]
GREEDY_TOKENS = 10


def rounded(rows):
    return [[float(f"{x:.7g}") for x in row] for row in rows]


def greedy(model, ids):
    """Greedy continuation by full forward passes (no cache), and the smallest top-two logit gap on the way."""
    seq, margin = list(ids), float("inf")
    for _ in range(GREEDY_TOKENS):
        logits = model(torch.tensor([seq])).logits[0, -1]
        top = torch.topk(logits, 2).values
        margin = min(margin, float(top[0] - top[1]))
        seq.append(int(logits.argmax()))
    return seq[len(ids):], margin


def main(only=()):
    for name, (config, dtype, shard, edit) in VARIANTS.items():
        if only and name not in only:
            continue
        out = os.path.join("models", name)
        shutil.rmtree(out, ignore_errors=True)
        torch.manual_seed(zlib.crc32(name.encode()))  # each model its own weights, whatever the order
        model = AutoModelForCausalLM.from_config(config)
        with torch.no_grad():  # larger than the default init, and nonzero biases and gains, so every term matters
            for pname, p in model.named_parameters():
                is_gain = p.dim() == 1 and ("norm" in pname or "ln_" in pname) and pname.endswith("weight")
                p.copy_(1 + 0.2 * torch.randn_like(p) if is_gain else 0.2 * torch.randn_like(p))
        model.to(dtype).save_pretrained(out, **({"max_shard_size": shard} if shard else {}))
        if edit:
            path = os.path.join(out, "config.json")
            with open(path) as f:
                c = json.load(f)
            edit(c)
            with open(path, "w") as f:
                json.dump(c, f, indent=2)
        if name in POST:
            POST[name](out)
        ref = AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
        prompts = []
        with torch.no_grad():
            for ids in PROMPTS:
                logits = ref(torch.tensor([ids])).logits[0]
                p = {"ids": ids, "last_logits": rounded([logits[-1].tolist()])[0],
                     "argmax_per_pos": logits.argmax(-1).tolist()}
                if len(ids) <= 7:
                    p["all_logits"] = rounded(logits.tolist())
                p["greedy"], p["greedy_min_margin"] = greedy(ref, ids)
                prompts.append(p)
        with open(os.path.join(out, "reference.json"), "w") as f:
            json.dump({"prompts": prompts}, f)
        size = sum(os.path.getsize(os.path.join(out, x)) for x in os.listdir(out))
        print(f"{name}: {size} bytes, smallest greedy margin {min(p['greedy_min_margin'] for p in prompts):.3g}")


if __name__ == "__main__":
    main(sys.argv[1:])
