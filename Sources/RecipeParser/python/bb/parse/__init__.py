"""Parser-related names metadata uses (`bb.parse`, BitBake 2.19.0 behaviour).

bake parses recipes itself (in Swift); this package only provides what
metadata Python refers to: the exceptions, `vars_from_file`, file
dependency recording (`mark_dependency`) and the vardeps decorators.
"""

import os


class ParseError(Exception):
    """A recipe or configuration file could not be parsed."""

    def __init__(self, msg, filename, lineno=0):
        self.msg = msg
        self.filename = filename
        self.lineno = lineno
        Exception.__init__(self, msg, filename, lineno)

    def __str__(self):
        if self.lineno:
            return "ParseError at %s:%d: %s" % (self.filename, self.lineno, self.msg)
        return "ParseError in %s: %s" % (self.filename, self.msg)


class SkipRecipe(Exception):
    """Raised by metadata to skip (not build) the recipe being parsed."""


class SkipPackage(SkipRecipe):
    """Older name of SkipRecipe."""


# ---------------------------------------------------------------------------
# File dependencies. Metadata Python that reads a file while parsing (the
# python3 recipe, image_types_wic, useradd-staticids) records it with
# mark_dependency, so the parse result can be invalidated when the file
# changes. The mtime helpers keep BitBake's stamps: (st_mtime_ns, st_size,
# st_ino), or 0 for a missing file.

__mtime_cache = {}


def _stamp(f):
    st = os.stat(f)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def cached_mtime(f):
    """The (cached) stamp of `f`; OSError if it does not exist."""
    if f not in __mtime_cache:
        __mtime_cache[f] = _stamp(f)
    return __mtime_cache[f]


def cached_mtime_noerror(f):
    """The (cached) stamp of `f`, or 0 if it does not exist (not cached)."""
    if f not in __mtime_cache:
        try:
            __mtime_cache[f] = _stamp(f)
        except OSError:
            return 0
    return __mtime_cache[f]


def check_mtime(f, mtime):
    """Whether `f`'s current stamp equals `mtime` (refreshing the cache)."""
    try:
        current = _stamp(f)
        __mtime_cache[f] = current
    except OSError:
        current = 0
    return current == mtime


def update_mtime(f):
    """Refresh and return `f`'s cached stamp (0 and forgotten if missing)."""
    try:
        __mtime_cache[f] = _stamp(f)
    except OSError:
        __mtime_cache.pop(f, None)
        return 0
    return __mtime_cache[f]


def update_cache(f):
    """Refresh `f`'s stamp if it is cached."""
    if f in __mtime_cache:
        update_mtime(f)


def clear_cache():
    """Forget all cached stamps."""
    __mtime_cache.clear()


def mark_dependency(d, f):
    """Record that the parse result of `d` depends on file `f`.

    On bake's datastore the list (BitBake's `__depends`) lives in the store itself, where
    bake's own parse records the files it reads, and bake's parse cache checks the files'
    stamps. Any other datastore gets BitBake's `__depends` variable of (path, stamp) tuples."""
    if f.startswith("./"):
        f = "%s/%s" % (os.getcwd(), f[2:])
    if hasattr(d, "_call"):
        from bb.data_smart import _MARK_DEPENDENCY
        d._call(_MARK_DEPENDENCY, f)
        return
    deps = d.getVar("__depends", False) or []
    entry = (f, cached_mtime_noerror(f))
    if entry not in deps:
        deps.append(entry)
        d.setVar("__depends", deps)


def _dependency_files(d):
    if hasattr(d, "_call"):
        from bb.data_smart import _FILE_DEPENDENCIES
        return d._call(_FILE_DEPENDENCIES)
    deps = (d.getVar("__base_depends", False) or []) + (d.getVar("__depends", False) or [])
    return [fn for fn, _ in deps]


def check_dependency(d, f):
    """Whether `f` is recorded as a dependency of `d` (with its current stamp, outside bake)."""
    if hasattr(d, "_call"):
        return f in _dependency_files(d)
    return (f, cached_mtime_noerror(f)) in (d.getVar("__depends", False) or [])


def get_file_depends(d):
    """The files of `__base_depends` and `__depends`, absolute, space separated."""
    return " ".join(os.path.abspath(fn) for fn in _dependency_files(d))


def resolve_file(fn, d):
    """Find `fn` (relative names along BBPATH), recording the places looked
    at as dependencies; IOError(ENOENT) if it is not a file."""
    import errno
    import bb.utils

    if not os.path.isabs(fn):
        bbpath = d.getVar("BBPATH")
        found, attempts = bb.utils.which(bbpath, fn, history=True)
        for attempt in attempts:
            mark_dependency(d, attempt)
        if not found:
            raise IOError(errno.ENOENT, "file %s not found in %s" % (fn, bbpath))
        fn = found
    else:
        mark_dependency(d, fn)
    if not os.path.isfile(fn):
        raise IOError(errno.ENOENT, "file %s not found" % fn)
    return fn


# ---------------------------------------------------------------------------
# Recipe path -> [PN, PV, PR] list. As in BitBake, the list is stored before
# it is checked, so a name with too many underscores raises only once.
__pkgsplit_cache__ = {}


def vars_from_file(mypkg, d):
    """Default [PN, PV, PR] from a recipe file name `pn_pv_pr.bb`
    (missing parts are None).

    Anything not ending in .bb/.bbappend gives (None, None, None). More than
    two underscores raise ParseError.
    """
    if not mypkg or not mypkg.endswith((".bb", ".bbappend")):
        return (None, None, None)
    cached = __pkgsplit_cache__.get(mypkg)
    if cached is not None:
        return cached
    parts = os.path.splitext(os.path.basename(mypkg))[0].split("_")
    __pkgsplit_cache__[mypkg] = parts
    if len(parts) > 3:
        raise ParseError("Unable to generate default variables from filename (too many underscores)", mypkg)
    parts.extend([None] * (3 - len(parts)))
    return parts


def vardeps(*varnames):
    """Decorator: the function's signature also depends on these variables."""
    def mark(func):
        if not hasattr(func, "bb_vardeps"):
            func.bb_vardeps = set()
        func.bb_vardeps |= set(varnames)
        return func
    return mark


def vardepsexclude(*varnames):
    """Decorator: ignore these variables when computing the function's signature."""
    def mark(func):
        if not hasattr(func, "bb_vardepsexclude"):
            func.bb_vardepsexclude = set()
        func.bb_vardepsexclude |= set(varnames)
        return func
    return mark
