"""bake's own `bb` package: the part of BitBake's Python API that metadata calls.

OpenEmbedded metadata runs Python (inline `${@...}`, anonymous `python () {}`
blocks, `def` functions, event handlers) that calls into a module named `bb`.
bake embeds CPython and provides this package in place of BitBake's library.
It follows the behaviour of BitBake 2.19.0 but is written independently and
depends only on the standard library.

Messages go through one hook, `bb._msg_sink(level, text)`, which the host
replaces; the levels are "plain", "debug", "note", "verbnote", "warn",
"error" and "fatal".  `bb._debug_level` is the number of `-D` flags the
host was given: `bb.debug(n, ...)` reaches the sink only when n is at most
that number (and never when it is 0), as in BitBake.

Submodules (`bb.utils`, `bb.data`, ...) are imported on first attribute
access so that `import bb` stays cheap.
"""

import sys

__version__ = "2.19.0"


class BBHandledException(Exception):
    """An error the user has already been told about (through bb.error,
    bb.fatal or an event); whoever catches it should not report it again."""


# ---------------------------------------------------------------------------
# Message sink

_LABELS = {
    "plain": "",
    "debug": "DEBUG",
    "note": "NOTE",
    "verbnote": "NOTE",
    "warn": "WARNING",
    "error": "ERROR",
    "fatal": "ERROR",
}


def _default_sink(level, text):
    """Print a message the way BitBake's console does: `LABEL: text`."""
    label = _LABELS.get(level, level.upper())
    stream = sys.stderr
    if label:
        stream.write("%s: %s\n" % (label, text))
    else:
        stream.write("%s\n" % text)
    stream.flush()


#: Callable (level, text) -> None receiving every message. The host sets it.
_msg_sink = _default_sink

#: How many -D flags are in effect (0: no debug output).
_debug_level = 0

# Texts already shown through warnonce/erroronce (per level).
_shown_once = set()

# Python logging levels BitBake uses for its message kinds.
_DEBUG = 10
_NOTE = 20


def _send(level, text):
    _msg_sink(level, text)


def _send_once(level, text):
    key = (level, text)
    if key in _shown_once:
        return
    _shown_once.add(key)
    _msg_sink(level, text)


def _debug_enabled(loglevel):
    """Whether a message at Python logging level `loglevel` passes the
    threshold implied by `_debug_level`."""
    if _debug_level > 0:
        threshold = _DEBUG - _debug_level + 1
    else:
        threshold = _NOTE
    # The BitBake logger itself never passes anything below DEBUG - 2.
    return loglevel >= threshold and loglevel >= _DEBUG - 2


# ---------------------------------------------------------------------------
# Messaging functions used by metadata

def plain(*args):
    """Print the joined arguments without any prefix."""
    _send("plain", "".join(args))


def debug(lvl, *args):
    """Print a debug message at debug level `lvl` (1 = shown with -D)."""
    if isinstance(lvl, str):
        warn("Passed invalid debug level '%s' to bb.debug" % lvl)
        args = (lvl,) + args
        lvl = 1
    text = "".join(args)
    if not _debug_enabled(_DEBUG - lvl + 1):
        return
    if not isinstance(lvl, int):
        warn("Invalid arguments in bbdebug: %s" % repr((lvl, text)))
    _send("debug", text)


def note(*args):
    """Print a note."""
    _send("note", "".join(args))


def verbnote(*args):
    """Print a note that is shown on the console even when notes are not."""
    _send("verbnote", "".join(args))


def warn(*args):
    """Print a warning."""
    _send("warn", "".join(args))


def warnonce(*args):
    """Print a warning, but only the first time this exact text is seen."""
    _send_once("warn", "".join(args))


def error(*args, **kwargs):
    """Print an error. Keyword arguments (BitBake's logging extras) are ignored."""
    _send("error", "".join(args))


def erroronce(*args):
    """Print an error, but only the first time this exact text is seen."""
    _send_once("error", "".join(args))


def fatal(*args, **kwargs):
    """Print an error and stop: raises BBHandledException."""
    _send("fatal", "".join(args))
    raise BBHandledException()


