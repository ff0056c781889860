"""Executes InferLab notebooks headless on the `inferlab-java` kernel and exports them.

    /usr/bin/python3 environment/run_notebooks.py [--out DIR] [--timeout SECONDS] [NOTEBOOK ...]

Without arguments it runs every notebooks/*.ipynb in name order; arguments are paths or names
("00-smoke" or "00-smoke.ipynb" in notebooks/). Each notebook runs in a fresh kernel with its own
directory as working directory. For each notebook NAME it writes, under DIR (default build/):
notebooks/NAME.ipynb (executed), html/NAME.html, figures/NAME/NN-title.png (every image/png output) and
logs/NAME.kernel.log. The HTML renders its math wherever it is opened: it loads MathJax from html/mathjax/ (the
files it needs, copied from Debian's libjs-mathjax) and, when that copy is missing, from a public CDN. Any error output (exception, compile error) fails the notebook: its message is
printed and the exit status is 1. The kernel inherits INFERLAB_QUICK from this process.
"""
import argparse
import atexit
import base64
import json
import os
import pathlib
import re
import shutil
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNEL = "inferlab-java"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
START_TIMEOUT, START_ATTEMPTS = 60, 3  # Jupyter's own default; a starved start is slow, not dead
MATHJAX_SOURCE = pathlib.Path("/usr/share/javascript/mathjax")  # Debian's libjs-mathjax (MathJax 2.7)
# What the exporter's configuration (TeX input, CommonHTML output) loads, relative to MATHJAX_SOURCE.
MATHJAX_FILES = ("MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX",
                 "jax/element", "jax/output/CommonHTML", "fonts/HTML-CSS/TeX/woff")
MATHJAX_CONFIG = "?config=TeX-AMS_CHTML-full,Safe"
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@2.7.9/MathJax.js"


def notebook_paths(names):
    if not names:
        return sorted((ROOT / "notebooks").glob("*.ipynb"))
    paths = []
    for n in names:
        p = pathlib.Path(n)
        if not p.is_file():
            p = ROOT / "notebooks" / (n if n.endswith(".ipynb") else n + ".ipynb")
        if not p.is_file():
            known = ", ".join(sorted(q.stem for q in (ROOT / "notebooks").glob("*.ipynb")))
            print(f"run_notebooks: error: no notebook {n} (notebooks: {known})", file=sys.stderr)
            sys.exit(2)
        paths.append(p.resolve())
    return paths


def error_outputs(nb):
    return [(cell, o) for cell in nb.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if o.output_type == "error"]


def describe(cell, output):
    source = "\n".join("    " + line for line in cell.source.splitlines()[:15])
    trace = ANSI.sub("", "\n".join(output.get("traceback", []))).strip()
    return f"{output.ename}: {output.evalue}\nin cell:\n{source}\n{trace}"


FIGURE_NAME = re.compile(r"\d{2,}-[a-z0-9-]*\.png")


def save_figures(nb, directory):
    # replaces only the numbered figures of the last run: a notebook may write files of its own here (the shared
    # task's report figures), and the runner must not delete what it did not create
    if directory.is_dir():
        for f in directory.iterdir():
            if f.is_file() and FIGURE_NAME.fullmatch(f.name):
                f.unlink()
    n = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            png = o.get("data", {}).get("image/png")
            if png:
                n += 1
                title = o.data.get("text/plain", "figure")
                slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "figure"
                directory.mkdir(parents=True, exist_ok=True)
                (directory / f"{n:02d}-{slug}.png").write_bytes(base64.b64decode(png))
    return n


def bundle_mathjax(html_dir):
    """Copies the MathJax files the exports need to html_dir/mathjax; False if there is no local MathJax."""
    if not (MATHJAX_SOURCE / "MathJax.js").is_file():
        return False
    for rel in MATHJAX_FILES:
        source, target = MATHJAX_SOURCE / rel, html_dir / "mathjax" / rel
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return True


def portable_mathjax(html, mathjax_url):
    """Replaces the exporter's MathJax <script src> (an absolute file:// path on Debian) by a loader that
    takes mathjax/ beside the page and falls back to the CDN. It runs after the page's MathJax configuration
    block, which MathJax reads when it starts."""
    tag = re.compile(r'<script src="' + re.escape(mathjax_url) + r'">\s*</script>')
    end = "<!-- End of mathjax configuration -->"
    if not tag.search(html) or end not in html:
        raise RuntimeError("the HTML template's MathJax block has changed; update portable_mathjax")
    loader = ("<script>\n(function () {  // MathJax beside this page, else the public CDN copy\n"
              "  function load(src, fallback) {\n"
              "    var s = document.createElement('script');\n    s.src = src;\n"
              "    if (fallback) s.onerror = function () { load(fallback); };\n"
              "    document.head.appendChild(s);\n  }\n"
              f"  load('mathjax/MathJax.js{MATHJAX_CONFIG}', '{MATHJAX_CDN}{MATHJAX_CONFIG}');\n"
              "})();\n</script>\n")
    return tag.sub("", html, count=1).replace(end, loader + end, 1)


