"""What a piece of metadata Python refers to, for task signatures.

BitBake's code parser walks every call in a Python function (or `${@...}` expression) and
records: variables read with a literal name (`d.getVar("X")` and friends), flags read with
literal names (`X[flag]`), `bb.utils.contains`-style tests (kept apart: the signature records
whether each tested word is set, not the whole value), and the names of called functions.
This module reports the same facts from Python's own `ast`, as one JSON text.
"""
import ast
import json
import re

_GETVARS = (".getVar", ".appendVar", ".prependVar", "oe.utils.conditional")
_GETVARFLAGS = (".getVarFlag", ".appendVarFlag", ".prependVarFlag")
_CONTAINS = ("bb.utils.contains", "base_contains")
_CONTAINS_ANY = ("bb.utils.contains_any", "bb.utils.filter")
_EXECFUNCS = ("bb.build.exec_func", "bb.build.exec_task")

_VAR_REFERENCE = re.compile(r"\${[a-zA-Z0-9\-_+./~:]+?}")
_PYTHON_REFERENCE = re.compile(r"\${@(?:{.*?}|.)+?}")


def _dedent(code):
    """Code indented as a whole is wrapped in `if 1:` so that it compiles (blank leading
    lines are kept, so line numbers still point at the metadata)."""
    i = 0
    while i < len(code) and code[i] in "\n\t ":
        i += 1
    if i == 0 or i == len(code):
        return code
    if code[i - 1] in "\t ":
        if code[0] == "\n":
            code = code[1:]
        return "if 1:\n" + code
    return code


def _dotted_name(node):
    parts = []
    while node is not None:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return None
    return None


def _literal(node):
    return isinstance(node, ast.Constant)


class _Facts:
    def __init__(self):
        self.references = set()
        self.execs = set()
        self.var_execs = set()
        self.contains = {}

    def call(self, node):
        name = _dotted_name(node.func)
        if name and (name.endswith(_GETVARS) or name.endswith(_GETVARFLAGS)
                     or name in _CONTAINS or name in _CONTAINS_ANY):
            first = node.args[0]
            if not (_literal(first) and isinstance(first.value, str)):
                return
            variable = first.value
            if name in _CONTAINS and _literal(node.args[1]):
                self.contains.setdefault(variable, set()).add(node.args[1].value)
            elif name in _CONTAINS_ANY and _literal(node.args[1]):
                self.contains.setdefault(variable, set()).update(node.args[1].value.split())
            elif name.endswith(_GETVARFLAGS):
                if _literal(node.args[1]):
                    self.references.add("%s[%s]" % (variable, node.args[1].value))
            else:
                self.references.add(variable)
        elif name and name.endswith(".expand"):
            if _literal(node.args[0]):
                self.expansion(node.args[0].value)
        elif name in _EXECFUNCS:
            if _literal(node.args[0]):
                self.var_execs.add(node.args[0].value)
        elif name and isinstance(node.func, (ast.Name, ast.Attribute)):
            self.execs.add(name)

    def expansion(self, text):
        """`d.expand("literal")` as BitBake analyses it: expanded against an empty datastore,
        so every `${NAME}` is a reference and each `${@...}` is analysed in turn."""
        if not isinstance(text, str):
            return
        for match in _VAR_REFERENCE.finditer(text):
            self.references.add(match.group()[2:-1])
        for match in _PYTHON_REFERENCE.finditer(text):
            code = match.group()[3:-1]
            if _VAR_REFERENCE.search(code):
                continue
            inner = analyse_tree(code, "<expansion>", 0)
            self.references |= inner.references
            self.execs |= inner.execs
            for key, values in inner.contains.items():
                self.contains.setdefault(key, set()).update(values)


def analyse_tree(code, filename, lineno):
    facts = _Facts()
    if not code or not code.strip():
        return facts
    source = "\n" * int(lineno or 0) + code
    tree = compile(_dedent(source), filename or "<string>", "exec", ast.PyCF_ONLY_AST)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            facts.call(node)
    facts.execs |= facts.var_execs
    return facts


def analyse(code, filename, lineno):
    """JSON of {"references": [...], "execs": [...], "contains": {name: [...]}}, or raises
    SyntaxError for code that does not compile."""
    facts = analyse_tree(code, filename, lineno)
    return json.dumps({
        "references": sorted(facts.references),
        "execs": sorted(facts.execs),
        "contains": {k: sorted(str(v) for v in vs) for k, vs in facts.contains.items()},
    })
