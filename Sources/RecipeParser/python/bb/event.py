"""Events and class event handlers (`bb.event`, BitBake 2.19.0 behaviour).

Metadata registers handlers with `addhandler NAME` plus `NAME[eventmask]`;
bake calls `register(name, code, mask, filename, lineno, data=d)` and later
`fire(SomeEvent(...), d)`. A handler runs when its mask is empty or holds
"*" or the event's full class name (e.g. "bb.event.RecipePreFinalise"), and
the datastore's `__BBHANDLERS_MC` set names it. String handlers are compiled
as `def NAME(e, d):` in the metadata globals (`bb.utils._context`); while a
handler runs, `e.data` is the datastore.

Events that are not handled here go to `bb.event._ui_sink(event)` when the
host has set it.
"""

import sys

import bb
import bb.parse
import bb.utils

# Set in forked task workers in BitBake; bake keeps it 0.
worker_pid = 0
worker_fire = None

#: Callable(event) receiving every fired event after the class handlers
#: ran (bake's UI side); None drops them.
_ui_sink = None

Registered = 10
AlreadyRegistered = 14

_handlers = {}            # name -> callable(e, d), in registration order
_catchall_handlers = {}   # names registered without a mask (or with "*")
_event_handler_map = {}   # event class name -> {handler name: True}
_eventfilter = None


class Event(object):
    """Base class of all events."""

    def __init__(self):
        self.pid = worker_pid


def _event_id(event):
    # "<class 'bb.event.ConfigParsed'>" -> "bb.event.ConfigParsed" (no module
    # part for classes whose module is builtins, e.g. defined in metadata).
    return repr(event.__class__)[8:-2]


def getName(e):
    """The class name of an event class or instance."""
    name = getattr(e, "__name__", None)
    if name is None:
        return e.__class__.__name__
    return name


# ---------------------------------------------------------------------------
# Handler registry

def get_class_handlers():
    return _handlers


def set_class_handlers(h):
    global _handlers
    _handlers = h


def clean_class_handlers():
    return {}


def get_handlers():
    return _handlers


def set_handlers(handlers):
    global _handlers
    _handlers = handlers


def set_eventfilter(func):
    """Install func(name, handler, event, d) -> bool, consulted before each handler."""
    global _eventfilter
    _eventfilter = func


def _note_handler(data, name, add):
    if data is None:
        return
    names = data.getVar("__BBHANDLERS_MC") or set()
    if add:
        names.add(name)
    elif name in names:
        names.remove(name)
    else:
        return
    data.setVar("__BBHANDLERS_MC", names)


def _mc_name(name, data):
    if data is not None:
        mc = data.getVar("BB_CURRENT_MC")
        if mc:
            return "%s%s" % (mc.replace("-", "_"), name)
    return name


def _noop(*args):
    return None


# Every recipe registers its classes' handlers again; their code is compiled once per run.
_compile_cache = {}


def _compiled(source, filename):
    key = (source, filename)
    code = _compile_cache.get(key)
    if code is None:
        code = _compile_cache[key] = compile(source, filename, "exec")
    return code


def register(name, handler, mask=None, filename=None, lineno=None, data=None):
    """Register an event handler: a callable(e, d) or the source of its body.

    With a datastore whose BB_CURRENT_MC is set, the name is prefixed with
    the multiconfig name. Returns AlreadyRegistered when the name is known
    (the datastore still learns about it), Registered otherwise, and None
    when the body does not compile (an error is printed and a do-nothing
    handler is kept under that name).
    """
    name = _mc_name(name, data)

    if name in _handlers:
        _note_handler(data, name, True)
        return AlreadyRegistered

    if handler is None:
        return None

    if isinstance(handler, str):
        source = "def %s(e, d):\n%s" % (name, handler)
        if lineno is not None:
            source = "\n" * (lineno - 1) + source
        try:
            code = _compiled(source, filename if filename is not None else "%s(e, d)" % name)
        except SyntaxError:
            import traceback
            bb.error("Unable to register event handler '%s':\n%s"
                     % (name, "".join(traceback.format_exc(limit=0))))
            _handlers[name] = _noop
            return None
        scope = {}
        bb.utils.better_exec(code, scope)
        _handlers[name] = scope[name]
    else:
        _handlers[name] = handler

    if not mask or "*" in mask:
        _catchall_handlers[name] = True
    else:
        for event_name in mask:
            _event_handler_map.setdefault(event_name, {})[name] = True

    _note_handler(data, name, True)
    return Registered


