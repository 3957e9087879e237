"""Datastore helper functions (`bb.data`, BitBake 2.19.0 behaviour).

The datastore class itself is bake's `bb.data_smart.DataSmart`; these
functions only use its public methods.
"""

import bb


def _datastore_class():
    from bb.data_smart import DataSmart
    return DataSmart


def init():
    """A new, empty datastore."""
    return _datastore_class()()


def init_db(parent=None):
    """A copy of `parent`, or a new datastore when there is none."""
    if parent is not None:
        return parent.createCopy()
    return _datastore_class()()


def createCopy(source):
    """A copy-on-write copy of `source`."""
    return source.createCopy()


def initVar(var, d):
    """Make sure `var` exists in `d` (a no-op on datastores without initVar)."""
    init_var = getattr(d, "initVar", None)
    if init_var is not None:
        init_var(var)


def keys(d):
    """The variable names of `d`."""
    return d.keys()


def expand(s, d, varname=None):
    """Expand `${...}` references in `s` against `d`."""
    return d.expand(s, varname)


def expandKeys(alterdata, readdata=None):
    """Rename every variable whose name contains `${` to its expanded name.

    Names are expanded against `readdata` (default: `alterdata`) and renamed
    in sorted order of the unexpanded names. When the target name already has
    a value and so does the source, a warning says which key replaces which;
    the rename happens regardless.
    """
    if readdata is None:
        readdata = alterdata
    renames = {}
    for key in alterdata:
        if "${" not in key:
            continue
        expanded = readdata.expand(key, None)
        if expanded != key:
            renames[key] = expanded
    for key in sorted(renames):
        expanded = renames[key]
        existing = alterdata.getVar(expanded, False)
        if existing is not None:
            value = alterdata.getVar(key, False)
            if value is not None:
                bb.warn("Variable key %s (%s) replaces original key %s (%s)." % (key, value, expanded, existing))
        alterdata.renameVar(key, expanded)


def inheritFromOS(d, savedenv, permitted):
    """Copy the `permitted` variables of the saved environment datastore
    `savedenv` into `d`, flagging the usual ones for export."""
    import bb.utils
    exported = bb.utils.preserved_envvars_exported()
    for name in savedenv.keys():
        if name not in permitted:
            continue
        try:
            d.setVar(name, savedenv.getVar(name))
            if name in exported:
                d.setVarFlag(name, "export", True)
        except TypeError:
            pass


def exported_keys(d):
    """Names of the variables flagged `export` and not `unexport`
    (internal `__` names excluded)."""
    import bb.utils
    return (key for key in d.keys()
            if not key.startswith("__")
            and bb.utils.to_boolean(d.getVarFlag(key, "export"))
            and not bb.utils.to_boolean(d.getVarFlag(key, "unexport")))


def exported_vars(d):
    """(name, expanded value) for each exported variable that has a value;
    variables that fail to expand are skipped with a warning."""
    result = []
    for key in list(exported_keys(d)):
        try:
            value = d.getVar(key)
        except Exception as exc:
            bb.warn("%s: Unable to export ${%s}: %s" % (d.getVar("FILE"), key, exc))
            continue
        if value is not None:
            result.append((key, str(value)))
    return result


def inherits_class(klass, d):
    """Whether the class `klass` has been inherited: some entry of
    `__inherit_cache` ends with "/<klass>.bbclass"."""
    # Metadata asks this thousands of times per parse: bake answers without converting the
    # whole list to Python each time.
    found = d._bake_inherits_class(klass) if hasattr(d, "_bake_inherits_class") else None
    if found is not None:
        return found
    needle = "/%s.bbclass" % klass
    for path in d.getVar("__inherit_cache", False) or []:
        if path.endswith(needle):
            return True
    return False
