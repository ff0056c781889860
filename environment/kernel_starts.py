"""Starts the `inferlab-java` kernel again and again, cold, and counts the starts that never answer.

    /usr/bin/python3 environment/kernel_starts.py [--starts 50] [--timeout 60] [--busy 1]

Each start is a fresh kernel JVM, waited for the way Jupyter does (kernel_info on the shell channel, then a
status on IOPub), then shut down. --busy N keeps N busy-loop processes running meanwhile, so the starts
happen on a loaded machine. A start that has not answered after --timeout seconds (Jupyter's default
startup timeout is 60) counts as hung: its kernel's thread dump goes to build/logs/kernel-hang-K.txt, and
the kernel gets --grace more seconds, to tell a starved start (it answers late) from a deaf one (it never
does). Prints one line per start and a summary; exits 1 if any start hung.
"""
import argparse
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
KERNEL = "inferlab-java"


def thread_dump(pid, path):
    """jstack's view of a hung kernel: which of its channel threads are alive."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as out:
        try:
            subprocess.run(["jcmd", str(pid), "Thread.print"], stdout=out, stderr=subprocess.STDOUT, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:  # no jcmd, or a machine too busy to answer
            out.write(f"no thread dump: {e}\n")


def start_once(timeout, grace, k):
    """(seconds to ready or None, seconds to a late answer or None)."""
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL)
    t0 = time.monotonic()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        return time.monotonic() - t0, None
    except RuntimeError:
        thread_dump(km.provisioner.process.pid, ROOT / "build" / "logs" / f"kernel-hang-{k}.txt")
        try:
            kc.wait_for_ready(timeout=grace)
            return None, time.monotonic() - t0
        except RuntimeError:
            return None, None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=60, help="seconds a start may take (Jupyter's default: 60)")
    parser.add_argument("--grace", type=float, default=60, help="more seconds for a hung start, to see if it is only slow")
    parser.add_argument("--busy", type=int, default=1, help="busy-loop processes loading the machine meanwhile")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(ROOT / "build" / "env" / "jupyter"), os.environ.get("JUPYTER_PATH")) if p)
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    times, hung = [], []
    try:
        for k in range(1, args.starts + 1):
            seconds, late = start_once(args.timeout, args.grace, k)
            if seconds is None:
                hung.append(k)
                after = f"answered after {late:.1f} s" if late else f"no answer after {args.grace:.0f} s more either"
                print(f"start {k}: HUNG (no answer within {args.timeout:.0f} s, {after}; "
                      f"thread dump in build/logs/kernel-hang-{k}.txt)")
            else:
                times.append(seconds)
                print(f"start {k}: ready in {seconds:.1f} s")
    finally:
        for p in load:
            p.send_signal(signal.SIGTERM)
            p.wait()
    summary = f"{args.starts} starts with {args.busy} busy core(s), timeout {args.timeout:.0f} s: {len(hung)} hung"
    if times:
        summary += (f"; ready in median {statistics.median(times):.1f} s, "
                    f"max {max(times):.1f} s")
    print(summary)
    sys.exit(1 if hung else 0)


if __name__ == "__main__":
    main()
