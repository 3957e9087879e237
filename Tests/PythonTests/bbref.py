"""Run a snippet under bake's `bb` and under the reference BitBake and return
both results. Each side is a long-running server process (imports paid
once) that runs every snippet in a fresh fork.

A snippet is Python source that reads `payload` (JSON data) and sets
`result` (JSON-friendly, see refcommon._plain). Both sides run the very same
text, with `refcommon` importable.

The reference is BitBake 2.19.0 installed in a virtualenv: by default the
package's .venv-oracle, which `scripts/setup.sh --with-oracle` makes (override
with BAKE_BB_REFERENCE_PYTHON=/path/to/python). Tests that need it are skipped
when it is missing; scripts/test.sh always has it.
"""

import atexit
import json
import os
import subprocess
import sys
import tempfile

import pytest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(TESTS_DIR))
BAKE_PYTHON_DIR = os.path.join(ROOT, "Sources", "RecipeParser", "python")
REFERENCE_PYTHON = os.environ.get("BAKE_BB_REFERENCE_PYTHON", os.path.join(ROOT, ".venv-oracle", "bin", "python"))

_BAKE_BOOT = """
import sys
sys.path[0:0] = [{bake!r}, {tests!r}]
import bb, bb.utils, bb.data, bb.parse, bb.build, bb.event, bb.fetch2, bb.process, bb.msg, bb.filter
import refcommon
refcommon.serve()
"""

# bb.siggen (imported by bb.parse) wants hashserv, which the PyPI package of
# BitBake does not ship; bb.event.register needs bb.methodpool loaded.
_REFERENCE_BOOT = """
import sys, types
for _name in ("hashserv", "hashserv.client"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
sys.modules["hashserv"].client = sys.modules["hashserv.client"]
sys.path.insert(0, {tests!r})
import bb, bb.utils, bb.data, bb.data_smart, bb.parse, bb.methodpool, bb.build, bb.event
import bb.fetch2, bb.process, bb.msg, bb.filter
import refcommon
refcommon.serve()
"""

_servers = {}


def reference_available():
    return os.access(REFERENCE_PYTHON, os.X_OK)


def require_reference():
    if not reference_available():
        pytest.skip("reference BitBake venv not found at %s" % REFERENCE_PYTHON)


def _server(side):
    """The long-running snippet server for one side (started on first use)."""
    proc = _servers.get(side)
    if proc is None or proc.poll() is not None:
        python, boot = {"bake": (sys.executable, _BAKE_BOOT),
                        "reference": (REFERENCE_PYTHON, _REFERENCE_BOOT)}[side]
        proc = subprocess.Popen([python, "-c", boot.format(bake=BAKE_PYTHON_DIR, tests=TESTS_DIR)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        _servers[side] = proc
    return proc


@atexit.register
def _stop_servers():
    for proc in _servers.values():
        try:
            proc.stdin.close()
            proc.wait(timeout=10)
        except Exception:
            proc.kill()


def _submit(side, snippet, payload, tmp):
    cwd = os.path.join(tmp, side)
    os.mkdir(cwd)
    request = {"snippet": snippet, "payload": payload, "cwd": cwd,
               "result": os.path.join(tmp, side + ".json")}
    proc = _server(side)
    proc.stdin.write(json.dumps(request) + "\n")
    proc.stdin.flush()
    return proc, request


def _wait(side, proc, request):
    """Wait for the server's reply; return a function giving the result (or raising)."""
    status = proc.stdout.readline()

    def result():
        if not status:
            raise AssertionError("%s snippet server died" % side)
        try:
            with open(request["result"]) as f:
                answer = json.load(f)
        except (OSError, ValueError):
            raise AssertionError("%s side crashed (status %s)" % (side, status.strip()))
        if "traceback" in answer:
            raise AssertionError("%s side raised:\n%s" % (side, answer["traceback"]))
        return answer["result"]

    return result


def run_both(snippet, payload=None):
    """(bake_result, reference_result) for `snippet`, run concurrently.

    Each side runs in a fresh fork with its own scratch working directory.
    """
    require_reference()
    with tempfile.TemporaryDirectory(prefix="bbref-") as tmp:
        pending = [(side,) + _submit(side, snippet, payload, tmp) for side in ("bake", "reference")]
        # Read both replies before looking at either, so that a failure on
        # one side leaves no unread reply behind.
        results = [_wait(*entry) for entry in pending]
        return tuple(result() for result in results)


def run_bake(snippet, payload=None):
    """Result of `snippet` under bake's bb only (in a fresh fork)."""
    with tempfile.TemporaryDirectory(prefix="bbbake-") as tmp:
        return _wait("bake", *_submit("bake", snippet, payload, tmp))()


def assert_same(snippet, payload=None):
    """Run on both sides and assert the results are equal, item by item when
    the result is a list (so a failure names the first differing entry and,
    when the payload is a list too, its input)."""
    mine, ref = run_both(snippet, payload)
    if isinstance(mine, list) and isinstance(ref, list):
        for index, (a, b) in enumerate(zip(mine, ref)):
            item = payload[index] if isinstance(payload, list) and index < len(payload) else index
            assert a == b, "entry %r: bake %r != reference %r" % (item, a, b)
    assert mine == ref
    return mine
