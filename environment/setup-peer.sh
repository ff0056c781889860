#!/usr/bin/env bash
# Installs the peer of `bin/inferlab bench peer`: Hugging Face transformers on PyTorch (CPU) in a venv under
# build/peer-venv. Uses the machine's local package index when there is one (pip's default index may be
# unreachable and hang); set PIP_INDEX_URL to choose another.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/peer-venv
python3 -m venv "$venv"
args=()
if [[ -z "${PIP_INDEX_URL:-}" ]]; then
  for index in /opt/pypi/simple /opt/pypi-more/simple; do
    if [[ -d $index ]]; then
      if [[ ${#args[@]} -eq 0 ]]; then args+=(--index-url "file://$index"); else args+=(--extra-index-url "file://$index"); fi
    fi
  done
  [[ -d /opt/wheels ]] && args+=(--find-links /opt/wheels)
fi
"$venv/bin/pip" install -q "${args[@]}" torch transformers safetensors
"$venv/bin/python" -c 'import torch, transformers; print("peer ready: torch", torch.__version__, "transformers", transformers.__version__)'
