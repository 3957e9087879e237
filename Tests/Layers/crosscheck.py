#!/usr/bin/env python3
"""Check the oracle against a real BitBake run (a maintenance tool, not a test).

    python3 Tests/Layers/crosscheck.py --bitbake /path/to/bitbake-checkout [--fixture DIR]

The checkout is a source tree of openembedded/bitbake (bin/bitbake, lib/bb) of
the same version as the oracle's library. This script runs the oracle, then in
a second copy of the fixture, with the oracle's environment:

  1. `bin/bitbake -p`, and compares its "Parsing of ..." line with `summary`;
  2. itself again under that checkout's Python path (`--tinfoil`), which starts
     a BitBake server through tinfoil and compares every config value, every
     recipe value (`parse_recipe_file`), the skip reasons
     (`get_skipped_recipes`) and the providers (`find_best_provider`).

`PATH` always differs (bin/bitbake prepends its own directory) and is ignored.
Exit status 0 when everything else agrees.
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
ORACLE_PYTHON = "/work/main/.venv-oracle/bin/python"
IGNORED = {"PATH"}


def oracle_environment():
    text = open(os.path.join(HERE, "oracle.py")).read()
    block = re.search(r"^ENVIRONMENT = (\{.*?^\})", text, re.S | re.M).group(1)
    return eval(block, {})  # a dict literal from our own file


def lookup(d, name):
    if name.endswith("]") and "[" in name:
        var, flag = name[:-1].split("[", 1)
        return d.getVarFlag(d.expand(var), flag)
    return d.getVar(d.expand(name))


def tinfoil_check(expected_path, root):
    import bb.tinfoil

    expected = json.load(open(expected_path))

    def sub(value):
        if isinstance(value, str):
            return value.replace(re.escape(root), "${FIXTURE}").replace(root, "${FIXTURE}")
        if isinstance(value, (list, tuple)):
            return [sub(v) for v in value]
        return value

    problems = []
    with bb.tinfoil.Tinfoil() as tinfoil:
        tinfoil.prepare(config_only=False)
        for name, want in expected["config"].items():
            got = sub(lookup(tinfoil.config_data, name))
            if name not in IGNORED and got != want:
                problems.append("config %s: bitbake %r, oracle %r" % (name, got, want))
        for vfn, recipe in expected["recipes"].items():
            d = tinfoil.parse_recipe_file(vfn.replace("${FIXTURE}", root))
            for name, want in recipe["values"].items():
                got = sub(lookup(d, name))
                if got != want:
                    problems.append("%s %s: bitbake %r, oracle %r" % (vfn, name, got, want))
        skipped = {sub(k): v.skipreason for k, v in tinfoil.get_skipped_recipes().items()}
        want_skipped = {k: v["skipped"] for k, v in expected["recipes"].items() if v["skipped"]}
        if skipped != want_skipped:
            problems.append("skipped: bitbake %r, oracle %r" % (skipped, want_skipped))
        cache = tinfoil.cooker.recipecaches[""]
        for item, want in expected["providers"].items():
            filename = tinfoil.find_best_provider(item)[3]
            got = cache.pkg_fn[filename] if filename else None
            if got != want:
                problems.append("provider %s: bitbake %r, oracle %r" % (item, got, want))
    for p in problems:
        print(p)
    print("tinfoil: %d differences" % len(problems))
    return 1 if problems else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bitbake", required=True, help="openembedded/bitbake source checkout")
    parser.add_argument("--fixture", default=os.path.join(HERE, "fixture"))
    parser.add_argument("--tinfoil", nargs=2, metavar=("EXPECTED", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    bitbake = os.path.abspath(args.bitbake)

    if args.tinfoil:
        sys.path.insert(0, os.path.join(bitbake, "lib"))
        return tinfoil_check(*args.tinfoil)

    work = os.path.realpath(tempfile.mkdtemp(prefix="bakecross"))
    try:
        expected_path = os.path.join(work, "oracle.json")
        with open(expected_path, "w") as out:
            subprocess.run([ORACLE_PYTHON, os.path.join(HERE, "oracle.py"), "--fixture", args.fixture],
                           stdout=out, check=True)
        expected = json.load(open(expected_path))

        root = os.path.join(work, "fixture")
        shutil.copytree(args.fixture, root, symlinks=True)
        build = os.path.join(root, "build")
        env = oracle_environment()

        run = subprocess.run([sys.executable, os.path.join(bitbake, "bin", "bitbake"), "-p"],
                             cwd=build, env=env, capture_output=True, text=True)
        line = re.search(r"Parsing of (\d+) \.bb files complete \((\d+) cached, (\d+) parsed\)\. "
                         r"(\d+) targets, (\d+) skipped, (\d+) masked, (\d+) errors\.", run.stdout)
        if not line:
            print(run.stdout + run.stderr)
            print("bitbake -p printed no summary line")
            return 1
        n, _, _, targets, skipped, masked, errors = map(int, line.groups())
        got = {"bbfiles": n, "targets": targets, "skipped": skipped, "masked": masked, "errors": errors}
        status = 0
        if got != expected["summary"]:
            print("summary: bitbake %r, oracle %r" % (got, expected["summary"]))
            status = 1
        else:
            print("summary: equal %r" % got)

        check = subprocess.run([sys.executable, os.path.abspath(__file__), "--bitbake", bitbake,
                                "--tinfoil", expected_path, root], cwd=build, env=env)
        return status or check.returncode
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
