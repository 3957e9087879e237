"""The datastore `d` that metadata Python sees: a thin face over bake's Swift datastore.

Every method forwards to `_bake.Store._call` with an operation number; the Swift side owns
the data and BitBake's semantics (overrides, flags, expansion). Keep the numbers in step with
`StoreOperation` in Sources/RecipeParser/Python/StoreOperation.swift.
"""
import builtins
from collections.abc import MutableMapping

import _bake

_GET_VAR, _SET_VAR, _GET_FLAG, _SET_FLAG, _DEL_VAR, _DEL_FLAG = range(6)
_APPEND_VAR, _PREPEND_VAR, _APPEND_FLAG, _PREPEND_FLAG, _RENAME = range(6, 11)
_GET_FLAGS, _SET_FLAGS, _DEL_FLAGS, _EXPAND, _KEYS, _COPY, _LOCAL_KEYS = range(11, 18)
_CONTAINS, _HAS_OVERRIDES, _HISTORY, _SET_FILTER, _HOST_CALL = range(18, 23)
_MARK_DEPENDENCY, _FILE_DEPENDENCIES, _KEYS_WITH_FLAG, _INHERITS_CLASS = range(23, 27)


def host_call(d, name, *args):
    """Calls a function the program running this Python offers (`PythonInterpreter.provide`),
    such as the fetcher while bake runs a task, with `d` as the datastore it reads."""
    return d._call(_HOST_CALL, name, list(args))

__setvar_keyword__ = [":append", ":prepend", ":remove"]


class ExpansionError(Exception):
    def __init__(self, varname=None, expression=None, exception=None):
        self.variablename = varname
        self.expression = expression
        self.exception = exception
        self.varlist = [varname or expression or ""]
        Exception.__init__(self, varname if expression is None and exception is None else
                           "Failure expanding variable %s: %s" % (varname, exception))

    def addVar(self, varname):
        if varname:
            self.varlist.append(varname)


class DataContext(dict):
    """Locals for `${@...}`: a name that is not a Python builtin reads the variable."""
    excluded = frozenset([i for i in dir(builtins) if not i.startswith('_')] + ['oe'])

    def __init__(self, metadata, **kwargs):
        self.metadata = metadata
        dict.__init__(self, **kwargs)
        self['d'] = metadata

    def __missing__(self, key):
        import bb.utils
        if key in self.excluded or key in bb.utils.get_context():
            raise KeyError(key)
        value = self.metadata.getVar(key)
        if value is None:
            raise KeyError(key)
        return value


class _VariableHistory(object):
    """The part of `d.varhistory` metadata reads: recorded operations per variable."""

    def __init__(self, d):
        self._d = d

    def variable(self, var):
        return [dict(e) for e in self._d._call(_HISTORY, var)]

    def get_variable_files(self, var):
        return [e['file'] for e in self.variable(var)]

    def get_variable_lines(self, var, f):
        return [e['line'] for e in self.variable(var) if e['file'] == f]

    def record(self, *args, **kwargs):
        pass


class DataSmart(_bake.Store, MutableMapping):
    def getVar(self, var, expand=True, noweakdefault=False, parsing=False):
        return self._call(_GET_VAR, var, expand, noweakdefault, parsing)  # bake tests truthiness

    def setVar(self, var, value, **loginfo):
        self._call(_SET_VAR, var, value, 'parsing' in loginfo)

    def getVarFlag(self, var, flag, expand=True, noweakdefault=False, parsing=False, retparser=False):
        if not flag:
            return None
        return self._call(_GET_FLAG, var, flag, expand, noweakdefault, parsing)

    def setVarFlag(self, var, flag, value, **loginfo):
        self._call(_SET_FLAG, var, flag, value)

    def delVar(self, var, **loginfo):
        self._call(_DEL_VAR, var)

    def delVarFlag(self, var, flag, **loginfo):
        self._call(_DEL_FLAG, var, flag)

    def appendVar(self, var, value, **loginfo):
        self._call(_APPEND_VAR, var, value)

    def prependVar(self, var, value, **loginfo):
        self._call(_PREPEND_VAR, var, value)

    def appendVarFlag(self, var, flag, value, **loginfo):
        self._call(_APPEND_FLAG, var, flag, value)

    def prependVarFlag(self, var, flag, value, **loginfo):
        self._call(_PREPEND_FLAG, var, flag, value)

    def renameVar(self, key, newkey, **loginfo):
        self._call(_RENAME, key, newkey)

    def getVarFlags(self, var, expand=False, internalflags=False):
        if expand is True or expand is False or expand is None:
            expand = []
        return self._call(_GET_FLAGS, var, list(expand), bool(internalflags))

    def setVarFlags(self, var, flags, **loginfo):
        self._call(_SET_FLAGS, var, dict(flags))

    def delVarFlags(self, var, **loginfo):
        self._call(_DEL_FLAGS, var)

    def expand(self, s, varname=None):
        return self._call(_EXPAND, s, varname)

    def expandWithRefs(self, s, varname):
        class _Parse(object):
            pass
        p = _Parse()
        p.value = self.expand(s, varname)
        p.references = set()
        p.execs = set()
        p.contains = {}
        return p

    def createCopy(self):
        return self._call(_COPY)

    def localkeys(self):
        return iter(self._call(_LOCAL_KEYS))

    def setVarFilter(self, var, filter):
        """Filters `var`'s expanded value through a bb.filter expression (None removes it)."""
        self._call(_SET_FILTER, var, filter)

    def hasOverrides(self, var):
        return self._call(_HAS_OVERRIDES, var)

    def initVar(self, var):
        pass

    def enableTracking(self):
        pass

    def disableTracking(self):
        pass

    def need_overrides(self):
        pass

    @property
    def varhistory(self):
        return _VariableHistory(self)

    def keys(self):
        return self._call(_KEYS)

    def _bake_inherits_class(self, klass):
        """`bb.data.inherits_class` in one call: True or False, None when `__inherit_cache`
        holds something other than a list of strings (bake's own helper)."""
        return self._call(_INHERITS_CLASS, klass)

    def _bake_keys_with_flag(self, flag):
        """`[k for k in d.keys() if d.getVarFlag(k, flag)]` in one call (bake's own helper)."""
        return self._call(_KEYS_WITH_FLAG, flag)

    def __iter__(self):
        return iter(self._call(_KEYS))

    def __len__(self):
        return len(self._call(_KEYS))

    def __contains__(self, var):
        # Mapping's membership goes through __getitem__, that is getVar(var, False).
        return self._call(_GET_VAR, var, False, False, False) is not None

    def __getitem__(self, item):
        value = self.getVar(item, False)
        if value is None:
            raise KeyError(item)
        return value

    def __setitem__(self, var, value):
        self.setVar(var, value)

    def __delitem__(self, var):
        self.delVar(var)

    def __bool__(self):
        return True

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


_bake.set_store_class(DataSmart)


def register_exceptions():
    import bb
    import bb.parse
    _bake.set_exception_types(ExpansionError, bb.parse.SkipRecipe, bb.BBHandledException, RuntimeError)