def remove(name, handler, data=None):
    """Unregister a handler (KeyError if it is not registered)."""
    name = _mc_name(name, data)
    _handlers.pop(name)
    _catchall_handlers.pop(name, None)
    for names in _event_handler_map.values():
        names.pop(name, None)
    _note_handler(data, name, False)


def execute_handler(name, handler, event, d):
    """Call one handler with event.data set to `d` for the duration.

    SkipRecipe and BBHandledException pass through quietly; any other
    exception is reported as a failed handler and re-raised.
    """

    event.data = d
    try:
        handler(event, d)
    except (bb.parse.SkipRecipe, bb.BBHandledException):
        raise
    except Exception as exc:
        import traceback
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__.tb_next))
        bb.error("Execution of event handler '%s' failed\n%s" % (name, details.rstrip("\n")))
        raise
    except SystemExit as exc:
        if exc.code != 0:
            bb.error("Execution of event handler '%s' failed" % name)
        raise
    finally:
        del event.data


def fire_class_handlers(event, d):
    """Run, in registration order, the handlers whose mask matches `event`."""
    logging = sys.modules.get("logging")
    if logging is not None and isinstance(event, logging.LogRecord):
        return
    wanted = _event_handler_map.get(_event_id(event), {})
    for name, handler in list(_handlers.items()):
        if name not in _catchall_handlers and name not in wanted:
            continue
        if _eventfilter is not None and not _eventfilter(name, handler, event, d):
            continue
        if d is not None and name not in (d.getVar("__BBHANDLERS_MC") or set()):
            continue
        execute_handler(name, handler, event, d)


def fire(event, d):
    """Fire an event: class handlers first, then the host's UI sink."""
    fire_class_handlers(event, d)
    if worker_fire is not None:
        worker_fire(event, d)
    elif _ui_sink is not None:
        _ui_sink(event)


def fire_from_worker(event, d):
    if _ui_sink is not None:
        _ui_sink(event)


def check_for_interrupts():
    """BitBake checks for Ctrl+C here; bake interrupts by other means."""
    return


def enable_threadlock():
    return


def disable_threadlock():
    return


def enable_heartbeat():
    return


def disable_heartbeat():
    return


# ---------------------------------------------------------------------------
# Event classes

class HeartbeatEvent(Event):
    """Fired periodically while BitBake is busy."""

    def __init__(self, time):
        Event.__init__(self)
        self.time = time


class OperationStarted(Event):
    """An operation has begun."""

    def __init__(self, msg="Operation Started"):
        Event.__init__(self)
        self.msg = msg


class OperationCompleted(Event):
    """An operation has completed."""

    def __init__(self, total, msg="Operation Completed"):
        Event.__init__(self)
        self.total = total
        self.msg = msg


class OperationProgress(Event):
    """An operation is in progress."""

    def __init__(self, current, total, msg="Operation in Progress"):
        Event.__init__(self)
        self.current = current
        self.total = total
        self.msg = "%s: %s/%s" % (msg, current, total)


class ConfigParsed(Event):
    """The base configuration has been parsed."""


class MultiConfigParsed(Event):
    """All multiconfig configurations have been parsed."""

    def __init__(self, mcdata):
        self.mcdata = mcdata
        Event.__init__(self)


class RecipeEvent(Event):
    """Base class of the recipe parsing events; `fn` is the recipe file."""

    def __init__(self, fn):
        self.fn = fn
        Event.__init__(self)


class RecipePreDeferredInherits(RecipeEvent):
    """Before deferred inherits are processed; `inherits` lists them."""

    def __init__(self, fn, inherits):
        self.fn = fn
        self.inherits = inherits
        Event.__init__(self)


class RecipePreFinalise(RecipeEvent):
    """The recipe is parsed but not yet finalised."""


class RecipePostKeyExpansion(RecipeEvent):
    """Variable names holding `${...}` have just been expanded."""


class RecipeTaskPreProcess(RecipeEvent):
    """The task list (`tasklist`) is final; dependencies may still change."""

    def __init__(self, fn, tasklist):
        self.fn = fn
        self.tasklist = tasklist
        Event.__init__(self)


class RecipeParsed(RecipeEvent):
    """The recipe has been parsed and finalised."""


