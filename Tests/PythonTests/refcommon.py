"""Helpers shared by both sides of the differential tests.

This file is imported inside the subprocess that runs a test snippet, both
under bake's `bb` and under the reference BitBake, so it must not depend on
which `bb` it gets.
"""

import copy
import json
import logging
import re
import sys

_VAR_REF = re.compile(r"\$\{([^{}@]+)\}")


class FakeDataStore(object):
    """A tiny dict-backed stand-in for a BitBake datastore.

    Values and flags are stored as given (lists stay the same objects, as in
    BitBake). expand() replaces `${NAME}` references to set variables,
    repeatedly; unknown references and `${@...}` stay as they are.
    """

    def __init__(self, values=None, flags=None):
        self._values = dict(values or {})
        self._flags = {name: dict(fl) for name, fl in (flags or {}).items()}

    # -- values
    def getVar(self, var, expand=True, **kwargs):
        value = self._values.get(var)
        if expand and isinstance(value, str):
            value = self.expand(value, var)
        return value

    def setVar(self, var, value, **kwargs):
        self._values[var] = value

    def delVar(self, var, **kwargs):
        self._values.pop(var, None)
        self._flags.pop(var, None)

    def appendVar(self, var, value, **kwargs):
        self._values[var] = (self._values.get(var) or "") + value

    def prependVar(self, var, value, **kwargs):
        self._values[var] = value + (self._values.get(var) or "")

    def renameVar(self, key, newkey, **kwargs):
        if key in self._values:
            self._values[newkey] = self._values[key]
        if key in self._flags:
            self._flags.setdefault(newkey, {}).update(self._flags[key])
        self.delVar(key)

    # -- flags
    def getVarFlag(self, var, flag, expand=True, **kwargs):
        value = self._flags.get(var, {}).get(flag)
        if expand and isinstance(value, str):
            value = self.expand(value, var)
        return value

    def setVarFlag(self, var, flag, value, **kwargs):
        self._flags.setdefault(var, {})[flag] = value

    def delVarFlag(self, var, flag, **kwargs):
        self._flags.get(var, {}).pop(flag, None)

    def appendVarFlag(self, var, flag, value, **kwargs):
        self.setVarFlag(var, flag, (self.getVarFlag(var, flag, False) or "") + value)

    def prependVarFlag(self, var, flag, value, **kwargs):
        self.setVarFlag(var, flag, value + (self.getVarFlag(var, flag, False) or ""))

    def getVarFlags(self, var, expand=False, internalflags=None):
        flags = self._flags.get(var)
        if not flags:
            return None
        return dict(flags)

    def setVarFlags(self, var, flags, **kwargs):
        self._flags.setdefault(var, {}).update(flags)

    def delVarFlags(self, var, **kwargs):
        self._flags.pop(var, None)

    # -- whole store
    def expand(self, s, varname=None):
        if not isinstance(s, str):
            return s
        for _ in range(50):
            new = _VAR_REF.sub(self._lookup, s)
            if new == s:
                break
            s = new
        return s

    def _lookup(self, match):
        value = self._values.get(match.group(1))
        return value if isinstance(value, str) else match.group(0)

    def keys(self):
        names = list(self._values)
        names.extend(name for name in self._flags if name not in self._values)
        return names

    def __iter__(self):
        return iter(self.keys())

    def __contains__(self, var):
        return var in self._values or var in self._flags

    def createCopy(self):
        return copy.deepcopy(self)

    def dump(self):
        """JSON-friendly state: {name: [value, {flag: value}]} sorted by name."""
        out = {}
        for name in sorted(self.keys()):
            out[name] = [_plain(self._values.get(name)), _plain(self._flags.get(name, {}))]
        return out


def _plain(value):
    if isinstance(value, (set, frozenset)):
        return {"__set__": sorted(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def outcome(func, *args, **kwargs):
    """{"ok": result} or {"error": exception class name, "msg": str(exc)}."""
    try:
        return {"ok": _plain(func(*args, **kwargs))}
    except Exception as exc:
        return {"error": type(exc).__name__, "msg": str(exc)}


def ordered(mapping):
    """A mapping as a list of [key, value] pairs, keeping its order."""
    return [[k, _plain(v)] for k, v in mapping.items()]


class MessageLog(object):
    """Collects (level, text) messages from whichever `bb` is loaded.

    Under bake's bb this replaces bb._msg_sink; under BitBake it hooks the
    "BitBake" logger and maps its levels onto bake's level names.
    """

    def __init__(self):
        self.messages = []
        import bb
        if hasattr(bb, "_msg_sink"):
            bb._msg_sink = lambda level, text: self.messages.append([level, text])
        else:
            log = self

            class Collector(logging.Handler):
                def emit(self, record):
                    log.messages.append([_level_name(record.levelno), record.getMessage()])

            logging.getLogger("BitBake").addHandler(Collector())


def _level_name(levelno):
    if levelno >= logging.CRITICAL:
        return "fatal"
    if levelno >= logging.ERROR - 1:
        return "error"
    if levelno >= logging.WARNING - 1:
        return "warn"
    if levelno == logging.INFO + 2:
        return "verbnote"
    if levelno == logging.INFO + 1:
        return "plain"
    if levelno >= logging.INFO - 1:
        return "note"
    return "debug"


def run_snippet(snippet, payload):
    """Execute a snippet with `payload` bound; return its `result`, made plain."""
    namespace = {"payload": payload, "__name__": "__snippet__"}
    exec(compile(snippet, "<snippet>", "exec"), namespace)
    return _plain(namespace.get("result"))


def serve():
    """Answer requests from stdin until it closes, each in a forked child.

    A request is one JSON line {"snippet", "payload", "cwd", "result"}; the
    child runs the snippet in `cwd` (its output going to files there) and
    writes {"result": ...} or {"traceback": ...} to the `result` path. The
    reply is one line on stdout holding the child's exit status. Forking
    keeps every run independent of the others' module state while paying
    for the imports only once.
    """
    import os
    import traceback

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                os.chdir(request["cwd"])
                for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
                    target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                    os.dup2(target, fd)
                    os.close(target)
                try:
                    answer = {"result": run_snippet(request["snippet"], request["payload"])}
                except BaseException:
                    answer = {"traceback": traceback.format_exc()}
                with open(request["result"], "w") as f:
                    json.dump(answer, f)
            except BaseException:
                status = 1
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(status)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write("%d\n" % status)
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
