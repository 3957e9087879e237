"""Parser-related names metadata uses (`bb.parse`, BitBake 2.19.0 behaviour).

bake parses recipes itself (in Swift); this package only provides the
exceptions, `vars_from_file` and the dependency decorators that metadata
Python refers to.
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