class BuildBase(Event):
    """Base class of build events."""

    def __init__(self, n, p, failures=0):
        self._name = n
        self._pkgs = p
        Event.__init__(self)
        self._failures = failures

    def getPkgs(self):
        return self._pkgs

    def setPkgs(self, pkgs):
        self._pkgs = pkgs

    def getName(self):
        return self._name

    def setName(self, name):
        self._name = name

    def getFailures(self):
        """The number of failed packages."""
        return self._failures

    pkgs = property(getPkgs, setPkgs, None, "pkgs property")
    name = property(getName, setName, None, "name property")


class BuildInit(BuildBase):
    """A build was requested."""

    def __init__(self, p=[]):
        BuildBase.__init__(self, None, p)


class BuildStarted(BuildBase, OperationStarted):
    """A build has started."""

    def __init__(self, n, p, failures=0):
        OperationStarted.__init__(self, "Building Started")
        BuildBase.__init__(self, n, p, failures)


class BuildCompleted(BuildBase, OperationCompleted):
    """A build has finished."""

    def __init__(self, total, n, p, failures=0, interrupted=0):
        OperationCompleted.__init__(self, total, "Building Failed" if failures else "Building Succeeded")
        self._interrupted = interrupted
        BuildBase.__init__(self, n, p, failures)


class DiskFull(Event):
    """The build stopped because a disk is full."""

    def __init__(self, dev, type, freespace, mountpoint):
        Event.__init__(self)
        self._dev = dev
        self._type = type
        self._free = freespace
        self._mountpoint = mountpoint


class DiskUsageSample:
    def __init__(self, available_bytes, free_bytes, total_bytes):
        self.available_bytes = available_bytes
        self.free_bytes = free_bytes
        self.total_bytes = total_bytes


class MonitorDiskEvent(Event):
    """Disk usage of the monitored directories (`disk_usage`)."""

    def __init__(self, disk_usage):
        Event.__init__(self)
        self.disk_usage = disk_usage


class NoProvider(Event):
    """Nothing provides a wanted item."""

    def __init__(self, item, runtime=False, dependees=None, reasons=None, close_matches=None):
        Event.__init__(self)
        self._item = item
        self._runtime = runtime
        self._dependees = dependees
        self._reasons = reasons
        self._close_matches = close_matches

    def getItem(self):
        return self._item

    def isRuntime(self):
        return self._runtime

    def __str__(self):
        r = "R" if self._runtime else ""
        extra = ""
        if not self._reasons and self._close_matches:
            extra = ". Close matches:\n  %s" % "\n  ".join(sorted(set(self._close_matches)))
        if self._dependees:
            msg = "Nothing %sPROVIDES '%s' (but %s %sDEPENDS on or otherwise requires it)%s" % (
                r, self._item, ", ".join(self._dependees), r, extra)
        else:
            msg = "Nothing %sPROVIDES '%s'%s" % (r, self._item, extra)
        for reason in self._reasons or ():
            msg += "\n" + reason
        return msg


class MultipleProviders(Event):
    """Several recipes provide the same item."""

    def __init__(self, item, candidates, runtime=False):
        Event.__init__(self)
        self._item = item
        self._candidates = candidates
        self._is_runtime = runtime

    def isRuntime(self):
        return self._is_runtime

    def getItem(self):
        return self._item

    def getCandidates(self):
        return self._candidates

    def __str__(self):
        msg = "Multiple providers are available for %s%s (%s)" % (
            "runtime " if self._is_runtime else "", self._item, ", ".join(self._candidates))
        msg += "\nConsider defining a PREFERRED_%sPROVIDER entry to match %s" % (
            "R" if self._is_runtime else "", self._item)
        return msg


class ParseStarted(OperationStarted):
    """Recipe parsing has begun."""

    def __init__(self, total):
        OperationStarted.__init__(self, "Recipe parsing Started")
        self.total = total


class ParseCompleted(OperationCompleted):
    """Recipe parsing has completed."""

    def __init__(self, cached, parsed, skipped, masked, virtuals, errors, total):
        OperationCompleted.__init__(self, total, "Recipe parsing Completed")
        self.cached = cached
        self.parsed = parsed
        self.skipped = skipped
        self.virtuals = virtuals
        self.masked = masked
        self.errors = errors
        self.sofar = cached + parsed


class ParseProgress(OperationProgress):
    """Recipe parsing progress."""

    def __init__(self, current, total):
        OperationProgress.__init__(self, current, total, "Recipe parsing")


