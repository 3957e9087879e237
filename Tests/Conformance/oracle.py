#!/usr/bin/env python3
"""Evaluate conformance cases with the real BitBake library (the oracle).

Each case is a folder holding `recipe.bb` (plus any classes/, includes) and a
`query` file naming the variables to print (`VAR` or `VAR[flag]`). For every
case this prints one JSON line: {"case": name, "values": {...}} or
{"case": name, "error": "..."}.

The library is imported once; each case is evaluated in a forked child so the
library's global state (method pool, statement cache, handlers) never leaks
from one case into the next.
"""
import json
import os
import sys
import types

# bb.siggen imports hashserv, which is not part of the PyPI bitbake-setup package.
for _name in ("hashserv", "hashserv.client"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
sys.modules["hashserv"].client = sys.modules["hashserv.client"]

import bb  # noqa: E402
import bb.data  # noqa: E402
import bb.parse  # noqa: E402
import bb.siggen  # noqa: E402
import logging  # noqa: E402

class _ErrorLog(logging.Handler):
    """Keeps BitBake's error/fatal messages so a failing case can say why
    (bb.fatal logs its message and then raises an empty BBHandledException)."""

    def __init__(self):
        super().__init__(logging.ERROR - 1)  # ERROR - 1 is erroronce
        self.messages = []

    def emit(self, record):
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed log call must not break the oracle
            self.messages.append(str(record.msg))


_error_log = _ErrorLog()
_bb_logger = logging.getLogger("BitBake")
_bb_logger.setLevel(logging.ERROR - 1)
_bb_logger.propagate = False
_bb_logger.handlers = [_error_log]


def query_names(case):
    with open(os.path.join(case, "query")) as f:
        return f.read().split()


def evaluate(case):
    recipe = os.path.join(os.path.abspath(case), "recipe.bb")
    d = bb.data.init()
    d.setVar("BBPATH", os.path.dirname(recipe))
    d.setVar("__bbclasstype", "recipe")
    bb.parse.siggen = bb.siggen.init(d)
    datastores = bb.parse.handle(recipe, d)
    final = datastores[""]
    values = {}
    for name in query_names(case):
        if name.endswith("]") and "[" in name:
            var, flag = name[:-1].split("[", 1)
            value = final.getVarFlag(var, flag)
        else:
            value = final.getVar(name)
        values[name] = None if value is None else str(value)
    return values


def run(case):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            result = {"values": evaluate(case)}
        except BaseException as exc:  # bb.fatal raises SystemExit-like errors too
            message = "%s: %s" % (type(exc).__name__, exc)
            if _error_log.messages:
                message += " [logged: %s]" % " | ".join(_error_log.messages)
            result = {"error": message}
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
    for case in sys.argv[1:]:
        print(json.dumps(run(case)), flush=True)
