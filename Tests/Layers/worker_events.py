#!/usr/bin/env python3
"""Parse workers run the configuration's event handlers after this process has run them.

    worker_events.py --bake .build/debug/bake

`bake -p -j 2` starts its parse worker before building the configuration, and the worker
builds its own. Configuration event handlers change the build directory (oe-core's
`base_eventhandler` creates the host-tools links, checking first whether each exists), so two
processes running them at once race. This adds a `ConfigParsed` handler to a copy of the
layered fixture that logs its start and end around a pause, runs `bake -p -j 2`, and fails
unless both processes ran it (two process ids) and the runs did not overlap.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare import ENVIRONMENT  # noqa: E402

HANDLER = r'''
addhandler worker_gate_log
worker_gate_log[eventmask] = "bb.event.ConfigParsed"
python worker_gate_log() {
    import os, time
    log = os.path.join(d.getVar("TOPDIR"), "config-events.log")
    with open(log, "a") as f:
        f.write("start %d\n" % os.getpid())
    time.sleep(0.4)
    with open(log, "a") as f:
        f.write("end %d\n" % os.getpid())
}
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bake", required=True)
    args = ap.parse_args()
    bake = os.path.abspath(args.bake)
    with tempfile.TemporaryDirectory(prefix="bake-worker-events-") as tmp:
        root = os.path.join(tmp, "fixture")
        shutil.copytree(os.path.join(HERE, "fixture"), root, symlinks=True)
        with open(os.path.join(root, "meta-base", "classes", "worker-gate.bbclass"), "w") as f:
            f.write(HANDLER)
        with open(os.path.join(root, "build", "conf", "local.conf"), "a") as f:
            f.write('\nINHERIT += "worker-gate"\n')
        run = subprocess.run([bake, "-p", "-j", "2"], cwd=os.path.join(root, "build"), env=ENVIRONMENT,
                             capture_output=True, text=True, timeout=300)
        with open(os.path.join(root, "build", "config-events.log")) as f:
            events = [line.split() for line in f.read().splitlines()]
    pids = []
    for _, pid in events:
        if pid not in pids:
            pids.append(pid)
    expected = [["start", pids[0]], ["end", pids[0]]] + ([["start", pids[1]], ["end", pids[1]]] if len(pids) > 1 else [])
    if run.returncode not in (0, 1) or "Parsing of" not in run.stdout:
        sys.exit("worker_events: bake -p failed (status %d):\n%s" % (run.returncode, run.stderr[-3000:]))
    if len(pids) != 2 or events != expected:
        sys.exit("worker_events: expected two handler runs one after the other, got:\n  %s" % "\n  ".join(" ".join(e) for e in events))
    print("worker events: the worker ran the configuration handlers after this process")


if __name__ == "__main__":
    main()