class CacheLoadStarted(OperationStarted):
    def __init__(self, total):
        OperationStarted.__init__(self, "Loading cache Started")
        self.total = total


class CacheLoadProgress(OperationProgress):
    def __init__(self, current, total):
        OperationProgress.__init__(self, current, total, "Loading cache")


class CacheLoadCompleted(OperationCompleted):
    def __init__(self, total, num_entries):
        OperationCompleted.__init__(self, total, "Loading cache Completed")
        self.num_entries = num_entries


class TreeDataPreparationStarted(OperationStarted):
    def __init__(self):
        OperationStarted.__init__(self, "Preparing tree data Started")


class TreeDataPreparationProgress(OperationProgress):
    def __init__(self, current, total):
        OperationProgress.__init__(self, current, total, "Preparing tree data")


class TreeDataPreparationCompleted(OperationCompleted):
    def __init__(self, total):
        OperationCompleted.__init__(self, total, "Preparing tree data Completed")


class DepTreeGenerated(Event):
    def __init__(self, depgraph):
        Event.__init__(self)
        self._depgraph = depgraph


class TargetsTreeGenerated(Event):
    def __init__(self, model):
        Event.__init__(self)
        self._model = model


class ReachableStamps(Event):
    """All stamps reachable after parsing (`stamps`)."""

    def __init__(self, stamps):
        Event.__init__(self)
        self.stamps = stamps


class StaleSetSceneTasks(Event):
    """Setscene tasks that will rerun, with their stale stamps (`tasks`)."""

    def __init__(self, tasks):
        Event.__init__(self)
        self.tasks = tasks


class FilesMatchingFound(Event):
    def __init__(self, pattern, matches):
        Event.__init__(self)
        self._pattern = pattern
        self._matches = matches


class ConfigFilesFound(Event):
    def __init__(self, variable, values):
        Event.__init__(self)
        self._variable = variable
        self._values = values


class ConfigFilePathFound(Event):
    def __init__(self, path):
        Event.__init__(self)
        self._path = path


class MsgBase(Event):
    """Base class of message events."""

    def __init__(self, msg):
        self._message = msg
        Event.__init__(self)


class MsgDebug(MsgBase):
    pass


class MsgNote(MsgBase):
    pass


class MsgWarn(MsgBase):
    pass


class MsgError(MsgBase):
    pass


class MsgFatal(MsgBase):
    pass


class MsgPlain(MsgBase):
    pass


class LogExecTTY(Event):
    """Ask the UI to run `prog` on its terminal."""

    def __init__(self, msg, prog, sleep_delay, retries):
        Event.__init__(self)
        self.msg = msg
        self.prog = prog
        self.sleep_delay = sleep_delay
        self.retries = retries


class MetadataEvent(Event):
    """Generic event OE classes use to report information (`type`, data)."""

    def __init__(self, eventtype, eventdata):
        Event.__init__(self)
        self.type = eventtype
        self._localdata = eventdata


class ProcessStarted(Event):
    def __init__(self, processname, total):
        Event.__init__(self)
        self.processname = processname
        self.total = total


class ProcessProgress(Event):
    def __init__(self, processname, progress):
        Event.__init__(self)
        self.processname = processname
        self.progress = progress


class ProcessFinished(Event):
    def __init__(self, processname):
        Event.__init__(self)
        self.processname = processname


class SanityCheck(Event):
    """Ask the metadata to run its sanity checks."""

    def __init__(self, generateevents=True):
        Event.__init__(self)
        self.generateevents = generateevents


class SanityCheckPassed(Event):
    pass


class SanityCheckFailed(Event):
    def __init__(self, msg, network_error=False):
        Event.__init__(self)
        self._msg = msg
        self._network_error = network_error


class NetworkTest(Event):
    def __init__(self, generateevents=True):
        Event.__init__(self)
        self.generateevents = generateevents


class NetworkTestPassed(Event):
    pass


class NetworkTestFailed(Event):
    pass


class FindSigInfoResult(Event):
    def __init__(self, result):
        Event.__init__(self)
        self.result = result


class GetTaskSignatureResult(Event):
    def __init__(self, sig):
        Event.__init__(self)
        self.sig = sig


class ParseError(Event):
    """Parsing failed."""

    def __init__(self, msg):
        Event.__init__(self)
        self._msg = msg
