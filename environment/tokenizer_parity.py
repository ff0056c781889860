#!/usr/bin/env python3
"""Writes Hugging Face `tokenizers`' ids for a sample of our texts: the fixture of TokenizerParityTest.

The sample: the first 40 lines of each corpus split (long documents cut to 1,500 characters), the first 40
test items of every task (prompt + " " + answer, as the trainer renders them), and strings that stress the
digit split and the byte alphabet. Each output line is {"text": ..., "ids": [...]}; the test encodes every
text with DJL's tokenizer (inferlab.model.HfTokenizer) and requires the same ids.
Run in the peer venv (environment/setup-peer.sh):
    build/peer-venv/bin/python environment/tokenizer_parity.py data/tokenizer/tokenizer.json \
        lib/src/test/resources/tokenizer-parity.jsonl
"""
import json
import pathlib
import sys

from tokenizers import Tokenizer

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXTRA = ["3 + 3 = 6", "12 + 30 = 42", "1234 * 5678 = 7006652", "-17 - 250 = -267", "3.14159 and 2,718,281",
         "In 1776, 13 colonies", "café naïve Zürich 東京 🙂", "  two  spaces\nand a newline\n\n", "x" * 50,
         "submit_paths(paths=[[0,3,4]], weights=[16])", "(A) affect (B) sort, so the answer is (D)."]


def texts():
    for split in ("train", "validation", "test"):
        with open(ROOT / "data/corpus" / f"{split}.txt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i == 40:
                    break
                if line.strip():
                    yield line.rstrip("\n")[:1500]
    for task in sorted(p.name for p in (ROOT / "data/tasks").iterdir() if p.is_dir()):
        with open(ROOT / "data/tasks" / task / "test.jsonl", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i == 40:
                    break
                item = json.loads(line)
                yield item["prompt"] + " " + item["answer"]
    yield from EXTRA


def main():
    tok = Tokenizer.from_file(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for t in texts():
            out.write(json.dumps({"text": t, "ids": tok.encode(t, add_special_tokens=False).ids}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
