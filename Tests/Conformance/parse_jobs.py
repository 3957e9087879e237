#!/usr/bin/env python3
"""`bake parse -j N` parses exactly what `bake parse -j 1` does.

    parse_jobs.py --bake PATH

Parses every conformance case (valid recipes and broken ones, some with Python, some
skipped) once in one process and once shared among several, and fails unless both report
the same summary and the same errors, and every file was counted. With -j N this process
and N-1 workers take chunks of the list as they finish the last, so this checks that no
chunk is lost, doubled or misreported.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(bake, jobs, cases):
    out = subprocess.run([bake, "parse", "-j", str(jobs), cases], capture_output=True, text=True, timeout=600)
    summary = [line for line in out.stdout.splitlines() if line.startswith("Parsed ")]
    if len(summary) != 1:
        sys.exit("parse_jobs: -j %d printed no summary (status %d):\n%s" % (jobs, out.returncode, out.stderr[-3000:]))
    errors = sorted(line for line in out.stderr.splitlines() if re.match(r"^/.*: error: ", line))
    return out.returncode, summary[0], errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bake", required=True)
    args = ap.parse_args()
    cases = os.path.join(HERE, "cases")
    count = sum(1 for name in os.listdir(cases) if os.path.isfile(os.path.join(cases, name, "recipe.bb")))
    serial = run(args.bake, 1, cases)
    if not serial[1].startswith("Parsed %d .bb files:" % count):
        sys.exit("parse_jobs: expected %d files, -j 1 says: %s" % (count, serial[1]))
    if not serial[2]:
        sys.exit("parse_jobs: the cases include broken recipes, but -j 1 reported no error")
    failed = 0
    for jobs in (2, 5):
        shared = run(args.bake, jobs, cases)
        if shared != serial:
            failed += 1
            print("parse_jobs: -j %d differs from -j 1:\n  status %d vs %d\n  %s\n  %s\n  %d vs %d errors"
                  % (jobs, shared[0], serial[0], shared[1], serial[1], len(shared[2]), len(serial[2])))
    print("parse jobs: %s (%s, %d errors)" % ("differences" if failed else "same results", serial[1], len(serial[2])))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
