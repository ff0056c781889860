#!/usr/bin/env bash
# Reproduces the embedded models from scratch on the CPU (see data/models/README.md for the wall-clock):
#   1. the tokenizer (digits split) and the task files, both deterministic, checked against data/;
#   2. the target, on the corpus and fresh task items;
#   3. the draft, distilled from the finished target, then distilled twice more at lower learning rates;
#   4. a second phase of the target, mostly graph paths with their scratchpad, and a fourth of the draft;
#   5. a fifth of the draft on the target's own continuations (inferlab.train.SelfDistillation);
#   6. the model card's numbers (data/models/report.json).
# Resumable: each run checkpoints to build/train/<name>/ every 100 steps, and rerunning this script continues
# where it stopped. A model trains into build/models/<name>; only a finished one moves into data/models/<name>
# (its model card kept), so an interrupted run never leaves a half-trained model there.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
mvn -B -ntp -q -f lib/pom.xml package -DskipTests
cp="lib/target/classes:lib/target/dependency/*"
# One intra-op thread: on a shared two-core machine, multi-threaded kernels stall on descheduled threads.
export OMP_NUM_THREADS=1
mkdir -p build/train build/models
java -cp "$cp" inferlab.train.BpeTrainer data/corpus data/tasks 4096 build/train/tokenizer.json
cmp -s build/train/tokenizer.json data/tokenizer/tokenizer.json \
  || { echo "train-models: the retrained tokenizer differs from data/tokenizer/tokenizer.json" >&2; exit 1; }
publish() {
  local new="build/models/$1" dest="data/models/$1" old f
  # the previous model goes whole, so it must hold only a model's files (those train lists in the new model's
  # marker) and the model card: a file someone added there is refused, not deleted
  if [[ -d "$dest" ]]; then
    while IFS= read -r -d '' f; do
      f="${f#"$dest"/}"
      [[ "$f" == README.md || "$f" == .inferlab-train ]] || grep -qxF -- "$f" "$new/.inferlab-train" || {
        echo "error: $dest/$f was not written by training: move it away and rerun (the new model waits in $new)" >&2
        exit 2
      }
    done < <(find "$dest" ! -type d -print0)
  fi
  [[ -f "$dest/README.md" ]] && cp "$dest/README.md" "$new/README.md"  # the model card stays
  old="$(mktemp -d "data/models/.$1.previous.XXXXXX")"
  [[ -e "$dest" ]] && mv "$dest" "$old/"
  mv "$new" "$dest"
  rm -rf "$old"
}
bin/inferlab train --config environment/train-target.json --out build/models/target --run build/train/target
publish target
bin/inferlab train --config environment/train-draft.json --out build/models/draft --run build/train/draft
publish draft
# two more distillation phases from the published draft (each log continues the one before): gentler, then
# pure distillation on more corpus, which lifted greedy agreement with the target from 0.640 to 0.656
bin/inferlab train --config environment/train-draft-phase2.json --out build/models/draft --run build/train/draft-phase2
publish draft
bin/inferlab train --config environment/train-draft-phase3.json --out build/models/draft --run build/train/draft-phase3
publish draft
# a second phase of the target from the published one, weighted towards graph paths in their scratchpad
# format (which postdates the draft: the draft's distillation above used the first-phase target)
bin/inferlab train --config environment/train-target-phase2.json --out build/models/target --run build/train/target-phase2
publish target
# the draft distilled once more, from the second-phase target, to keep its greedy agreement
bin/inferlab train --config environment/train-draft-phase4.json --out build/models/draft --run build/train/draft-phase4
publish draft
# a fifth phase on the target's own greedy continuations of 16,000 corpus windows beside the corpus (sequence-level
# self-distillation): what speculative decoding asks of a draft is to agree with what the target writes
java --add-modules jdk.incubator.vector -cp "$cp" inferlab.train.SelfDistillation data/models/target data/corpus build/train/draft-self-distillation 16000 64 18
bin/inferlab train --config environment/train-draft-phase5.json --out build/models/draft --run build/train/draft-phase5
publish draft
java -cp "$cp" inferlab.train.ModelReport data/models/target data/models/draft data/models/report.json