def deprecated(func, name=None, advice=""):
    """Wrap `func` so that each call issues a DeprecationWarning."""
    import warnings

    label = func.__name__ if name is None else name
    suffix = ": %s" % advice if advice else ""

    def wrapper(*args, **kwargs):
        warnings.warn("Call to deprecated function %s%s." % (label, suffix),
                      category=DeprecationWarning, stacklevel=2)
        return func(*args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__dict__.update(func.__dict__)
    return wrapper


def deprecate_import(current, modulename, fromlist, renames=None):
    """Make `fromlist` names of `modulename` available in module `current`,
    each wrapped to warn that the new location should be used."""
    source = __import__(modulename, fromlist=fromlist)
    target = sys.modules[current]
    for index, objname in enumerate(fromlist):
        wrapped = deprecated(getattr(source, objname), "%s.%s" % (current, objname),
                             "Please use %s.%s instead" % (modulename, objname))
        setattr(target, renames[index] if renames else objname, wrapped)


# ---------------------------------------------------------------------------
# Python logging bridge: code that logs to the "BitBake" logger hierarchy
# (oe.terminal, oe.license_finder, ...) ends up in the same sink. Importing
# logging costs more than the rest of `import bb`, so the bridge is attached
# when something first imports logging (or right away if it already has).

def _install_logging_bridge(logging):
    class _SinkHandler(logging.Handler):
        def emit(self, record):
            try:
                text = record.getMessage()
            except Exception:
                text = str(record.msg)
            no = record.levelno
            if no >= logging.CRITICAL:
                _send("fatal", text)
            elif no == logging.ERROR - 1:
                _send_once("error", text)
            elif no >= logging.ERROR:
                _send("error", text)
            elif no == logging.WARNING - 1:
                _send_once("warn", text)
            elif no >= logging.WARNING:
                _send("warn", text)
            elif no == logging.INFO + 2:
                _send("verbnote", text)
            elif no == logging.INFO + 1:
                _send("plain", text)
            elif no >= logging.INFO - 1:
                _send("note", text)
            elif _debug_enabled(no):
                _send("debug", text)

    root = logging.getLogger("BitBake")
    root.addHandler(_SinkHandler())
    root.setLevel(logging.DEBUG - 2)
    root.propagate = False


class _BridgeLoader(object):
    """Wraps the loader of the `logging` module to attach the bridge once
    the module has run."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _install_logging_bridge(module)

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _LoggingImportHook(object):
    """One-shot sys.meta_path finder for the first import of `logging`."""

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname != "logging":
            return None
        try:
            sys.meta_path.remove(cls)
        except ValueError:
            pass
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _BridgeLoader(spec.loader)
        return spec


if "logging" in sys.modules:
    _install_logging_bridge(sys.modules["logging"])
else:
    sys.meta_path.insert(0, _LoggingImportHook)


# BitBake (in bb.build, which every parse imports) makes `bb` and `os`
# builtins, and OE's lib relies on it: oe/data.py, oe/elf.py, oe/lsb.py and
# others use `bb.` without importing it.
def _install_builtins():
    import builtins
    import os
    builtins.bb = sys.modules[__name__]
    builtins.os = os


_install_builtins()


# ---------------------------------------------------------------------------
# Lazily imported submodules

_SUBMODULES = frozenset((
    "build", "compress", "data", "data_smart", "event", "fetch2", "filter", "msg",
    "parse", "process", "runqueue", "siggen", "utils",
))


class _ForkMultiprocessing(object):
    """`bb.multiprocessing`: the multiprocessing module, but with the "fork"
    start method wherever a context matters (BitBake relies on fork)."""

    def __getattr__(self, name):
        import multiprocessing
        context = multiprocessing.get_context("fork")
        if hasattr(context, name):
            return getattr(context, name)
        return getattr(multiprocessing, name)


def __getattr__(name):
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module("bb." + name)
    if name == "fetch":
        # BitBake keeps the old name `bb.fetch` as an alias of bb.fetch2.
        module = importlib.import_module("bb.fetch2")
        sys.modules.setdefault("bb.fetch", module)
        globals()["fetch"] = module
        return module
    if name == "multiprocessing":
        proxy = _ForkMultiprocessing()
        globals()["multiprocessing"] = proxy
        return proxy
    if name == "TaskData":
        from collections import namedtuple
        cls = namedtuple("TaskData", ["pn", "taskname", "fn", "deps", "provides", "taskhash",
                                      "unihash", "hashfn", "taskhash_deps"])
        globals()["TaskData"] = cls
        return cls
    raise AttributeError("module 'bb' has no attribute %r" % name)
