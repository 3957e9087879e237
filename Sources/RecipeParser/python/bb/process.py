"""Running commands (`bb.process`, BitBake 2.19.0 behaviour)."""

import errno
import subprocess


class CmdError(RuntimeError):
    """A command could not be run."""

    def __init__(self, command, msg=None):
        self.command = command
        self.msg = msg

    def __str__(self):
        cmd = self.command if isinstance(self.command, str) else subprocess.list2cmdline(self.command)
        text = "Execution of '%s' failed" % cmd
        if self.msg:
            text += ": %s" % self.msg
        return text


class NotFoundError(CmdError):
    """The command does not exist."""

    def __str__(self):
        return CmdError.__str__(self) + ": command not found"


class ExecutionError(CmdError):
    """The command exited with a non-zero status."""

    def __init__(self, command, exitcode, stdout=None, stderr=None):
        CmdError.__init__(self, command)
        self.exitcode = exitcode
        self.stdout = stdout
        self.stderr = stderr
        self.extra_message = None

    def __str__(self):
        output = (self.stderr or "") + (self.stdout or "")
        if output:
            output = ":\n" + output
        return "%s with exit code %s%s%s" % (CmdError.__str__(self), self.exitcode, output,
                                              self.extra_message or "")


class Popen(subprocess.Popen):
    """subprocess.Popen with BitBake's defaults: every stream piped, file
    descriptors closed, no shell. (SIGPIPE is reset to the default in the
    child by Popen's restore_signals.)"""

    defaults = {
        "close_fds": True,
        "stdout": subprocess.PIPE,
        "stderr": subprocess.PIPE,
        "stdin": subprocess.PIPE,
        "shell": False,
    }

    def __init__(self, *args, **kwargs):
        options = dict(self.defaults)
        options.update(kwargs)
        subprocess.Popen.__init__(self, *args, **options)


def _decode(data):
    return data.decode("utf-8") if isinstance(data, bytes) else data


def _logged_communicate(pipe, log, input, extrafiles):
    """Feed `input`, then copy stdout/stderr to `log` as they arrive while
    collecting them; `extrafiles` is a list of (file, callback) to drain too."""
    import os
    import selectors

    if pipe.stdin:
        if input is not None:
            pipe.stdin.write(input)
        pipe.stdin.close()

    out, err = [], []
    pending = {}
    selector = selectors.DefaultSelector()
    for stream, sink in ((pipe.stdout, out), (pipe.stderr, err)):
        if stream is not None:
            selector.register(stream, selectors.EVENT_READ, sink)
            pending[stream.fileno()] = b""
    for fobj, callback in extrafiles:
        selector.register(fobj, selectors.EVENT_READ, callback)

    try:
        while selector.get_map():
            for key, _ in selector.select(timeout=1):
                data = os.read(key.fd, 65536)
                if not data:
                    selector.unregister(key.fileobj)
                    continue
                if callable(key.data):
                    key.data(data)
                    continue
                data = pending[key.fd] + data
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    pending[key.fd] = data  # wait for the rest of a character
                    continue
                pending[key.fd] = b""
                key.data.append(text)
                log.write(text)
                log.flush()
        pipe.wait()
    finally:
        selector.close()
        log.flush()

    for stream in (pipe.stdout, pipe.stderr):
        if stream is not None:
            stream.close()
    return "".join(out), "".join(err)


def run(cmd, input=None, log=None, extrafiles=None, **options):
    """Run `cmd` (a string runs through the shell unless `shell` is given)
    and return (stdout, stderr) as text.

    Raises NotFoundError when the program does not exist, CmdError when it
    cannot be started, ExecutionError on a non-zero exit (without the output
    when it was copied to `log`).
    """
    if not extrafiles:
        extrafiles = []
    if isinstance(cmd, str) and "shell" not in options:
        options["shell"] = True
    try:
        pipe = Popen(cmd, **options)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise NotFoundError(cmd)
        raise CmdError(cmd, exc)

    if log:
        stdout, stderr = _logged_communicate(pipe, log, input, extrafiles)
    else:
        stdout, stderr = pipe.communicate(input)
        stdout = _decode(stdout)
        stderr = _decode(stderr)

    if pipe.returncode != 0:
        if log:
            raise ExecutionError(cmd, pipe.returncode, None, None)
        raise ExecutionError(cmd, pipe.returncode, stdout, stderr)
    return stdout, stderr
