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
bin/inferlab train --config environment/train-target.json --out data/models/target &
target=$!
bin/inferlab train --config environment/train-draft-pretrain.json --out data/models/draft &
draft=$!
wait "$target"
wait "$draft"
bin/inferlab train --config environment/train-draft.json --out data/models/draft
# Second target phase: 1100 more steps from the first run's weights, more corpus (30% tasks, now with
# multiple choice), lower learning rate; then the draft is distilled again towards the new target.
bin/inferlab train --config environment/train-target-phase2.json --out data/models/target
bin/inferlab train --config environment/train-draft-phase3.json --out data/models/draft
# The numbers of the model card (data/models/README.md):
java -cp "lib/target/classes:lib/target/dependency/*" inferlab.train.ModelReport \
  data/models/target data/models/draft data/models/report.json