def export_html(nb, html_path):
    from nbconvert import HTMLExporter
    exporter = HTMLExporter()
    body, _ = exporter.from_notebook_node(nb)
    html_path.write_text(portable_mathjax(body, exporter.mathjax_url), encoding="utf-8")
    if not bundle_mathjax(html_path.parent):
        print(f"  note: no MathJax in {MATHJAX_SOURCE}; {html_path.name} loads it from {MATHJAX_CDN}")


def run(path, out, timeout):
    import nbformat
    from nbclient import NotebookClient

    name = path.stem
    stored = nbformat.read(path, as_version=4)
    if path.parent == ROOT / "notebooks" and any(c.get("outputs") for c in stored.cells if c.cell_type == "code"):
        print(f"  note: {path.name} has stored outputs; clear them before committing "
              f"(jupyter nbconvert --clear-output --inplace notebooks/{path.name})")
    for sub in ("notebooks", "html", "logs"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    log_path = out / "logs" / f"{name}.kernel.log"
    start = time.monotonic()
    for attempt in range(1, START_ATTEMPTS + 1):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout, startup_timeout=START_TIMEOUT,
                                resources={"metadata": {"path": str(path.parent)}})
        failure = None
        with open(log_path, "w") as log:
            try:
                client.execute(stdout=log, stderr=log)
            except Exception as e:  # a cell error, a timeout or a dead kernel: the notebook failed
                failure = e
            finally:
                atexit.unregister(client._cleanup_kernel)  # already cleaned up; avoids a noisy exit
        started = not any(s in str(failure) for s in ("didn't respond", "died before replying to kernel_info"))
        if failure is None or started or attempt == START_ATTEMPTS:
            break
        # the kernel's start-up races are fixed (environment/kernel/LoopThread.java); this stays for a kernel
        # that dies while starting (e.g. out of memory); no cell has run yet, so a new kernel is safe.
        print(f"  {name}: the kernel did not start ({ANSI.sub('', str(failure)).strip()[:80]}; attempt {attempt}); restarting it")
    seconds = time.monotonic() - start
    record_timing(out, name, seconds)
    errors = error_outputs(nb)
    nbformat.write(nb, out / "notebooks" / f"{name}.ipynb")
    export_html(nb, out / "html" / f"{name}.html")
    figures = save_figures(nb, out / "figures" / name)
    if errors:
        message = describe(*errors[0])
    elif failure is not None:
        tail = "".join(log_path.read_text(errors="replace").splitlines(keepends=True)[-15:])
        message = f"{type(failure).__name__}: {ANSI.sub('', str(failure)).strip()}\nkernel log {log_path}:\n{tail}"
    else:
        print(f"{name}: ok in {seconds:.1f} s ({figures} figures)")
        return True
    print(f"{name}: FAILED after {seconds:.1f} s\n{message}\n")
    return False


def record_timing(out, name, seconds):
    """Keeps each notebook's last wall-clock time in OUT/timings.json (the README's table is read from it)."""
    path = out / "timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    quick = os.environ.get("INFERLAB_QUICK", "").lower() not in ("", "0", "false")
    timings[name] = {"seconds": round(seconds, 1), "mode": "quick" if quick else "full",
                     "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
    path.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")


def run_or_report(path, out, timeout):
    try:
        return run(path, out, timeout)
    except Exception as e:  # e.g. an invalid notebook file: report it and go on with the others
        print(f"{path.stem}: FAILED\n{type(e).__name__}: {e}\n")
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build")
    parser.add_argument("--timeout", type=int, default=int(os.environ.get("INFERLAB_CELL_TIMEOUT", "1800")),
                        help="seconds per cell (default 1800, or INFERLAB_CELL_TIMEOUT)")
    parser.add_argument("--check", action="store_true",
                        help="only check the arguments (run-all.sh does, before it sets anything up)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up in CI logs as it happens
    paths = notebook_paths(args.notebooks)
    if args.check:
        return

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(ROOT / "build" / "env" / "jupyter"), os.environ.get("JUPYTER_PATH")) if p)
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        sys.exit(f"run_notebooks: no Jupyter kernel '{KERNEL}'; run: bash environment/setup.sh")
    if not (ROOT / "lib" / "target" / "dependency").is_dir():
        sys.exit("run_notebooks: the library is not built; run: mvn -B -ntp package -DskipTests")

    quick = os.environ.get("INFERLAB_QUICK", "").lower() not in ("", "0", "false")
    print(f"Running {len(paths)} notebook(s){' in quick mode' if quick else ''}, output in {args.out.resolve()}")
    start = time.monotonic()
    failed = [p.name for p in paths if not run_or_report(p, args.out.resolve(), args.timeout)]
    print(f"{len(paths)} notebook(s) in {(time.monotonic() - start) / 60:.1f} min; times in {args.out.resolve() / 'timings.json'}")
    if failed:
        print(f"{len(failed)} of {len(paths)} notebook(s) failed: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
