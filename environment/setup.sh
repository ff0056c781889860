#!/usr/bin/env bash
# Idempotent setup shared by run-all.sh, test.sh and handin.sh: Debian packages (only those missing),
# the Java Jupyter kernel jar (fetched with Maven), and the `inferlab-java` kernel spec.
# Everything it writes lives in build/env/ except the Debian packages and a copy of the kernel spec in
# the user's Jupyter kernels directory (so `jupyter notebook` lists it).
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${INFERLAB_PYTHON:-/usr/bin/python3}"
KERNEL_ARTIFACT="io.github.padreati:rapaio-jupyter-kernel:3.0.1"
KERNEL_JAR="build/env/kernel/rapaio-jupyter-kernel-3.0.1.jar"

# 1. Debian packages: JDK, Maven, fonts for chart rendering, Jupyter (notebook, nbclient, nbconvert),
#    Graphviz (`dot` draws the system traces and architecture of inferlab.system.TraceDiagram).
if command -v dpkg-query >/dev/null && command -v apt-get >/dev/null; then
    wanted=(openjdk-17-jdk-headless maven fontconfig fonts-dejavu-core
            jupyter-notebook jupyter-nbconvert python3-nbclient graphviz)
    missing=()
    for p in "${wanted[@]}"; do
        # A JDK and Maven installed outside apt (e.g. SDKMAN) are fine too.
        case "$p" in
            openjdk-17-jdk-headless) command -v javac >/dev/null && continue ;;
            maven) command -v mvn >/dev/null && continue ;;
        esac
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "setup: installing Debian packages: ${missing[*]}"
        sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi
if ! "$PY" -c "import nbclient, nbconvert, jupyter_client" 2>/dev/null; then
    echo "setup: $PY cannot import nbclient/nbconvert/jupyter_client." >&2
    echo "  Not on Debian/Ubuntu? Install Jupyter with pip (see README) and set INFERLAB_PYTHON to that python." >&2
    exit 1
fi

# 2. The kernel jar, resolved from Maven Central like every other dependency.
if [ ! -f "$KERNEL_JAR" ]; then
    echo "setup: fetching $KERNEL_ARTIFACT"
    mvn -q -B -ntp -Dstyle.color=never -N dependency:copy -Dartifact="$KERNEL_ARTIFACT" -DoutputDirectory="$(dirname "$KERNEL_JAR")"
fi

# 3. A launcher fixing the kernel's start-up races (see environment/kernel/*.java; its directory comes first
#    on the kernel's class path), compiled by the JDK that runs this script, and the kernel spec pointing at
#    that JDK.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java_bin="$JAVA_HOME/bin/java"
else java_bin="$(readlink -f "$(command -v java)")"; fi
launcher_srcs=(environment/kernel/KernelLauncher.java environment/kernel/LoopThread.java)
launcher_dir="build/env/kernel/launcher-$(basename "$(dirname "$(dirname "$java_bin")")")"
stamp="$launcher_dir/KernelLauncher.class"
if [ ! -f "$stamp" ] || [ -n "$(find "${launcher_srcs[@]}" -newer "$stamp")" ] \
        || [ ! -f "$launcher_dir/org/rapaio/jupyter/kernel/channels/LoopThread.class" ]; then
    "$(dirname "$java_bin")/javac" --release 17 -d "$launcher_dir" -cp "$KERNEL_JAR" "${launcher_srcs[@]}"
fi
"$PY" environment/install_kernel.py --java "$java_bin" --class-path "$launcher_dir:$KERNEL_JAR"
