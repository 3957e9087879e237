"""Tests of bb.data (differential, with the same FakeDataStore on both sides)."""

import sys
import textwrap
import types


from bbref import assert_same
from refcommon import FakeDataStore

import bb
import bb.data


def test_expand_keys():
    assert_same(textwrap.dedent("""
        import bb.data
        from refcommon import FakeDataStore, MessageLog
        log = MessageLog()
        result = []
        for values, flags in payload:
            d = FakeDataStore(values, flags)
            bb.data.expandKeys(d)
            result.append([d.dump(), log.messages[:]])
            del log.messages[:]
        # Expanding against another datastore
        alter = FakeDataStore({'A_${X}': '1', 'B': '2'})
        read = FakeDataStore({'X': 'read'})
        bb.data.expandKeys(alter, read)
        result.append(alter.dump())
    """), [
        [{"PN": "foo", "RDEPENDS:${PN}": "bar", "FILES:${PN}-dev": "/usr/include"}, {}],
        [{"PN": "foo", "RDEPENDS:${PN}": "new", "RDEPENDS:foo": "old"}, {"RDEPENDS:${PN}": {"doc": "x"}}],
        [{"PN": "foo", "RDEPENDS:${PN}": "new"}, {"RDEPENDS:foo": {"doc": "y"}}],
        [{"A": "a", "${A}": "1", "${UNSET}": "2", "x${A}y${A}": "3"}, {}],
        [{"A": "b", "B": "b", "${A}": "from A", "${B}": "from B"}, {}],
        [{"${B}": "from B", "${A}": "from A", "A": "b", "B": "b"}, {}],
        [{"z${X}": "1", "a${X}": "2", "X": "", "m${Y}": "3", "Y": "${X}"}, {}],
        [{"PN": "p", "${PN}": "v"}, {"${PN}": {"f": "1"}}],
        [{"N": "${M}", "M": "m", "K_${N}": "k"}, {}],
        [{"X": "x"}, {"do_${X}": {"task": 1}}],
    ])


def test_inherits_class_and_helpers():
    assert_same(textwrap.dedent("""
        import bb.data
        from refcommon import outcome, FakeDataStore
        d = FakeDataStore({'__inherit_cache': [
            '/layers/meta/classes/base.bbclass', '/layers/meta/classes-recipe/autotools.bbclass',
            'relative/classes-global/native.bbclass', '/x/cross-canadian.bbclass', 'nocls.bbclass'],
            'FOO': '${BAR} baz', 'BAR': 'bar'})
        names = ['base', 'autotools', 'native', 'cross-canadian', 'canadian', 'nocls', 'classes/base',
                 'meta/classes-recipe/autotools', 'auto', '', 'base.bbclass']
        result = [[n, bb.data.inherits_class(n, d)] for n in names]
        result.append(bb.data.inherits_class('base', FakeDataStore()))
        result.append(bb.data.expand('${FOO}-${BAR}-${NONE}', d))
        result.append(sorted(bb.data.keys(d)))
        copy = bb.data.createCopy(d)
        copy.setVar('FOO', 'changed')
        result.append([d.getVar('FOO'), copy.getVar('FOO')])
        e = FakeDataStore({'A': '1', 'B': '${A}2', 'C': '3', '__X': '4', 'D': None},
                          {'A': {'export': '1'}, 'B': {'export': 'yes'}, 'C': {'export': '1', 'unexport': '1'},
                           '__X': {'export': '1'}, 'D': {'export': '1'}, 'E': {'export': '0'}})
        result.append(sorted(bb.data.exported_vars(e)))
    """))


def test_init_uses_bakes_datastore(monkeypatch):
    module = types.ModuleType("bb.data_smart")

    class DataSmart(FakeDataStore):
        pass

    module.DataSmart = DataSmart
    monkeypatch.setitem(sys.modules, "bb.data_smart", module)
    d = bb.data.init()
    assert type(d) is DataSmart
    assert bb.data.init_db() is not d and type(bb.data.init_db()) is DataSmart
    d.setVar("A", "1")
    copy = bb.data.init_db(d)
    assert copy.getVar("A") == "1" and copy is not d


def test_expand_keys_uses_only_public_api():
    """expandKeys must work against a datastore offering just the public API."""

    class Strict(object):
        def __init__(self):
            self.inner = FakeDataStore({"PN": "p", "X_${PN}": "1"})
            self.calls = []

        def __getattr__(self, name):
            allowed = {"getVar", "setVar", "expand", "renameVar", "keys"}
            if name not in allowed:
                raise AttributeError(name)
            self.calls.append(name)
            return getattr(self.inner, name)

        def __iter__(self):
            return iter(self.inner)

    d = Strict()
    bb.data.expandKeys(d)
    assert d.inner.getVar("X_p") == "1"
    assert "renameVar" in d.calls
