"""lz4-compressed files via the lz4 program."""

from bb.compress import _pipecompress


def open(*args, **kwargs):
    """Open a .lz4 file; see bb.compress._pipecompress.open_wrap."""
    return _pipecompress.open_wrap(LZ4File, *args, **kwargs)


class LZ4File(_pipecompress.PipeFile):
    def get_compress(self):
        return ["lz4", "-z", "-c"]

    def get_decompress(self):
        return ["lz4", "-d", "-c"]
