"""Writes the `inferlab-java` Jupyter kernel spec (rapaio-jupyter-kernel running the library's class path).

The spec goes to build/env/jupyter/kernels/ (the notebook runner puts build/env/jupyter on JUPYTER_PATH)
and to the user's Jupyter data directory, so that `jupyter notebook` offers it too. Files are rewritten
only when their content changes. If an IJava kernel is installed for the user, its IJAVA_CLASSPATH gains
the library's class path as well, so the notebooks also run there.
"""
import argparse
import json
import os
import pathlib

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.paths import jupyter_data_dir

NAME = "inferlab-java"
ROOT = pathlib.Path(__file__).resolve().parent.parent
CLASS_PATH = [ROOT / "lib" / "target" / "classes", ROOT / "lib" / "target" / "dependency" / "*"]


def spec(java, kernel_class_path):
    return {
        "argv": [java,
                 # the Java decode engine uses the Vector API, an incubator module in JDK 17
                 "--add-modules", "jdk.incubator.vector",
                 "-Djava.awt.headless=true",
                 # as bin/inferlab: DJL's weights (direct buffers) and the Java engine's copy (heap) each get half
                 # of RAM, not the default quarter, so that the course's Qwen3-1.7B loads on 24 GiB
                 "-XX:MaxRAMPercentage=50",
                 # errors only, as bin/inferlab: warnings (DJL's GPU probe on a CPU machine) would show as
                 # stray red lines under the cells
                 "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                 # one torch thread, as bin/inferlab: small models lose more to thread hand-offs than they gain
                 "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                 "-cp", kernel_class_path, "KernelLauncher", "{connection_file}"],
        "display_name": "Java (InferLab)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            # rapaio splits RJK_CLASSPATH on ';' (not the platform separator) and expands globs.
            "RJK_CLASSPATH": ";".join(str(p) for p in CLASS_PATH),
            "INFERLAB_HOME": str(ROOT),
            "DJL_OFFLINE": "true",
            "OPT_OUT_TRACKING": "true",
            "PYTORCH_FLAVOR": "cpu",
        },
    }


def write_if_changed(path, content):
    if path.is_file() and path.read_text() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return True


def register_with_ijava():
    for name, directory in KernelSpecManager().find_kernel_specs().items():
        path = pathlib.Path(directory) / "kernel.json"
        ijava = json.loads(path.read_text())
        if "ijava" not in " ".join(ijava.get("argv", [])).lower() or not os.access(path, os.W_OK):
            continue
        entries = [e for e in ijava.setdefault("env", {}).get("IJAVA_CLASSPATH", "").split(os.pathsep) if e]
        for p in map(str, CLASS_PATH):
            if p not in entries:
                entries.append(p)
        ijava["env"]["IJAVA_CLASSPATH"] = os.pathsep.join(entries)
        if write_if_changed(path, json.dumps(ijava, indent=2) + "\n"):
            print(f"setup: added the InferLab class path to the IJava kernel '{name}' ({path})")


def main():
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--java", required=True, help="absolute path of the java launcher")
    args.add_argument("--class-path", required=True, help="the kernel launcher and rapaio-jupyter-kernel jar")
    a = args.parse_args()
    kernel_class_path = os.pathsep.join(str(pathlib.Path(p).resolve()) for p in a.class_path.split(os.pathsep))
    content = json.dumps(spec(a.java, kernel_class_path), indent=2) + "\n"
    for base in (ROOT / "build" / "env" / "jupyter", pathlib.Path(jupyter_data_dir())):
        path = base / "kernels" / NAME / "kernel.json"
        if write_if_changed(path, content):
            print(f"setup: wrote kernel spec {path}")
    register_with_ijava()


if __name__ == "__main__":
    main()
