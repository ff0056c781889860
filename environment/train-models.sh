#!/usr/bin/env bash
# Reproduces the embedded models from scratch on the CPU (see data/models/README.md for the wall-clock):
#   1. the tokenizer (digits split) and the task files, both deterministic;
#   2. the target, on the corpus and fresh task items;
#   3. the draft, distilled from the finished target;
#   4. the model card's numbers (data/models/report.json).
# Resumable: each run checkpoints to build/train/<name>/ every 100 steps, and rerunning this script continues
# where it stopped. data/models/<name> keeps the previous model until the new one is complete.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
mvn -B -ntp -q -f lib/pom.xml package -DskipTests
cp="lib/target/classes:lib/target/dependency/*"
# One intra-op thread: on a shared two-core machine, multi-threaded kernels stall on descheduled threads.
export OMP_NUM_THREADS=1
java -cp "$cp" inferlab.train.BpeTrainer data/corpus data/tasks 4096 build/train/tokenizer.json
cmp -s build/train/tokenizer.json data/tokenizer/tokenizer.json \
  || { echo "train-models: the retrained tokenizer differs from data/tokenizer/tokenizer.json" >&2; exit 1; }
bin/inferlab train --config environment/train-target.json --out data/models/target --run build/train/target
bin/inferlab train --config environment/train-draft.json --out data/models/draft --run build/train/draft
java -cp "$cp" inferlab.train.ModelReport data/models/target data/models/draft data/models/report.json
