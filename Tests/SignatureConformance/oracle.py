#!/usr/bin/env python3
"""Task signature facts from the real BitBake library, for bake's differential tests.

    oracle.py shell < scripts.json      one JSON line per script: {"execs": [...]} or {"error": "..."}
    oracle.py recipe CASE...            one JSON line per case folder (recipe.bb, classes/):
        {"case": name, "tasks": {task: {"basehash": h, "deps": [...]}},
         "gendeps": {name: [...]}, "values": {name: text or null}}  or  {"case": name, "error": "..."}

The direct dependencies and values come from bb.data.generate_dependencies and the basehashes
from bb.data.generate_dependency_hash, with BB_BASEHASH_IGNORE_VARS as SignatureGeneratorBasic
reads it. Each recipe is evaluated in a forked child so no library state leaks between cases.
"""
import json
import logging
import os
import sys
import types

# bb.siggen imports hashserv, which the PyPI package does not ship.
for _name in ("hashserv", "hashserv.client"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
sys.modules["hashserv"].client = sys.modules["hashserv.client"]

import warnings  # noqa: E402
warnings.simplefilter("ignore")

import bb  # noqa: E402
import bb.codeparser  # noqa: E402
import bb.data  # noqa: E402
import bb.parse  # noqa: E402
import bb.siggen  # noqa: E402

logging.getLogger("BitBake").setLevel(logging.CRITICAL)
_log = logging.getLogger("BitBake.oracle")


def shell(scripts):
    for script in scripts:
        parser = bb.codeparser.ShellParser("oracle", _log)
        try:
            result = {"execs": sorted(parser.parse_shell(script))}
        except BaseException as exc:
            result = {"error": "%s: %s" % (type(exc).__name__, str(exc)[:200])}
        print(json.dumps(result), flush=True)


def evaluate(case):
    recipe = os.path.join(os.path.abspath(case), "recipe.bb")
    d = bb.data.init()
    d.setVar("BBPATH", os.path.dirname(recipe))
    d.setVar("__bbclasstype", "recipe")
    bb.parse.siggen = bb.siggen.init(d)
    final = bb.parse.handle(recipe, d)[""]
    ignored = set((final.getVar("BB_BASEHASH_IGNORE_VARS") or "").split())
    tasklist, gendeps, values = bb.data.generate_dependencies(final, ignored)
    taskdeps, basehash = bb.data.generate_dependency_hash(tasklist, gendeps, values, ignored, recipe)
    return {
        "tasks": {t: {"basehash": basehash[recipe + ":" + t], "deps": sorted(taskdeps[t])} for t in tasklist},
        "gendeps": {k: sorted(v) for k, v in gendeps.items()},
        "values": {k: None if v is None else str(v) for k, v in values.items()},
    }


def recipe(case):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = evaluate(case)
        except BaseException as exc:
            result = {"error": "%s: %s" % (type(exc).__name__, exc)}
        with os.fdopen(write, "w") as out:
            json.dump(result, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as inp:
        text = inp.read()
    os.waitpid(pid, 0)
    result = json.loads(text) if text else {"error": "oracle child died"}
    result["case"] = os.path.basename(os.path.normpath(case))
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["shell"]:
        shell(json.load(sys.stdin))
    elif sys.argv[1:2] == ["recipe"]:
        for case in sys.argv[2:]:
            print(json.dumps(recipe(case)), flush=True)
    else:
        sys.exit("usage: oracle.py shell < scripts.json | oracle.py recipe CASE...")
