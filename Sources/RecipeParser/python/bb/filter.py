"""Variable value filters (BitBake's `bb.filter`).

A filter is a Python expression evaluated with the variable's value bound to
`val`, in a namespace holding only the functions registered with
`filter_proc` (no other builtins). Results are cached per (value, expression),
so registered functions must be pure.
"""

# Functions visible to filter expressions. "__builtins__" is emptied so that
# only what is registered here can be called.
FILTERS = {"__builtins__": {}}

# (value, expression) -> result
CACHE = {}


def apply_filters(val, expressions):
    """Run each non-blank expression in turn, feeding each the previous result."""
    namespace = dict(FILTERS)
    for expression in expressions:
        expression = expression.strip()
        if not expression:
            continue
        key = (val, expression)
        try:
            val = CACHE[key]
        except KeyError:
            result = eval(expression, namespace, {"val": val})
            CACHE[key] = result
            val = result
    return val


class Namespace(object):
    """A read-only attribute bag used for dotted filter names (`bb.utils.x`):
    entries are added with item assignment, never with attribute assignment."""

    def __getitem__(self, name):
        return self.__dict__[name]

    def __setitem__(self, name, value):
        self.__dict__[name] = value

    def __contains__(self, name):
        return name in self.__dict__

    def __setattr__(self, name, value):
        raise AttributeError("Attribute %r cannot be changed" % name)

    def __delattr__(self, name):
        raise AttributeError("Attribute %r cannot be deleted" % name)


def filter_proc(*, name=None):
    """Decorator registering a function for use in filter expressions, under
    its own name or `name` (which may be dotted, e.g. "bb.utils.explode_deps")."""

    def register(func):
        parts = (name or func.__name__).split(".")
        scope = FILTERS
        for part in parts[:-1]:
            if part not in scope:
                scope[part] = Namespace()
            scope = scope[part]
        scope[parts[-1]] = func
        return func

    return register


for _builtin in (all, any, bin, bool, chr, enumerate, float, format, hex, int, len, map,
                 max, min, oct, ord, pow, str, sum):
    filter_proc()(_builtin)
del _builtin


@filter_proc()
def suffix(val, suffix):
    """Append `suffix` to every word."""
    return " ".join(word + suffix for word in val.split())


@filter_proc()
def prefix(val, prefix):
    """Prepend `prefix` to every word."""
    return " ".join(prefix + word for word in val.split())


@filter_proc()
def sort(val):
    """Sort the words."""
    return " ".join(sorted(val.split()))


@filter_proc()
def remove(val, remove, sep=None):
    """Drop the items listed in `remove` (a list, or a string split on `sep`)."""
    if isinstance(remove, str):
        remove = remove.split(sep)
    kept = [item for item in val.split(sep) if item not in remove]
    return (sep or " ").join(kept)
