#!/usr/bin/env bash
# The main job: set up (only what is missing), build the library, execute the notebooks headless.
#   bash environment/run-all.sh                 all notebooks/*.ipynb
#   bash environment/run-all.sh 00-smoke ...    only these
#   INFERLAB_QUICK=1 bash environment/run-all.sh   quick mode (small sample counts)
# Output: build/notebooks/NAME.ipynb (executed), build/html/NAME.html, build/figures/NAME/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${INFERLAB_PYTHON:-/usr/bin/python3}"
# a misspelt notebook name fails at once, not after the setup and the build (a fresh machine has no python3 yet)
if [ -x "$PY" ]; then "$PY" environment/run_notebooks.py --check "$@"; fi
bash environment/setup.sh
mvn -q -B -ntp -Dstyle.color=never package -DskipTests
exec "$PY" environment/run_notebooks.py "$@"
