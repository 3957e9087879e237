#!/usr/bin/env python3
"""Compares bake's view of the layered fixture with BitBake's.

    compare.py --bake .build/debug/bake [--python .venv-oracle/bin/python] [--fixture DIR]

Runs oracle.py (BitBake's own cooker code) and `bake parse-report` on copies of the same
fixture with the same environment (oracle.ENVIRONMENT), puts ${FIXTURE} in place of each
copy's root as the oracle does, and prints every difference. Exit status 1 on any.
Error entries are compared by file only (messages are each tool's own words).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/nonexistent-home",
    "BB_ENV_PASSTHROUGH_ADDITIONS": "FIXTURE_EXTRA",
    "FIXTURE_EXTRA": "from-environment",
    "FIXTURE_BLOCKED": "from-environment",
}


def normalise(value, root):
    if isinstance(value, str):
        return value.replace(re.escape(root), "${FIXTURE}").replace(root, "${FIXTURE}")
    if isinstance(value, list):
        return [normalise(v, root) for v in value]
    if isinstance(value, dict):
        return {normalise(k, root): normalise(v, root) for k, v in value.items()}
    return value


def differences(expected, actual, path=""):
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            where = "%s/%s" % (path, key)
            if key not in actual:
                yield "%s: missing in bake (BitBake: %s)" % (where, json.dumps(expected[key])[:200])
            elif key not in expected:
                yield "%s: only in bake: %s" % (where, json.dumps(actual[key])[:200])
            else:
                yield from differences(expected[key], actual[key], where)
    elif expected == actual:
        return
    elif isinstance(expected, str) and isinstance(actual, str) and len(expected) + len(actual) > 400:
        # Long lists of words (BBINCLUDED, BBFILES ...): say which words differ, in order.
        ours, theirs = actual.split(), expected.split()
        first = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b), min(len(theirs), len(ours)))
        yield "%s: %d words in BitBake, %d in bake; only BitBake: %s; only bake: %s; first difference at word %d: %s vs %s" % (
            path, len(theirs), len(ours), [w for w in theirs if w not in ours][:8], [w for w in ours if w not in theirs][:8],
            first, theirs[first:first + 2], ours[first:first + 2])
    elif expected != actual:
        yield "%s: BitBake %s, bake %s" % (path, json.dumps(expected)[:300], json.dumps(actual)[:300])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bake", required=True)
    ap.add_argument("--python", default=os.path.join(HERE, "..", "..", ".venv-oracle", "bin", "python"))
    ap.add_argument("--fixture", default=os.path.join(HERE, "fixture"))
    args = ap.parse_args()
    bake = os.path.abspath(args.bake)

    oracle = subprocess.run([args.python, os.path.join(HERE, "oracle.py"), "--fixture", args.fixture],
                            capture_output=True, text=True)
    if not oracle.stdout.strip():
        sys.exit("oracle failed:\n" + oracle.stderr[-3000:])
    expected = json.loads(oracle.stdout)

    root = os.path.realpath(tempfile.mkdtemp(prefix="bakelayers"))
    try:
        shutil.copytree(args.fixture, root, dirs_exist_ok=True, symlinks=True)
        run = subprocess.run([bake, "parse-report", "--vars", os.path.join(HERE, "vars")],
                             cwd=os.path.join(root, "build"), env=ENVIRONMENT, capture_output=True, text=True)
        if not run.stdout.strip():
            sys.exit("bake parse-report failed (status %d):\n%s" % (run.returncode, run.stderr[-3000:]))
        actual = normalise(json.loads(run.stdout), root)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    for report in (expected, actual):
        report["errors"] = sorted((e.get("file") or "") for e in report.get("errors", []))
    found = list(differences(expected, actual))
    for line in found:
        print(line)
    recipes = len(expected.get("recipes", {}))
    print("layers: %d targets compared, %d differences" % (recipes, len(found)))
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
