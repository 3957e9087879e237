"""Utility functions metadata calls through `bb.utils` (BitBake 2.19.0 behaviour).

Version comparison, dependency-string parsing, list-variable tests, file
helpers, lock files, checksums, and the globals (`_context`) in which
metadata Python runs.
"""

import errno
import os
import stat
import sys
import time
from collections import OrderedDict, deque
from contextlib import contextmanager

import bb
import bb.filter


# `re` is imported when first needed: importing it costs a few milliseconds of every
# process's start (it brings `enum` and `functools` along), and most parses never use these
# patterns. `bb.utils.re` still works, as with BitBake's module.
def __getattr__(name):
    if name == "re":
        import re
        return re
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


class _Pattern:
    """A regular expression compiled on first use."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args):
        self._args = args
        self._compiled = None

    def __getattr__(self, name):
        if self._compiled is None:
            import re
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


# ---------------------------------------------------------------------------
# The globals of metadata Python

def clean_context():
    """A fresh globals dict for metadata Python: `os`, `bb` and `time`
    (builtins are added by exec/eval themselves)."""
    return {"os": os, "bb": bb, "time": time}


#: Globals used by better_exec/better_eval. base.bbclass adds the OE_IMPORTS
#: modules to this very dict (`bb.utils._context[name] = module`).
_context = clean_context()


def get_context():
    """Return the globals dict used for metadata Python."""
    return _context


def set_context(ctx):
    """Replace the globals dict used for metadata Python.

    (BitBake's own set_context assigns a local variable and so does nothing;
    here it takes effect.)
    """
    global _context
    _context = ctx


# ---------------------------------------------------------------------------
# Versions

class VersionStringException(Exception):
    """An invalid version specification or comparison operator."""


_DIGITS = _Pattern(r"\d+")
_LETTERS = _Pattern(r"[a-zA-Z]+")
_ASCII_DIGITS = frozenset("0123456789")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def explode_version(s):
    """Split a version into typed tokens for comparison.

    Each token is (kind, value): (0, int) for a run of digits, (1, str) for a
    run of ASCII letters, (-1, "~") for a tilde (sorts before everything,
    even the end of the string) and (2, char) for any other single character.
    """
    tokens = []
    pos = 0
    end = len(s)
    while pos < end:
        ch = s[pos]
        if ch in _ASCII_DIGITS:
            m = _DIGITS.match(s, pos)
            tokens.append((0, int(m.group())))
            pos = m.end()
        elif ch in _ASCII_LETTERS:
            m = _LETTERS.match(s, pos)
            tokens.append((1, m.group()))
            pos = m.end()
        else:
            tokens.append((-1 if ch == "~" else 2, ch))
            pos += 1
    return tokens


def split_version(s):
    """Split "[PE:]PV[-PR]" into (pe, pv, pr); pe is an int, pr may be "".

    Leading/trailing spaces and comparison characters (<, >, =) are stripped
    first. Only the text between the first and second ':' is kept as the
    version; PR is whatever follows the last '-'.
    """
    s = s.strip(" <>=")
    epoch = 0
    if ":" in s:
        fields = s.split(":")
        epoch = int(fields[0])
        s = fields[1]
    revision = ""
    if "-" in s:
        s, revision = s.rsplit("-", 1)
    return (epoch, s, revision)


_END = (0, None)


def vercmp_part(a, b):
    """Compare two version fragments; returns -1, 0 or 1."""
    ta = explode_version(a)
    tb = explode_version(b)
    i = 0
    while True:
        oa, ca = ta[i] if i < len(ta) else _END
        ob, cb = tb[i] if i < len(tb) else _END
        i += 1
        if ca is None and cb is None and oa == 0 and ob == 0:
            return 0
        if oa != ob:
            return -1 if oa < ob else 1
        if ca is None:
            return -1
        if cb is None:
            return 1
        if ca != cb:
            return -1 if ca < cb else 1


def vercmp(ta, tb):
    """Compare two (pe, pv, pr) tuples.

    Returns the epoch difference when epochs differ (not just -1/1), else the
    vercmp_part result for the versions, then for the revisions.
    """
    ea, va, ra = ta
    eb, vb, rb = tb
    result = int(ea or 0) - int(eb or 0)
    if result == 0:
        result = vercmp_part(va, vb)
    if result == 0:
        result = vercmp_part(ra, rb)
    return result


def vercmp_string(a, b):
    """Compare two "[PE:]PV[-PR]" strings (see split_version and vercmp)."""
    return vercmp(split_version(a), split_version(b))


def vercmp_string_op(a, b, op):
    """Whether `a op b` holds for version strings; op is one of
    =, ==, <=, >=, >, >>, <, <<, !=."""
    res = vercmp_string(a, b)
    if op in ("=", "=="):
        return res == 0
    if op == "<=":
        return res <= 0
    if op == ">=":
        return res >= 0
    if op in (">", ">>"):
        return res > 0
    if op in ("<", "<<"):
        return res < 0
    if op == "!=":
        return res != 0
    raise VersionStringException('Unsupported comparison operator "%s"' % op)


# ---------------------------------------------------------------------------
# Dependency strings ("foo (>= 1.0) bar")

@bb.filter.filter_proc(name="bb.utils.explode_deps")
def explode_deps(s):
    """The package names of an RDEPENDS-style string, dropping every word
    from one starting with '(' up to one ending with ')'."""
    names = []
    in_version = False
    for word in s.split():
        if word[0] == "(":
            in_version = True
        if not in_version:
            names.append(word)
        elif word.endswith(")"):
            in_version = False
    return names


_TWO_CHAR_OPS = ("<=", "=<", "<<", "==", "!=", ">=", "=>", ">>")
_ONE_CHAR_OPS = ("<", ">", "=")


def explode_dep_versions2(s, *, sort=True):
    """Parse an RDEPENDS-style string into an OrderedDict name -> list of
    "op version" strings (sorted by name unless sort=False).

    Commas are ignored. A parenthesised constraint must start with an
    operator, else VersionStringException. Faithful to BitBake's tokenizer:
    a constraint spread over several words yields one entry per word
    (accumulating), and the accumulated version is only reset by a new
    package name.
    """
    deps = OrderedDict()
    name = None
    op = ""
    version = ""
    want_op = False
    in_version = False
    for word in s.replace(",", "").split():
        if word[0] == "(":
            want_op = True
            word = word[1:].strip()
            if not word:
                continue
        if want_op:
            want_op = False
            in_version = True
            if word.startswith(_TWO_CHAR_OPS):
                op, word = word[:2], word[2:]
            elif word.startswith(_ONE_CHAR_OPS):
                op, word = word[:1], word[1:]
            else:
                raise VersionStringException(
                    'Invalid version specification in "(%s" - invalid or missing operator' % word)
            if not word:
                continue
        if in_version:
            if word.endswith(")"):
                word = word[:-1]
                in_version = False
                if version and word:
                    version += " "
            if word:
                version += word
                deps.setdefault(name, []).append(op + " " + version)
            continue
        name = word
        op = ""
        version = ""
        if not deps.get(word):
            deps[word] = []
    if sort:
        deps = OrderedDict(sorted(deps.items(), key=lambda item: item[0]))
    return deps


def explode_dep_versions(s):
    """Like explode_dep_versions2 but each value is a single string or None;
    warns when a package carries more than one constraint (keeps the first)."""
    deps = explode_dep_versions2(s)
    for dep in deps:
        constraints = deps[dep]
        if not constraints:
            deps[dep] = None
            continue
        if len(constraints) > 1:
            bb.warn("explode_dep_versions(): Item %s appeared in dependency string '%s' multiple times "
                    "with different values.  explode_dep_versions cannot cope with this." % (dep, s))
        deps[dep] = constraints[0]
    return deps


def join_deps(deps, commasep=True):
    """Turn an explode_dep_versions(2) result back into a dependency string."""
    items = []
    for dep in deps:
        constraint = deps[dep]
        if not constraint:
            items.append(dep)
        elif isinstance(constraint, list):
            items.extend(dep + " (" + v + ")" for v in constraint)
        else:
            items.append(dep + " (" + constraint + ")")
    return (", " if commasep else " ").join(items)


# ---------------------------------------------------------------------------
# Word-list tests on variables

def _as_set(checkvalues):
    if isinstance(checkvalues, str):
        return set(checkvalues.split())
    return set(checkvalues)


def contains(variable, checkvalues, truevalue, falsevalue, d):
    """truevalue if every word of `checkvalues` is in the (expanded) variable,
    else falsevalue (also when the variable is unset or empty)."""
    val = d.getVar(variable)
    if not val:
        return falsevalue
    if _as_set(checkvalues).issubset(val.split()):
        return truevalue
    return falsevalue


def contains_any(variable, checkvalues, truevalue, falsevalue, d):
    """truevalue if any word of `checkvalues` is in the (expanded) variable."""
    val = d.getVar(variable)
    if not val:
        return falsevalue
    if _as_set(checkvalues).intersection(val.split()):
        return truevalue
    return falsevalue


def filter_string(val, checkvalues):
    """The words of `val` that are in `checkvalues`, sorted, space separated."""
    if not val:
        return ""
    return " ".join(sorted(_as_set(checkvalues).intersection(val.split())))


def filter(variable, checkvalues, d):
    """The words of the (expanded) variable that are in `checkvalues`, sorted."""
    return filter_string(d.getVar(variable), checkvalues)


def to_boolean(string, default=None):
    """Interpret y/yes/1/true and n/no/0/false (any case) as booleans.

    Falsy input (None, "", 0, False) gives `default`; an int gives
    `value != 0`; any other string raises ValueError.
    """
    if not string:
        return default
    if isinstance(string, int):
        return string != 0
    lowered = string.lower()
    if lowered in ("y", "yes", "1", "true"):
        return True
    if lowered in ("n", "no", "0", "false"):
        return False
    raise ValueError("Invalid value for to_boolean: %s" % string)


def prune_suffix(var, suffixes, d):
    """`var` without the first of `suffixes` it ends with."""
    for suffix in suffixes:
        if suffix and var.endswith(suffix):
            return var[:-len(suffix)]
    return var


def is_semver(version):
    """Whether `version` is a Semantic Versioning 2.0.0 version string."""
    return _SEMVER.match(version) is not None


_SEMVER_NUM = r"(?:0|[1-9][0-9]*)"
_SEMVER_PRE_ID = r"(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
_SEMVER_BUILD_ID = r"[0-9a-zA-Z-]+"
_SEMVER = _Pattern(
    r"^{n}\.{n}\.{n}(?:-{p}(?:\.{p})*)?(?:\+{b}(?:\.{b})*)?$".format(
        n=_SEMVER_NUM, p=_SEMVER_PRE_ID, b=_SEMVER_BUILD_ID))


_VAR_REF = _Pattern(r"\$\{([a-zA-Z0-9\-_+./~:]+)\}")
_PY_REF = _Pattern(r"(?s)\$\{@(?:\{.*?\}|.)+?\}")
_PY_GETVAR = _Pattern(r"""\bd\.getVar\(\s*(['"])([^'"]+)\1""")


def _references(expression):
    if not expression or not isinstance(expression, str):
        return set()
    refs = set(_VAR_REF.findall(expression))
    for snippet in _PY_REF.findall(expression):
        refs.update(m.group(2) for m in _PY_GETVAR.finditer(snippet))
    return refs


def get_referenced_vars(start_expr, d):
    """Names of the variables `start_expr` refers to, directly or through the
    values of those variables, breadth first.

    Minimal version: finds `${NAME}` references and `d.getVar('NAME')` calls
    inside `${@...}`; within one level names come out sorted.
    """
    seen = set()
    found = []
    queue = deque()
    first = _references(start_expr)
    seen.update(first)
    queue.extend(sorted(first))
    while queue:
        name = queue.popleft()
        found.append(name)
        new = _references(d.getVar(name, False)) - seen
        seen.update(new)
        queue.extend(sorted(new))
    return found


# ---------------------------------------------------------------------------
# Running metadata Python

_compile_cache = {}


def _trace_lines(body, line):
    """Up to four lines either side of `line` (1-based), the line itself marked."""
    lines = []
    for number in range(max(1, line - 4), min(line + 4, len(body)) + 1):
        marker = " *** " if number == line else "     "
        lines.append("%s%.4d:%s" % (marker, number, body[number - 1].rstrip()))
    return lines


def better_compile(text, file, realfile, mode="exec", lineno=0):
    """Compile `text` as if it started at line lineno+1 of `realfile`.

    Compiled code is cached. A compile error is reported through bb.error
    with the offending lines, then BBHandledException is raised.
    """
    key = (text, realfile, mode, lineno)
    code = _compile_cache.get(key)
    if code is not None:
        return code
    try:
        code = compile("\n" * int(lineno) + text, realfile, mode)
    except Exception as exc:
        body = text.split("\n")
        where = getattr(exc, "lineno", None)
        report = ["Error in compiling python function in %s, line %s:\n" % (realfile, where)]
        if where is not None:
            report.append("The code lines resulting in this error were:")
            report.extend(_trace_lines(body, where - int(lineno)))
        else:
            report.append("The function causing this error was:")
            report.extend(body)
        report.append("%s: %s" % (exc.__class__.__name__, exc))
        bb.error("\n".join(report))
        raise bb.BBHandledException(exc)
    _compile_cache[key] = code
    return code


def _passthrough_exceptions():
    import bb.parse
    import bb.process
    kinds = [bb.BBHandledException, bb.parse.SkipRecipe, bb.process.ExecutionError]
    data_smart = sys.modules.get("bb.data_smart")
    expansion_error = getattr(data_smart, "ExpansionError", None)
    if isinstance(expansion_error, type):
        kinds.append(expansion_error)
    return tuple(kinds)


def _report_exception(exc, tb, realfile, text):
    import traceback

    report = ["Error executing a python function in %s:\n" % realfile]
    try:
        # Drop better_exec's own frame unless the error happened there.
        if tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        frames = traceback.extract_tb(tb)
        body = text.split("\n") if isinstance(text, str) else []
        report.append("The stack trace of python calls that resulted in this exception/failure was:")
        for frame in frames:
            report.append("File: '%s', lineno: %s, function: %s" % (frame.filename, frame.lineno, frame.name))
            if frame.filename == realfile and body:
                report.extend(_trace_lines(body, frame.lineno))
            elif frame.filename.startswith("/") and os.path.isfile(frame.filename):
                try:
                    with open(frame.filename, "r") as f:
                        report.extend(_trace_lines(f.readlines(), frame.lineno))
                except (OSError, UnicodeDecodeError):
                    report.append("".join(traceback.format_list([frame])))
            else:
                report.append("".join(traceback.format_list([frame])))
        report.append("Exception: %s" % "".join(traceback.format_exception_only(type(exc), exc)))
        output = getattr(exc, "output", None)
        import subprocess
        if isinstance(exc, subprocess.CalledProcessError) and output:
            report.append("Subprocess output:")
            if isinstance(output, bytes):
                output = output.decode("utf-8", errors="ignore")
            report.append(output)
    finally:
        bb.error("\n".join(report))


def better_exec(code, context, text=None, realfile="<code>", pythonexception=False):
    """exec `code` (source or code object) with globals _context and locals
    `context`.

    BBHandledException, SkipRecipe, ExpansionError and ExecutionError pass
    through untouched. Any other exception is re-raised as is when
    pythonexception is true; otherwise it is reported (with the lines of
    `text` around the failure) and BBHandledException is raised instead.
    """
    if not text:
        text = code
    if not hasattr(code, "co_filename"):
        code = better_compile(code, realfile, realfile)
    try:
        exec(code, get_context(), context)
    except Exception as exc:
        if isinstance(exc, _passthrough_exceptions()) or pythonexception:
            raise
        _report_exception(exc, exc.__traceback__, realfile, text)
        raise bb.BBHandledException(exc)


def simple_exec(code, context):
    """exec with globals _context and locals `context`, no error handling."""
    exec(code, get_context(), context)


def better_eval(source, locals, extraglobals=None):
    """eval `source` with globals _context (a copy extended with
    `extraglobals` when given) and the given locals."""
    ctx = get_context()
    if extraglobals:
        ctx = dict(ctx)
        ctx.update(extraglobals)
    return eval(source, ctx, locals)


def exec_flat_python_func(func, *args, **kwargs):
    """Call the metadata function named `func` (a `def` in _context) and
    return its result."""
    context = dict(kwargs)
    names = []
    for index, value in enumerate(args, 1):
        context["arg_%d" % index] = value
        names.append("arg_%d" % index)
    names.extend("%s=%s" % (key, key) for key in kwargs)
    code = "retval = %s(%s)" % (func, ", ".join(names))
    compiled = better_compile(code, "<string>", "<string>")
    better_exec(compiled, context, code, "<string>")
    return context["retval"]


# ---------------------------------------------------------------------------
# Files and directories

def mkdirhier(directory):
    """mkdir -p. Fatal if the path still holds an unexpanded `${`."""
    if "${" in str(directory):
        bb.fatal("Directory name {} contains unexpanded bitbake variable. This may cause build "
                 "failures and WORKDIR polution.".format(directory))
    try:
        os.makedirs(directory)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise
        if os.path.isdir(directory):
            return
        # NFS may answer EEXIST with a stale attribute cache; listing the
        # parent refreshes it.
        os.listdir(os.path.dirname(directory))
        if os.path.isdir(directory):
            return
        bb.warn("mkdir: %s is not a directory?" % directory)
        raise


def _is_unsafe_to_delete(path):
    """Guard against rm -rf of /, //, /home, /home/<user> or $HOME."""
    path = os.path.abspath(path)
    import re
    if path in ("/", "//", "/home") or re.fullmatch(r"/home/[^/]*", path):
        return True
    home = os.environ.get("HOME", "")
    return bool(home) and path == home


def remove(path, recurse=False, ionice=False):
    """rm -f (or rm -rf with recurse) of every match of the glob `path`."""
    import glob

    if not path:
        return
    matches = glob.glob(path)
    if recurse:
        for match in matches:
            if _is_unsafe_to_delete(match):
                raise Exception('bb.utils.remove: called with dangerous path "%s" and recurse=True, '
                                'refusing to delete!' % match)
        if matches:
            import subprocess
            prefix = ["ionice", "-c", "3"] if ionice else []
            subprocess.check_call(prefix + ["rm", "-rf"] + matches)
        return
    for match in matches:
        try:
            os.unlink(match)
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                raise


def prunedir(topdir, ionice=False):
    """rm -rf `topdir`, refusing obviously dangerous paths."""
    if _is_unsafe_to_delete(topdir):
        raise Exception('bb.utils.prunedir: called with dangerous path "%s", refusing to delete!' % topdir)
    remove(topdir, recurse=True, ionice=ionice)


def rename(src, dst):
    """os.rename, falling back to shutil.move across devices."""
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        import shutil
        shutil.move(src, dst)


def _run_quietly(argv):
    import subprocess
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return proc.returncode, proc.stdout.decode("utf-8", errors="replace")


def movefile(src, dest, newmtime=None, sstat=None):
    """Move `src` to `dest` (into it when it is a directory) keeping mode,
    owner and times, across filesystems too.

    Returns the lstat of the new link when `src` is a symlink, otherwise the
    new mtime; None on failure.
    """
    import shutil

    try:
        if not sstat:
            sstat = os.lstat(src)
    except Exception as exc:
        bb.warn("movefile: Stating source file failed... %s" % exc)
        return None
    try:
        dstat = os.lstat(dest)
        destexists = True
    except OSError:
        dstat = os.lstat(os.path.dirname(dest))
        destexists = False
    if destexists and stat.S_ISLNK(dstat.st_mode):
        try:
            os.unlink(dest)
            destexists = False
        except OSError:
            pass

    if stat.S_ISLNK(sstat.st_mode):
        target = None
        try:
            target = os.readlink(src)
            if destexists and not stat.S_ISDIR(dstat.st_mode):
                os.unlink(dest)
            os.symlink(target, dest)
            os.unlink(src)
            return os.lstat(dest)
        except Exception as exc:
            bb.warn("movefile: failed to properly create symlink: %s -> %s %s" % (dest, target, exc))
            return None

    destpath = os.path.join(dest, os.path.basename(src)) if os.path.isdir(dest) else dest
    moved = False
    if sstat.st_dev == dstat.st_dev:
        try:
            rename(src, destpath)
            moved = True
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                bb.warn("movefile: Failed to move %s to %s %s" % (src, dest, exc))
                return None

    if not moved:
        copied = False
        if stat.S_ISREG(sstat.st_mode):
            try:
                shutil.copyfile(src, destpath + "#new")
                rename(destpath + "#new", destpath)
                copied = True
            except Exception as exc:
                bb.warn("movefile: copy %s -> %s failed. %s" % (src, dest, exc))
                return None
        else:
            status, output = _run_quietly(["/bin/mv", "-f", src, dest])
            if status != 0:
                bb.warn("movefile: Failed to move special file:%s' to '%s' %s" % (src, dest, output))
                return None
        try:
            if copied:
                os.lchown(destpath, sstat.st_uid, sstat.st_gid)
                os.chmod(destpath, stat.S_IMODE(sstat.st_mode))
                os.unlink(src)
        except Exception as exc:
            bb.warn("movefile: Failed to chown/chmod/unlink %s %s" % (dest, exc))
            return None

    if newmtime:
        os.utime(destpath, (newmtime, newmtime))
    else:
        os.utime(destpath, (sstat[stat.ST_ATIME], sstat[stat.ST_MTIME]))
        newmtime = sstat[stat.ST_MTIME]
    return newmtime


def copyfile(src, dest, newmtime=None, sstat=None):
    """Copy `src` to `dest` keeping mode, owner and times.

    Returns the lstat of the new link when `src` is a symlink, otherwise the
    new mtime; False on failure.
    """
    import shutil

    try:
        if not sstat:
            sstat = os.lstat(src)
    except Exception as exc:
        bb.warn("copyfile: stat of %s failed (%s)" % (src, exc))
        return False
    try:
        dstat = os.lstat(dest)
        destexists = True
    except OSError:
        dstat = os.lstat(os.path.dirname(dest))
        destexists = False
    if destexists and stat.S_ISLNK(dstat.st_mode):
        try:
            os.unlink(dest)
            destexists = False
        except OSError:
            pass

    if stat.S_ISLNK(sstat.st_mode):
        target = None
        try:
            target = os.readlink(src)
            if destexists and not stat.S_ISDIR(dstat.st_mode):
                os.unlink(dest)
            os.symlink(target, dest)
            os.lchown(dest, sstat.st_uid, sstat.st_gid)
            return os.lstat(dest)
        except Exception as exc:
            bb.warn("copyfile: failed to create symlink %s to %s (%s)" % (dest, target, exc))
            return False

    if stat.S_ISREG(sstat.st_mode):
        made_readable = False
        try:
            if not os.access(src, os.R_OK):
                made_readable = True
                os.chmod(src, sstat.st_mode | stat.S_IRUSR)
            shutil.copyfile(src, dest + "#new")
            rename(dest + "#new", dest)
        except Exception as exc:
            bb.warn("copyfile: copy %s to %s failed (%s)" % (src, dest, exc))
            return False
        finally:
            if made_readable:
                os.chmod(src, sstat.st_mode)
                os.utime(src, (sstat[stat.ST_ATIME], sstat[stat.ST_MTIME]))
    else:
        status, output = _run_quietly(["/bin/cp", "-f", src, dest])
        if status != 0:
            bb.warn("copyfile: failed to copy special file %s to %s (%s)" % (src, dest, output))
            return False
    try:
        os.lchown(dest, sstat.st_uid, sstat.st_gid)
        os.chmod(dest, stat.S_IMODE(sstat.st_mode))
    except Exception as exc:
        bb.warn("copyfile: failed to chown/chmod %s (%s)" % (dest, exc))
        return False

    if newmtime:
        os.utime(dest, (newmtime, newmtime))
    else:
        os.utime(dest, (sstat[stat.ST_ATIME], sstat[stat.ST_MTIME]))
        newmtime = sstat[stat.ST_MTIME]
    return newmtime


def break_hardlinks(src, sstat=None):
    """Make `src` the only link to its data (copying it over itself if needed)."""
    try:
        if not sstat:
            sstat = os.lstat(src)
    except Exception as exc:
        bb.warn("break_hardlinks: stat of %s failed (%s)" % (src, exc))
        return False
    if sstat.st_nlink == 1:
        return True
    return copyfile(src, src, sstat=sstat)


def which(path, item, direction=0, history=False, executable=False):
    """Find `item` in the colon-separated directory list `path`.

    Searches right to left when direction is non-zero; with executable=True
    only executable regular files count, otherwise anything that exists.
    Returns the absolute path or "" — or (result, paths_tried) with history.
    """
    tried = []
    directories = (path or "").split(":")
    if direction != 0:
        directories.reverse()
    for directory in directories:
        candidate = os.path.join(directory, item)
        tried.append(candidate)
        if executable:
            found = os.path.isfile(candidate) and os.access(candidate, os.X_OK)
        else:
            found = os.path.exists(candidate)
        if found:
            if not os.path.isabs(candidate):
                candidate = os.path.abspath(candidate)
            return (candidate, tried) if history else candidate
    return ("", tried) if history else ""


def to_filemode(input):
    """A file mode from an int (returned as is) or an octal string."""
    if type(input) is int:
        return input
    return int(input, 8)


@contextmanager
def umask(new_mask):
    """Set the process umask for the duration of the block."""
    old_mask = os.umask(new_mask)
    try:
        yield
    finally:
        os.umask(old_mask)


def path_is_descendant(descendant, ancestor):
    """Whether `descendant` is `ancestor` or lies below it, comparing by
    device/inode so symlinks and bind mounts are accounted for."""
    ancestor_stat = os.stat(ancestor)
    current = os.path.abspath(descendant).rstrip("/")
    while current:
        if os.path.samestat(os.stat(current), ancestor_stat):
            return True
        current = os.path.dirname(current).rstrip("/")
    return False


def mkstemp(suffix=None, prefix=None, dir=None, text=False):
    """tempfile.mkstemp with 20 random characters added to the prefix."""
    import random
    import string
    import tempfile

    entropy = "".join(random.choices(string.ascii_letters + string.digits, k=20))
    prefix = (prefix if prefix else tempfile.gettempprefix()) + entropy
    return tempfile.mkstemp(suffix=suffix, prefix=prefix, dir=dir, text=text)


def is_local_uid(uid=""):
    """Whether `uid` (default: ours) is listed in /etc/passwd."""
    if not uid:
        uid = os.getuid()
    with open("/etc/passwd", "r") as f:
        for line in f:
            fields = line.split(":")
            if len(fields) >= 3 and fields[2] == str(uid):
                return True
    return False


# ---------------------------------------------------------------------------
# Locks

def lockfile(name, shared=False, retry=True, block=False):
    """Take an flock on file `name` (created if needed) and return the open
    file, or None when retry and block are both false and the lock is busy.

    After locking, the file is checked to still be the one on disk (another
    holder may have removed it while unlocking); if not, locking starts over.
    """
    import fcntl

    basename = os.path.basename(name)
    if len(basename) > 255:
        root, ext = os.path.splitext(basename)
        basename = root[:255 - len(ext)] + ext
    dirname = os.path.dirname(name)
    mkdirhier(dirname)
    name = os.path.join(dirname, basename)

    if not os.access(dirname, os.W_OK):
        bb.error("Unable to acquire lock '%s', directory is not writable" % name)
        sys.exit(1)

    operation = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    if not retry and not block:
        operation |= fcntl.LOCK_NB

    while True:
        lf = None
        try:
            lf = open(name, "a+")
            fcntl.flock(lf.fileno(), operation)
            held = os.fstat(lf.fileno())
            if os.path.exists(lf.name) and os.stat(lf.name).st_ino == held.st_ino:
                return lf
            lf.close()
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.ENAMETOOLONG):
                bb.error("Unable to acquire lock '%s', %s" % (name, exc.strerror))
                sys.exit(1)
            if lf is not None:
                try:
                    lf.close()
                except Exception:
                    pass
        if not retry:
            return None


def unlockfile(lf):
    """Release a lockfile() lock, deleting the file when nobody else holds it."""
    import fcntl

    try:
        # A shared holder must get the lock exclusively before deleting.
        fcntl.flock(lf.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(lf.name)
    except OSError:
        pass
    fcntl.flock(lf.fileno(), fcntl.LOCK_UN)
    lf.close()


@contextmanager
def fileslocked(files, *args, **kwargs):
    """Hold lockfile() locks on all `files` for the duration of the block."""
    locks = []
    for name in files or ():
        lock = lockfile(name, *args, **kwargs)
        if lock is not None:
            locks.append(lock)
    try:
        yield
    finally:
        for lock in reversed(locks):
            unlockfile(lock)


# ---------------------------------------------------------------------------
# Checksums

def _digest_file(method, filename):
    with open(filename, "rb") as f:
        while True:
            chunk = f.read(1 << 16)
            if not chunk:
                break
            method.update(chunk)
    return method.hexdigest()


def md5_file(filename):
    """Hex MD5 of a file."""
    import hashlib
    try:
        method = hashlib.new("MD5", usedforsecurity=False)
    except TypeError:
        method = hashlib.new("MD5")
    return _digest_file(method, filename)


def sha1_file(filename):
    """Hex SHA-1 of a file."""
    import hashlib
    return _digest_file(hashlib.sha1(), filename)


def sha256_file(filename):
    """Hex SHA-256 of a file."""
    import hashlib
    return _digest_file(hashlib.sha256(), filename)


def sha384_file(filename):
    """Hex SHA-384 of a file."""
    import hashlib
    return _digest_file(hashlib.sha384(), filename)


def sha512_file(filename):
    """Hex SHA-512 of a file."""
    import hashlib
    return _digest_file(hashlib.sha512(), filename)


def goh1_file(filename):
    """Hex form of Go's "h1" dirhash: SHA-256 over "<sha256>  <name>\\n" lines
    for each member of a zip file (sorted), or for a single file as go.mod."""
    import hashlib
    import zipfile

    lines = None
    if zipfile.is_zipfile(filename):
        try:
            with zipfile.ZipFile(filename) as archive:
                lines = ["%s  %s\n" % (hashlib.sha256(archive.read(member)).hexdigest(), member)
                         for member in sorted(archive.namelist())]
        except zipfile.BadZipFile:
            lines = None
    if lines is None:
        lines = ["%s  go.mod\n" % _digest_file(hashlib.sha256(), filename)]
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------
# Processes and environment

def cpu_count():
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (OSError, AttributeError):
        return os.cpu_count() or 1


def nonblockingfd(fd):
    """Put file descriptor `fd` in non-blocking mode."""
    import fcntl
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)


@contextmanager
def environment(**envvars):
    """Set environment variables for the duration of the block, then restore
    (or remove) exactly those variables."""
    saved = dict(os.environ)
    try:
        os.environ.update(envvars)
        yield
    finally:
        for name in envvars:
            if name in saved:
                os.environ[name] = saved[name]
            elif name in os.environ:
                del os.environ[name]


def export_proxies(d):
    """Copy the fetcher's environment variables (proxies, HOME, PATH, ...)
    from the datastore into os.environ."""
    from bb.fetch2 import get_fetcher_environment
    os.environ.update(get_fetcher_environment(d))


def preserved_envvars_exported():
    """Environment variables copied into the metadata and exported again."""
    return ["BB_TASKHASH", "HOME", "LOGNAME", "PATH", "PWD", "SHELL", "USER", "LC_ALL", "BBSERVER"]


def preserved_envvars():
    """Environment variables copied into the metadata."""
    return ["BBPATH", "BB_PRESERVE_ENV", "BB_ENV_PASSTHROUGH_ADDITIONS"] + preserved_envvars_exported()


def approved_variables():
    """The environment variables allowed to pass into the build."""
    if "BB_PRESERVE_ENV" in os.environ:
        return os.environ.keys()
    if "BB_ENV_PASSTHROUGH" in os.environ:
        approved = os.environ["BB_ENV_PASSTHROUGH"].split() + ["BB_ENV_PASSTHROUGH"]
    else:
        approved = preserved_envvars()
    if "BB_ENV_PASSTHROUGH_ADDITIONS" in os.environ:
        approved.extend(os.environ["BB_ENV_PASSTHROUGH_ADDITIONS"].split())
        if "BB_ENV_PASSTHROUGH_ADDITIONS" not in approved:
            approved.append("BB_ENV_PASSTHROUGH_ADDITIONS")
    return approved


def build_environment(d):
    """Put every variable flagged `export` into os.environ."""
    for name in d.keys():
        if d.getVarFlag(name, "export", False):
            os.environ[name] = d.getVar(name) or ""
