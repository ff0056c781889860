#!/usr/bin/env bash
# Reproduces the embedded models from scratch: the target, then the draft distilled from it.
# CPU only, about an hour on 2 cores. Needs a built library (mvn -q -o package -DskipTests).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
bin/inferlab train --config environment/train-target.json --out data/models/target
bin/inferlab train --config environment/train-draft.json --out data/models/draft
