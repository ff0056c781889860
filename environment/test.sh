#!/usr/bin/env bash
# The test command: builds the library and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify
