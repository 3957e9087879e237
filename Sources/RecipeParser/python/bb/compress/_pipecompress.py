"""A file object that streams through an external (de)compressor process."""

import io
import os
import subprocess


class CompressionError(OSError):
    """The compressor program failed."""


class PipeFile(io.RawIOBase):
    """Binary file whose data passes through a compressor process.

    Subclasses give the command lines: get_compress() (stdin: plain data,
    stdout: compressed) and get_decompress() (the other way round).
    Reading runs the decompressor on the file; writing runs the compressor
    into it. Modes: r, w, x, a (binary; "b" is optional).
    """

    def get_compress(self):
        raise NotImplementedError()

    def get_decompress(self):
        raise NotImplementedError()

    def __init__(self, filename=None, mode="rb", *, stderr=None, fileobj=None):
        super().__init__()
        base = mode.replace("b", "")
        if base not in ("r", "w", "x", "a"):
            raise ValueError("Invalid mode %r" % mode)
        self._reading = base == "r"
        self._owns_file = fileobj is None
        if fileobj is None:
            fileobj = open(filename, base + "b")
        self._file = fileobj
        self._stderr = stderr
        if self._reading:
            self._proc = subprocess.Popen(self.get_decompress(), stdin=fileobj, stdout=subprocess.PIPE,
                                          stderr=stderr, close_fds=True)
            self._pipe = self._proc.stdout
        else:
            self._proc = subprocess.Popen(self.get_compress(), stdin=subprocess.PIPE, stdout=fileobj,
                                          stderr=stderr, close_fds=True)
            self._pipe = self._proc.stdin

    def _check_process(self):
        if self._proc is None:
            return
        status = self._proc.wait()
        self._proc = None
        if status != 0:
            raise CompressionError("Process died with %d" % status)

    def close(self):
        if self.closed:
            return
        try:
            super().close()  # flushes first
        finally:
            try:
                self._pipe.close()
                self._check_process()
            finally:
                if self._owns_file:
                    self._file.close()

    def fileno(self):
        return self._pipe.fileno()

    def flush(self):
        self._pipe.flush()

    def isatty(self):
        return False

    def readable(self):
        return self._reading

    def writable(self):
        return not self._reading

    def readinto(self, b):
        if not self._reading:
            raise io.UnsupportedOperation("File not open for reading")
        return self._pipe.readinto(b)

    def write(self, data):
        if self._reading:
            raise io.UnsupportedOperation("File not open for writing")
        return self._pipe.write(data)


def open_wrap(cls, filename, mode="rb", *, encoding=None, errors=None, newline=None, **kwargs):
    """Open `filename` (a path, a descriptor or a file object) through `cls`;
    text modes ("rt", "wt", ...) are wrapped in a TextIOWrapper."""
    text = "t" in mode
    if text and "b" in mode:
        raise ValueError("Invalid mode: %r" % (mode,))
    if not text:
        for name, value in (("encoding", encoding), ("errors", errors), ("newline", newline)):
            if value is not None:
                raise ValueError("Argument '%s' not supported in binary mode" % name)
    binary_mode = mode.replace("t", "")
    if isinstance(filename, (str, bytes, os.PathLike, int)):
        raw = cls(filename, binary_mode, **kwargs)
    elif hasattr(filename, "read") or hasattr(filename, "write"):
        raw = cls(None, binary_mode, fileobj=filename, **kwargs)
    else:
        raise TypeError("filename must be a str or bytes object, or a file")
    if text:
        return io.TextIOWrapper(raw, encoding, errors, newline, write_through=True)
    return raw
