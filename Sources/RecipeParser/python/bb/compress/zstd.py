"""zstd-compressed files via the zstd (or pzstd) program."""

import shutil

from bb.compress import _pipecompress


def open(*args, **kwargs):
    """Open a .zst file; see bb.compress._pipecompress.open_wrap."""
    return _pipecompress.open_wrap(ZstdFile, *args, **kwargs)


class ZstdFile(_pipecompress.PipeFile):
    def __init__(self, *args, num_threads=1, compresslevel=3, **kwargs):
        self.num_threads = num_threads
        self.compresslevel = compresslevel
        super().__init__(*args, **kwargs)

    def _program(self):
        if self.num_threads != 1 and shutil.which("pzstd"):
            return ["pzstd", "-p", str(self.num_threads)]
        return ["zstd"]

    def get_compress(self):
        return self._program() + ["-c", "-%d" % self.compresslevel]

    def get_decompress(self):
        return self._program() + ["-d", "-c"]
