"""Glue between bake's Swift evaluator and the Python that metadata contains.

bake calls these functions; each returns a status tuple instead of raising, so the Swift side
never has to unpick a live exception: (0, result) on success, otherwise
(status, message, filename, lineno) with status 1 unterminated string literal (left
unexpanded, as BitBake does), 2 SkipRecipe, 3 bb.fatal/BBHandledException, 4 ExpansionError,
5 any other exception.
"""
import os
import sys

import bb
import bb.data_smart
import bb.parse
import bb.utils

# An embedded interpreter has no executable of its own; metadata asks for it
# (oe-core: PYTHON = "${@sys.executable}"), and BitBake reports the python3 it runs under.
if not sys.executable:
    for _candidate in (os.path.join(sys.base_prefix, "bin", "python3"), "/usr/bin/python3"):
        if os.path.exists(_candidate):
            sys.executable = _candidate
            break

bb.data_smart.register_exceptions()

_inline_cache = {}
_method_cache = {}

OK, UNTERMINATED, SKIP, FATAL, EXPANSION, OTHER = range(6)


def _metadata_location(tb):
    """The innermost traceback frame that belongs to metadata (not to bake's own modules)."""
    import traceback  # only on failures: importing it costs more than the rest of startup
    filename, lineno = "", 0
    for frame, line in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if name.startswith("<") or name.startswith("Var <"):
            continue  # compiled expressions, not files
        if "/python/bb/" in name or name.endswith("bake_host.py"):
            continue
        filename, lineno = name, line
    return filename, lineno


def _failure(exc):
    filename, lineno = _metadata_location(exc.__traceback__)
    if isinstance(exc, bb.parse.SkipRecipe):
        return (SKIP, str(exc.args[0]) if exc.args else "", filename, lineno)
    if isinstance(exc, bb.BBHandledException):
        return (FATAL, str(exc), filename, lineno)
    if isinstance(exc, bb.data_smart.ExpansionError):
        return (EXPANSION, str(exc), filename, lineno)
    if isinstance(exc, SyntaxError):
        return (OTHER, "%s: %s" % (type(exc).__name__, exc.msg), exc.filename or filename, exc.lineno or lineno)
    return (OTHER, "%s: %s" % (type(exc).__name__, exc), filename, lineno)


def eval_inline(code, varname, d):
    """`${@code}`: BitBake's python_sub, with compiled code cached by its text."""
    try:
        compiled = _inline_cache.get(code)
        if compiled is None:
            name = "Var <%s>" % varname if varname else "<expansion>"
            try:
                compiled = compile(code.strip(), name, "eval")
            except SyntaxError as exc:
                msg = exc.msg or ""
                if msg == "EOL while scanning string literal" or msg.startswith("unterminated string literal"):
                    return (UNTERMINATED, msg, "", 0)
                raise
            _inline_cache[code] = compiled
        # BitBake evaluates in a copy of the shared globals with `d` added (comprehensions see
        # globals, not the DataContext locals). Copying a dict that grows with every parsed
        # function is the cost BitBake pays per expression; bake binds `d` in place instead.
        context = bb.utils.get_context()
        missing = object()
        previous = context.get("d", missing)
        context["d"] = d
        try:
            value = eval(compiled, context, bb.data_smart.DataContext(d))
        finally:
            if previous is missing:
                del context["d"]
            else:
                context["d"] = previous
        return (OK, str(value))
    except BaseException as exc:  # metadata may raise anything, SystemExit included
        return _failure(exc)


def insert_method(text, filename, lineno):
    """Define a metadata function (`def`, or an anonymous function's wrapper) in the shared
    context, compiled so that tracebacks name the metadata file and line."""
    try:
        key = (text, filename, lineno)
        compiled = _method_cache.get(key)
        if compiled is None:
            compiled = compile("\n" * max(lineno, 0) + text, filename, "exec")
            _method_cache[key] = compiled
        exec(compiled, bb.utils.get_context())
        return (OK, None)
    except BaseException as exc:
        return _failure(exc)


def run_functions(names, d):
    """Call each named function with `d` (BitBake's runAnonFuncs)."""
    try:
        context = bb.utils.get_context()
        for name in names:
            context[name](d)
        return (OK, None)
    except BaseException as exc:
        return _failure(exc)


def save_handlers():
    """The registered event handlers, to restore after a recipe's finalisation (as BitBake's
    finalize does, so one recipe's handlers never see another recipe's events)."""
    import bb.event
    return (OK, bb.event.get_handlers().copy())


def restore_handlers(saved):
    import bb.event
    bb.event.set_handlers(saved)
    return (OK, None)


def register_handlers(handlers, d):
    """`bb.event.register` for each of the recipe's `addhandler` functions."""
    try:
        import bb.event
        for name, code, mask, filename, lineno in handlers:
            bb.event.register(name, code, mask.split(), filename, lineno, data=d)
        return (OK, None)
    except BaseException as exc:
        return _failure(exc)


def fire_event(event_name, args, d):
    """`bb.event.fire` of one parse-time event; a no-op when no handler is registered."""
    try:
        import bb.event
        if not bb.event.get_handlers():
            return (OK, None)
        bb.event.fire(getattr(bb.event, event_name)(*args), d)
        return (OK, None)
    except BaseException as exc:
        return _failure(exc)
