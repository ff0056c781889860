#!/usr/bin/env bash
# Graphviz `dot` renders trace and architecture diagrams (inferlab.system.TraceDiagram). Idempotent.
set -euo pipefail
if ! command -v dot >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq graphviz
fi
dot -V
