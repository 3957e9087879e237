"""Task bookkeeping in the datastore (`bb.build`, BitBake 2.19.0 behaviour).

`addtask`/`deltask` record tasks the way BitBake does: the `task` flag (int
1), a `deps` flag holding a Python list of task names, and the `__BBTASKS`
list. Lists read from the datastore are changed in place and then written
back, exactly as BitBake does.

Task execution is not bake's Python side's business; the task event classes
exist so that metadata event handlers can test for them.
"""

import time

import bb
from bb import event


class FuncFailed(Exception):
    """A task function failed (kept for metadata written for older BitBake)."""

    def __init__(self, name=None, logfile=None):
        self.logfile = logfile
        self.name = name
        if name:
            self.msg = 'Function failed: %s' % name
        else:
            self.msg = "Function failed"
        Exception.__init__(self, self.msg)

    def __str__(self):
        if self.logfile:
            return "%s (log file is located at %s)" % (self.msg, self.logfile)
        return self.msg


# ---------------------------------------------------------------------------
# Task events

class TaskBase(event.Event):
    """Base class for task events."""

    def __init__(self, t, fn, logfile, d):
        self._task = t
        self._fn = fn
        self._package = d.getVar("PF")
        self._mc = d.getVar("BB_CURRENT_MC")
        self.taskfile = d.getVar("FILE")
        self.taskname = t
        self.logfile = logfile
        self.time = time.time()
        self.pn = d.getVar("PN")
        self.pv = d.getVar("PV")
        event.Event.__init__(self)
        self._message = "recipe %s: task %s: %s" % (d.getVar("PF"), t, self.getDisplayName())

    def getTask(self):
        return self._task

    def setTask(self, task):
        self._task = task

    def getDisplayName(self):
        # "TaskStarted" -> "Started"
        return event.getName(self)[4:]

    task = property(getTask, setTask, None, "task property")


class TaskStarted(TaskBase):
    """A task started."""

    def __init__(self, t, fn, logfile, taskflags, d):
        TaskBase.__init__(self, t, fn, logfile, d)
        self.taskflags = taskflags


class TaskSucceeded(TaskBase):
    """A task completed."""


class TaskFailed(TaskBase):
    """A task failed."""

    def __init__(self, task, fn, logfile, metadata, errprinted=False):
        self.errprinted = errprinted
        TaskBase.__init__(self, task, fn, logfile, metadata)


class TaskFailedSilent(TaskBase):
    """A task failed without telling the user."""

    def getDisplayName(self):
        return "Failed"


class TaskInvalid(TaskBase):
    """A task that does not exist was requested."""

    def __init__(self, task, fn, metadata):
        TaskBase.__init__(self, task, fn, None, metadata)
        self._message = "No such task '%s'" % task


class TaskProgress(event.Event):
    """Progress (normally 0-100, negative when unknown) of the running task."""

    def __init__(self, progress, rate=None):
        self.progress = progress
        self.rate = rate
        event.Event.__init__(self)


# ---------------------------------------------------------------------------
# Task bookkeeping

def ensure_task_prefix(name):
    """`name` with a "do_" prefix added if it lacks one."""
    if name[:3] != "do_":
        return "do_" + name
    return name


def addtask(task, before, after, d):
    """Declare `task` (do_ prefix added) as a task.

    Sets its `task` flag to 1, appends it to `__BBTASKS`, adds each word of
    `after` (prefixed) to its `deps` flag, and puts it at the front of the
    `deps` flag of each task in `before` that does not already list it.
    `before`/`after` may be None; the `deps` flag is always written, even
    when empty.
    """
    task = ensure_task_prefix(task)

    d.setVarFlag(task, "task", 1)
    tasks = d.getVar("__BBTASKS", False) or []
    if task not in tasks:
        tasks.append(task)
    d.setVar("__BBTASKS", tasks)

    deps = d.getVarFlag(task, "deps", False) or []
    if after is not None:
        for entry in after.split():
            entry = ensure_task_prefix(entry)
            if entry not in deps:
                deps.append(entry)
    d.setVarFlag(task, "deps", deps)

    if before is not None:
        for entry in before.split():
            entry = ensure_task_prefix(entry)
            later = d.getVarFlag(entry, "deps", False) or []
            if task not in later:
                d.setVarFlag(entry, "deps", [task] + later)


