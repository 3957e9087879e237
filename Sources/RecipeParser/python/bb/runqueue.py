"""Task id helpers and run queue events (`bb.runqueue`, the parts OE's lib uses).

A task id ("tid") is "<recipe file>:<task>" or, for a multiconfig,
"mc:<mc>:<recipe file>:<task>".
"""

import bb.event


def fn_from_tid(tid):
    """The recipe file part of a tid (everything before the last ':')."""
    return tid.rsplit(":", 1)[0]


def taskname_from_tid(tid):
    """The task name of a tid (after the last ':')."""
    return tid.rsplit(":", 1)[1]


def mc_from_tid(tid):
    """The multiconfig name of a tid, or ""."""
    if tid.startswith("mc:") and tid.count(":") >= 2:
        return tid.split(":")[1]
    return ""


def split_mc(n):
    """("mc", rest) for "mc:<mc>:rest", else ("", n)."""
    if n.startswith("mc:") and n.count(":") >= 2:
        _, mc, rest = n.split(":", 2)
        return (mc, rest)
    return ("", n)


def split_tid_mcfn(tid):
    """(mc, fn, taskname, mcfn) of a tid; mcfn keeps the "mc:<mc>:" prefix."""
    if tid.startswith("mc:") and tid.count(":") >= 2:
        parts = tid.split(":")
        mc = parts[1]
        fn = ":".join(parts[2:-1])
        return (mc, fn, parts[-1], "mc:" + mc + ":" + fn)
    parts = tid.rsplit(":", 1)
    return ("", parts[0], parts[1], parts[0])


def split_tid(tid):
    """(mc, fn, taskname) of a tid."""
    mc, fn, taskname, _ = split_tid_mcfn(tid)
    return (mc, fn, taskname)


def build_tid(mc, fn, taskname):
    """The tid for a task of recipe `fn` in multiconfig `mc` ("" for none)."""
    if mc:
        return "mc:" + mc + ":" + fn + ":" + taskname
    return fn + ":" + taskname


class runQueueEvent(bb.event.Event):
    """Base class of run queue events."""

    def __init__(self, task, stats, rq):
        self.taskid = task
        self.taskstring = task
        self.taskname = taskname_from_tid(task)
        self.taskfile = fn_from_tid(task)
        self.taskhash = rq.rqdata.get_task_hash(task)
        self.stats = stats.copy()
        bb.event.Event.__init__(self)


class sceneQueueEvent(runQueueEvent):
    """Base class of setscene queue events."""

    def __init__(self, task, stats, rq, noexec=False):
        runQueueEvent.__init__(self, task, stats, rq)
        self.taskstring = task + "_setscene"
        self.taskname = taskname_from_tid(task) + "_setscene"


class runQueueTaskStarted(runQueueEvent):
    def __init__(self, task, stats, rq, noexec=False):
        runQueueEvent.__init__(self, task, stats, rq)
        self.noexec = noexec


class sceneQueueTaskStarted(sceneQueueEvent):
    def __init__(self, task, stats, rq, noexec=False):
        sceneQueueEvent.__init__(self, task, stats, rq)
        self.noexec = noexec


class runQueueTaskFailed(runQueueEvent):
    def __init__(self, task, stats, exitcode, rq, fakeroot_log=None):
        runQueueEvent.__init__(self, task, stats, rq)
        self.exitcode = exitcode
        self.fakeroot_log = fakeroot_log

    def __str__(self):
        text = "Task (%s) failed with exit code '%s'" % (self.taskstring, self.exitcode)
        if self.fakeroot_log:
            text += " \nPseudo log:\n%s" % self.fakeroot_log
        return text


class sceneQueueTaskFailed(sceneQueueEvent):
    def __init__(self, task, stats, exitcode, rq):
        sceneQueueEvent.__init__(self, task, stats, rq)
        self.exitcode = exitcode

    def __str__(self):
        return "Setscene task (%s) failed with exit code '%s' - real task will be run instead" % (
            self.taskstring, self.exitcode)


class sceneQueueComplete(sceneQueueEvent):
    def __init__(self, stats, rq):
        self.stats = stats.copy()
        bb.event.Event.__init__(self)


class runQueueTaskCompleted(runQueueEvent):
    pass


class sceneQueueTaskCompleted(sceneQueueEvent):
    pass


class runQueueTaskSkipped(runQueueEvent):
    def __init__(self, task, stats, rq, reason):
        runQueueEvent.__init__(self, task, stats, rq)
        self.reason = reason


class taskUniHashUpdate(bb.event.Event):
    def __init__(self, task, unihash):
        self.taskid = task
        self.unihash = unihash
        bb.event.Event.__init__(self)
