#!/usr/bin/env bash
# Packs the hand-in: build/handin.zip with
#   report.pdf                      your report, from report/report.pdf
#   code/pom.xml, code/lib/         the library's build file and sources (no build output)
#   code/notebooks/NAME.ipynb       every notebook, freshly executed
#   code/notebooks/NAME.html        and its HTML export
# Usage: bash environment/handin.sh [--without-report]
set -euo pipefail
cd "$(dirname "$0")/.."

report=report/report.pdf
with_report=1
case "${1:-}" in
    "") ;;
    --without-report) with_report=0 ;;
    *) echo "usage: bash environment/handin.sh [--without-report]" >&2; exit 2 ;;
esac
if ((with_report)) && [ ! -f "$report" ]; then
    echo "handin: no $report. Put your report there, or pack the code alone with --without-report." >&2
    exit 1
fi

bash environment/run-all.sh   # fails (and stops here) if any notebook fails

"${INFERLAB_PYTHON:-/usr/bin/python3}" - "$with_report" "$report" <<'PY'
import pathlib, sys, zipfile
with_report, report = sys.argv[1] == "1", pathlib.Path(sys.argv[2])
build = pathlib.Path("build")
zip_path = build / "handin.zip"
entries = [(pathlib.Path("pom.xml"), "code/pom.xml")]
entries += [(p, f"code/{p}") for p in sorted(pathlib.Path("lib").rglob("*"))
            if p.is_file() and "target" not in p.parts]
for nb in sorted(pathlib.Path("notebooks").glob("*.ipynb")):
    entries.append((build / "notebooks" / nb.name, f"code/notebooks/{nb.name}"))
    entries.append((build / "html" / f"{nb.stem}.html", f"code/notebooks/{nb.stem}.html"))
if with_report:
    entries.append((report, "report.pdf"))
with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
    for source, name in entries:
        z.write(source, name)
size = zip_path.stat().st_size / 1e6
print(f"handin: wrote {zip_path} ({len(entries)} files, {size:.1f} MB)"
      + ("" if with_report else " without a report"))
PY
