"""Compressed files through external compressor programs (`bb.compress`).

OE's lib imports `bb.compress.zstd` when it is loaded at parse time; the
files are only opened by tasks.
"""
