#!/usr/bin/env bash
# Reproduces the embedded models from scratch (CPU only; about 95 minutes on 2 shared cores):
#   1. the target, and in parallel a first phase of the draft trained on the same data (plain cross-entropy);
#   2. the draft's second phase, distilled from the finished target (see inferlab.train.Trainer).
# Needs a built library: mvn -q -o package -DskipTests.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
# One intra-op thread per run: with shared cores, multi-threaded kernels stall on descheduled threads.
export OMP_NUM_THREADS=1
# Each phase trains into build/models/NAME; only a finished model moves into data/models/NAME (where the next
# phase's init and teacher point), so an interrupted run never leaves a half-trained model there.
mkdir -p build/models
publish() {
  local new="build/models/$1" dest="data/models/$1" old
  [[ -f "$dest/README.md" ]] && cp "$dest/README.md" "$new/README.md"  # the model card stays
  old="$(mktemp -d "data/models/.$1.previous.XXXXXX")"
  [[ -e "$dest" ]] && mv "$dest" "$old/"
  mv "$new" "$dest"
  rm -rf "$old"
}
bin/inferlab train --config environment/train-target.json --out build/models/target &
target=$!
bin/inferlab train --config environment/train-draft-pretrain.json --out build/models/draft &
draft=$!
wait "$target"
wait "$draft"
publish target
publish draft
bin/inferlab train --config environment/train-draft.json --out build/models/draft
publish draft
# Second target phase: 1100 more steps from the first run's weights, more corpus (30% tasks, now with
# multiple choice), lower learning rate; then the draft is distilled again towards the new target.
bin/inferlab train --config environment/train-target-phase2.json --out build/models/target
publish target
bin/inferlab train --config environment/train-draft-phase3.json --out build/models/draft
publish draft
# The numbers of the model card (data/models/README.md):
java -cp "lib/target/classes:lib/target/dependency/*" inferlab.train.ModelReport \
  data/models/target data/models/draft data/models/report.json
