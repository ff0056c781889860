#!/usr/bin/env bash
# The test command: sets up Jupyter and the notebook kernel (an end-to-end test executes a notebook),
# then builds the library and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash environment/setup.sh
exec mvn -B -ntp verify
