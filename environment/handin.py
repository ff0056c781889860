"""Packs the hand-in from the executed notebooks in build/ (environment/handin.sh runs them first).

    handin.py [--root DIR] [--without-report] [--homework N --id ANDREWID] [--notebooks]

Default, all-in-one: build/handin.zip with report.pdf (from report/report.pdf) and code/: pom.xml, lib/,
notebooks/NAME.ipynb (executed) and NAME.html, and notebooks/mathjax/ (so the HTML renders its math offline).
--homework N, the course's layout: build/ANDREWID_homeworkN.zip with HomeworkN.pdf (from report/homeworkN.pdf),
code-solutions/ (pom.xml, lib/, the homework's notebook hwN-*.ipynb executed, its HTML and mathjax/) and viz/
(the notebook's figures). Sources are the files git tracks, dotfiles left out (no lib/.env). A zip already
at the target path is kept, renamed with its modification time (build/handin-20251206-143000.zip).
--notebooks prints the names of the notebooks the hand-in needs and exits (handin.sh runs those).
Bad arguments or missing inputs: one "handin: error: ..." line on stderr, exit 2.
"""
import argparse
import datetime
import pathlib
import re
import subprocess
import sys
import zipfile


class HandinError(Exception):
    pass


def tracked_sources(root):
    """pom.xml and lib/ as git tracks them, without dotfiles (any path part starting with '.')."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", "pom.xml", "lib"],
                             check=True, capture_output=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        raise HandinError(f"{root} is not a git checkout: the hand-in packs the files git tracks")
    paths = [pathlib.Path(p) for p in out.split("\0") if p]
    return [p for p in paths if not any(part.startswith(".") for part in p.parts) and (root / p).is_file()]


def notebooks(root, homework):
    names = sorted(p.stem for p in (root / "notebooks").glob("*.ipynb"))
    if homework is None:
        return names
    mine = [n for n in names if n.startswith(f"hw{homework}-")]
    if len(mine) != 1:
        raise HandinError(f"no single notebook notebooks/hw{homework}-*.ipynb for homework {homework} (found {mine})")
    return mine


def report(root, homework):
    """(the report's path, its name in the zip); raises if it is missing."""
    source, name = ((root / "report" / "report.pdf", "report.pdf") if homework is None
                    else (root / "report" / f"homework{homework}.pdf", f"Homework{homework}.pdf"))
    if not source.is_file():
        raise HandinError(f"no {source.relative_to(root)}: put your report there, or pack the code alone with --without-report")
    return source, name


def entries(root, homework, andrew_id, with_report):
    """(source, name in the zip) pairs, and the zip's path."""
    build = root / "build"
    code = "code" if homework is None else "code-solutions"
    out = [(root / p, f"{code}/{p.as_posix()}") for p in tracked_sources(root)]
    for name in notebooks(root, homework):
        out.append((build / "notebooks" / f"{name}.ipynb", f"{code}/notebooks/{name}.ipynb"))
        out.append((build / "html" / f"{name}.html", f"{code}/notebooks/{name}.html"))
        if homework is not None:
            out += [(f, f"viz/{f.name}") for f in sorted((build / "figures" / name).glob("*.png"))]
    mathjax = build / "html" / "mathjax"
    out += [(f, f"{code}/notebooks/mathjax/{f.relative_to(mathjax).as_posix()}")
            for f in sorted(mathjax.rglob("*")) if f.is_file()]
    if with_report:
        out.append(report(root, homework))
    zip_path = build / ("handin.zip" if homework is None else f"{andrew_id}_homework{homework}.zip")
    missing = [str(s.relative_to(root)) for s, _ in out if not s.is_file()]
    if missing:
        raise HandinError(f"missing {', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''}: run the notebooks first (bash environment/handin.sh does)")
    return out, zip_path


def keep_previous(zip_path):
    """Renames an existing zip with its modification time; returns the new path, or None."""
    if not zip_path.exists():
        return None
    stamp = datetime.datetime.fromtimestamp(zip_path.stat().st_mtime).strftime("%Y%m%d-%H%M%S")
    kept, n = zip_path.with_name(f"{zip_path.stem}-{stamp}.zip"), 1
    while kept.exists():
        kept, n = zip_path.with_name(f"{zip_path.stem}-{stamp}-{n}.zip"), n + 1
    zip_path.rename(kept)
    return kept


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parent.parent)
    parser.add_argument("--without-report", action="store_true")
    parser.add_argument("--homework", type=int, choices=range(1, 5), metavar="N", help="1 to 4")
    parser.add_argument("--id", dest="andrew_id", help="your Andrew ID, names the --homework zip")
    parser.add_argument("--notebooks", action="store_true", help="print the notebooks the hand-in needs and exit")
    parser.error = lambda message: fail(message)
    a = parser.parse_args()
    root = a.root.resolve()
    try:
        if a.homework is None and a.andrew_id is not None:
            raise HandinError("--id names a --homework zip; the all-in-one zip is build/handin.zip")
        if a.homework is not None and not re.fullmatch(r"[A-Za-z0-9_-]+", a.andrew_id or ""):
            raise HandinError("--homework needs --id ANDREWID (letters, digits, '-' or '_')")
        if a.notebooks:
            if not a.without_report:
                report(root, a.homework)
            print(" ".join(notebooks(root, a.homework)))
            return
        files, zip_path = entries(root, a.homework, a.andrew_id, not a.without_report)
    except HandinError as e:
        fail(str(e))
    kept = keep_previous(zip_path)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for source, name in files:
            z.write(source, name)
    if kept:
        print(f"handin: kept the previous {zip_path.name} as {kept.name}")
    print(f"handin: wrote {zip_path} ({len(files)} files, {zip_path.stat().st_size / 1e6:.1f} MB)"
          + ("" if not a.without_report else " without a report"))


def fail(message):
    print(f"handin: error: {message}", file=sys.stderr)
    sys.exit(2)


if __name__ == "__main__":
    main()
