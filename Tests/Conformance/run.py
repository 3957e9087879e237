#!/usr/bin/env python3
"""Differential conformance runner: BitBake (the oracle) against `bake eval`.

    run.py --bake PATH [--python PY] [--jobs N] [CASEDIR...]
    run.py --oracle-only [--python PY] [CASEDIR...]

Every case folder holds `recipe.bb`, a `query` file (names `VAR` or
`VAR[flag]`) and optionally an `error` file marking a case that must fail.
The oracle (oracle.py, run with the Python that has the real `bb` library)
evaluates all cases in one batch; bake is run once per case, in parallel:

    bake eval --json CASEDIR/recipe.bb NAME...

A case passes when
  * it is marked `error`: the oracle reports an error and bake exits with 1;
  * otherwise: the oracle succeeds, bake exits 0 and prints a JSON object
    whose value for every queried name equals the oracle's (string or null).

With --oracle-only bake is not run; a case passes when the oracle agrees with
its `error` marker. The last line is always `conformance: N passed, M failed`;
the exit status is non-zero when anything failed.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
ORACLE = os.path.join(HERE, "oracle.py")
BAKE_TIMEOUT = 120
STDERR_LIMIT = 4000


def discover(paths):
    if paths:
        cases = [os.path.abspath(p) for p in paths]
    else:
        cases = sorted(
            os.path.join(CASES_DIR, name)
            for name in os.listdir(CASES_DIR)
            if os.path.isfile(os.path.join(CASES_DIR, name, "recipe.bb"))
        )
    for case in cases:
        if not os.path.isfile(os.path.join(case, "recipe.bb")):
            sys.exit("run.py: %s has no recipe.bb" % case)
        if not os.path.isfile(os.path.join(case, "query")):
            sys.exit("run.py: %s has no query file" % case)
    return cases


def case_name(case):
    return os.path.basename(os.path.normpath(case))


def read_query(case):
    with open(os.path.join(case, "query")) as f:
        return f.read().split()


def expected_error(case):
    path = os.path.join(case, "error")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read().strip() or "(marked as error)"


def run_oracle(python, cases):
    """Returns one result dict per case, in order."""
    proc = subprocess.run([python, ORACLE] + cases, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    results = []
    for index, case in enumerate(cases):
        if index < len(lines):
            try:
                result = json.loads(lines[index])
            except ValueError:
                result = {"error": "oracle printed unparsable output: %r" % lines[index], "broken": True}
            if result.get("case") != case_name(case):
                result = {"error": "oracle output out of step (got %r)" % result.get("case"), "broken": True}
        else:
            result = {"error": "oracle produced no result (exit status %d); its stderr:\n%s"
                      % (proc.returncode, indent(proc.stderr[-STDERR_LIMIT:])), "broken": True}
        results.append(result)
    return results


def run_bake(bake, case):
    names = read_query(case)
    try:
        proc = subprocess.run([bake, "eval", "--json", os.path.join(case, "recipe.bb")] + names,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=BAKE_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        return {"status": None, "stdout": exc.stdout or "", "stderr": "timed out after %ds" % BAKE_TIMEOUT}
    except OSError as exc:
        return {"status": None, "stdout": "", "stderr": "could not run bake: %s" % exc}
    return {"status": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def show(value):
    return json.dumps(value, ensure_ascii=False)


def indent(text, prefix="      "):
    text = text.rstrip("\n")
    if len(text) > STDERR_LIMIT:
        text = text[:STDERR_LIMIT] + "\n... (truncated)"
    return "\n".join(prefix + line for line in text.splitlines()) if text else prefix + "(empty)"


def check_oracle(case, oracle):
    """Problems with the case itself: the oracle must agree with the error marker."""
    marker = expected_error(case)
    if oracle.get("broken"):
        return ["oracle: %s" % oracle["error"]]
    if marker is not None and "error" not in oracle:
        return ["case is marked error (%s) but BitBake evaluated it: %s" % (marker, show(oracle.get("values")))]
    if marker is None and "error" in oracle:
        return ["BitBake failed on a case not marked error: %s" % oracle["error"]]
    return []


def compare(case, oracle, bake):
    """Differences between the oracle's and bake's answer for one case."""
    problems = []
    marker = expected_error(case)
    status = bake["status"]
    if marker is not None:
        if status == 1:
            return []
        if status == 0:
            problems.append("expected an error (%s); oracle: %s" % (marker, oracle["error"]))
            problems.append("bake exited 0 and printed: %s" % bake["stdout"].strip())
        else:
            problems.append("expected bake to exit with 1, got %s" % ("no exit status" if status is None else status))
            problems.append("bake stderr:\n" + indent(bake["stderr"]))
        return problems

    if status != 0:
        problems.append("bake failed (%s) but BitBake evaluated the case"
                        % ("did not complete" if status is None else "exit status %d" % status))
        problems.append("bake stderr:\n" + indent(bake["stderr"]))
        return problems
    try:
        values = json.loads(bake["stdout"])
        if not isinstance(values, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        problems.append("bake printed invalid JSON (%s): %r" % (exc, bake["stdout"][:STDERR_LIMIT]))
        return problems
    expected = oracle["values"]
    for name in read_query(case):
        want = expected.get(name)
        if name not in values:
            problems.append("%s: oracle %s, bake <missing>" % (name, show(want)))
            continue
        got = values[name]
        if got != want:
            problems.append("%s: oracle %s, bake %s" % (name, show(want), show(got)))
    if problems and bake["stderr"].strip():
        problems.append("bake stderr:\n" + indent(bake["stderr"]))
    return problems


def main():
    parser = argparse.ArgumentParser(description="Compare bake's metadata evaluation with BitBake's.")
    parser.add_argument("--bake", help="path to the bake executable")
    parser.add_argument("--python", default=sys.executable,
                        help="Python that can import BitBake's bb package (default: this Python)")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="parallel bake processes (default: CPU count)")
    parser.add_argument("--oracle-only", action="store_true",
                        help="only check the cases against BitBake (their error markers)")
    parser.add_argument("--verbose", "-v", action="store_true", help="also list passing cases")
    parser.add_argument("cases", nargs="*", metavar="CASEDIR", help="case folders (default: all)")
    args = parser.parse_args()
    if not args.oracle_only and not args.bake:
        parser.error("--bake is required unless --oracle-only is given")

    cases = discover(args.cases)
    bake_results = {}

    # The oracle batch and the bake runs are independent; overlap them.
    oracle_box = {}
    oracle_thread = threading.Thread(target=lambda: oracle_box.setdefault("r", run_oracle(args.python, cases)))
    oracle_thread.start()
    if not args.oracle_only:
        bake = os.path.abspath(args.bake) if os.sep in args.bake else args.bake
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {pool.submit(run_bake, bake, case): case for case in cases}
            for future in concurrent.futures.as_completed(futures):
                bake_results[futures[future]] = future.result()
    oracle_thread.join()
    oracle_results = oracle_box["r"]

    passed = failed = 0
    for case, oracle in zip(cases, oracle_results):
        problems = check_oracle(case, oracle)
        if not problems and not args.oracle_only:
            problems = compare(case, oracle, bake_results[case])
        if problems:
            failed += 1
            print("FAIL %s" % case_name(case))
            for problem in problems:
                print("    " + problem)
        else:
            passed += 1
            if args.verbose:
                print("ok   %s" % case_name(case))
    print("conformance: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