def deltask(task, d):
    """Remove `task` (do_ prefix added): from `__BBTASKS` together with its
    `task` flag if it is listed there, its `deps` flag in any case, and from
    the `deps` of every remaining task."""
    task = ensure_task_prefix(task)

    tasks = d.getVar("__BBTASKS", False) or []
    if task in tasks:
        tasks.remove(task)
        d.delVarFlag(task, "task")
        d.setVar("__BBTASKS", tasks)

    d.delVarFlag(task, "deps")
    for other in d.getVar("__BBTASKS", False) or []:
        deps = d.getVarFlag(other, "deps", False) or []
        if task in deps:
            deps.remove(task)
            d.setVarFlag(other, "deps", deps)


def listtasks(d):
    """The recipe's tasks, as a tuple."""
    return tuple(d.getVar("__BBTASKS", False) or ())


def preceedtask(task, with_recrdeptasks, d):
    """Tasks that must run before `task` in this recipe (its `deps`, plus its
    `recrdeptask` words when asked). Empty for an unknown task."""
    before = set()
    if task not in d.getVar("__BBTASKS", False):
        return before
    before.update(d.getVarFlag(task, "deps") or [])
    if with_recrdeptasks:
        recrdeptask = d.getVarFlag(task, "recrdeptask")
        if recrdeptask:
            before.update(recrdeptask.split())
    return before


def tasksbetween(task_start, task_end, d):
    """Tasks on dependency chains from `task_start` to `task_end`, in the
    order they are first reached."""
    result = []
    if hasattr(d, "_bake_keys_with_flag"):  # bake's datastore: one call instead of one per key
        tasks = d._bake_keys_with_flag("task")
    else:
        tasks = [key for key in d.keys() if d.getVarFlag(key, "task")]

    def follow(task, chain):
        if task in chain:
            bb.fatal("Circular task dependencies as %s depends on itself via the chain %s"
                     % (task, " -> ".join(chain)))
        chain.append(task)
        for other in tasks:
            if other == task:
                continue
            if task == task_end:
                for entry in chain:
                    if entry not in result:
                        result.append(entry)
            elif task in d.getVarFlag(other, "deps", False):
                follow(other, chain)
        chain.pop()

    follow(task_start, [])
    return result


def exec_func(func, d, dirs=None):
    """Runs the metadata function `func` as BitBake does: `[cleandirs]` emptied, `[dirs]` (or
    `dirs`) created with the last one as working directory, `[lockfiles]` held. A Python
    function is called here; a shell function is run by bake's task runner, so shell
    functions run only while bake runs a task (not at parse time)."""
    flags = d.getVarFlags(func) or {}
    cleandirs = flags.get("cleandirs")
    if cleandirs:
        for cdir in d.expand(cleandirs).split():
            bb.utils.remove(cdir, True)
            bb.utils.mkdirhier(cdir)
    if dirs is None and flags.get("dirs"):
        dirs = d.expand(flags.get("dirs")).split()
    cwd = None
    if dirs:
        for adir in dirs:
            bb.utils.mkdirhier(adir)
        cwd = dirs[-1]

    body = d.getVar(func, False)
    if not body:
        if body is None:
            bb.warn("Function %s doesn't exist" % func)
        return

    lockfiles = flags.get("lockfiles")
    lockfiles = d.expand(lockfiles).split() if lockfiles else None
    with bb.utils.fileslocked(lockfiles):
        if flags.get("python"):
            _exec_python(func, body, flags, d, cwd)
        else:
            from bb.data_smart import host_call
            failure = host_call(d, "build.exec_shell", func, cwd or "")
            if failure:
                # As BitBake: the error is logged, then a handled exception stops the task.
                bb.error(failure)
                raise bb.BBHandledException()


def _exec_python(func, body, flags, d, cwd):
    import os
    try:
        olddir = os.getcwd()
    except OSError:
        olddir = None
    if cwd:
        os.chdir(cwd)
    try:
        lineno = int(flags.get("lineno") or 1)
        # Compiled with the metadata's file and line, so tracebacks point at the recipe.
        code = compile("\n" * max(lineno - 1, 0) + "def %s(d):\n%s" % (func, body),
                       flags.get("filename") or "autogenerated", "exec")
        context = bb.utils.get_context()
        exec(code, context)
        context[func](d)
    finally:
        if cwd and olddir:
            try:
                os.chdir(olddir)
            except OSError:
                pass
