#!/usr/bin/env bash
# Packs the hand-in after executing the notebooks it needs (see environment/handin.py for the layout):
#   bash environment/handin.sh [--without-report]                  build/handin.zip: report/report.pdf and
#                                                                   code/ (pom.xml, lib/, every notebook and its HTML)
#   bash environment/handin.sh --homework N --id ANDREWID [--without-report]
#                                                                   build/ANDREWID_homeworkN.zip in the course's layout:
#                                                                   HomeworkN.pdf, code-solutions/, viz/
# An earlier zip of the same name is kept, renamed with its time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${INFERLAB_PYTHON:-/usr/bin/python3}"
needed=$("$PY" environment/handin.py --notebooks "$@")   # checks the arguments before anything runs
# shellcheck disable=SC2086  # notebook names have no spaces
bash environment/run-all.sh $needed   # fails (and stops here) if a notebook fails
exec "$PY" environment/handin.py "$@"
