"""Tests of bb.parse and bb.build (differential)."""

import textwrap

from bbref import assert_same
from refcommon import FakeDataStore

import bb.build
import bb.parse


def test_parse_error_and_exceptions():
    assert_same(textwrap.dedent("""
        import bb.parse
        e = bb.parse.ParseError('unexpected token', '/x/recipe.bb', 12)
        f = bb.parse.ParseError('bad file', 'conf/local.conf')
        g = bb.parse.ParseError('zero line', 'f.bb', 0)
        result = [str(e), str(f), str(g), repr(e.args), e.msg, e.filename, e.lineno, f.lineno,
                  issubclass(bb.parse.SkipPackage, bb.parse.SkipRecipe),
                  issubclass(bb.parse.SkipRecipe, Exception), str(bb.parse.SkipRecipe('why')),
                  str(bb.parse.ParseError('m', 'f', '7')) if False else None]
        @bb.parse.vardeps('A', 'B')
        @bb.parse.vardeps('C')
        @bb.parse.vardepsexclude('X')
        def fn():
            pass
        result.append([sorted(fn.bb_vardeps), sorted(fn.bb_vardepsexclude)])
    """))


def test_vars_from_file():
    names = ["foo.bb", "foo_1.0.bb", "foo_1.0_r2.bb", "/a/b/foo-bar_git.bb", "foo_1.0.bbappend",
             "foo_%.bbappend", "foo.conf", "foo_1_2_3.bb", "", None, "dir_x/foo.bb", "foo.bb.bak",
             "foo.1.0.bb", "_1.0.bb", "foo__.bb", ".bb", "foo_1.0_r2.bb"]
    assert_same(textwrap.dedent("""
        import bb.parse
        from refcommon import outcome
        result = [outcome(bb.parse.vars_from_file, n, None) for n in payload]
        # BitBake caches the split before checking it: a second look at a
        # name with too many underscores no longer raises.
        result.append(outcome(bb.parse.vars_from_file, 'foo_1_2_3.bb', None))
    """), names)


def test_file_dependencies():
    assert_same(textwrap.dedent("""
        import os, bb.parse
        from refcommon import outcome, FakeDataStore
        os.makedirs('layer/conf'); os.makedirs('other')
        with open('layer/conf/x.conf', 'w') as f:
            f.write('x')
        here = os.getcwd()
        def rel(v):
            if isinstance(v, (list, tuple)):
                return [rel(i) for i in v]
            if isinstance(v, dict):
                return {k: rel(i) for k, i in v.items()}
            return v.replace(here, '<cwd>') if isinstance(v, str) else v
        def deps(d):
            return [[rel(f), stamp != 0] for f, stamp in d.getVar('__depends', False) or []]
        d = FakeDataStore({'BBPATH': here + '/other:' + here + '/layer'})
        bb.parse.mark_dependency(d, here + '/layer/conf/x.conf')
        bb.parse.mark_dependency(d, here + '/layer/conf/x.conf')
        bb.parse.mark_dependency(d, './missing.conf')
        result = [deps(d)]
        result.append([bb.parse.check_dependency(d, here + '/layer/conf/x.conf'),
                       bb.parse.check_dependency(d, here + '/other/none')])
        result.append(rel(bb.parse.get_file_depends(d)))
        e = FakeDataStore({'BBPATH': here + '/other:' + here + '/layer'})
        result.append(rel(outcome(bb.parse.resolve_file, 'conf/x.conf', e)))
        result.append(deps(e))
        result.append(rel(outcome(bb.parse.resolve_file, 'conf/none.conf', e)))
        result.append(rel(outcome(bb.parse.resolve_file, here + '/layer/conf', e)))
        f = here + '/layer/conf/x.conf'
        stamp = bb.parse.cached_mtime(f)
        result.append([bb.parse.check_mtime(f, stamp), bb.parse.check_mtime(f + 'x', 0),
                       bb.parse.cached_mtime_noerror(f + 'x'), outcome(bb.parse.cached_mtime, f + 'x')['error']])
        with open(f, 'a') as fh:
            fh.write('more')
        result.append([bb.parse.cached_mtime(f) == stamp, bb.parse.update_mtime(f) == stamp,
                       bb.parse.update_mtime(f + 'x')])
        bb.parse.clear_cache()
    """))


def test_addtask_deltask_sequences():
    ops = [
        ["add", "fetch", None, None],
        ["add", "unpack", None, "do_fetch"],
        ["add", "do_patch", "do_configure", "unpack"],
        ["add", "configure", "build", "patch"],
        ["add", "compile", "do_build", "configure fetch"],
        ["add", "compile", None, "configure"],
        ["add", "install", "build", "compile"],
        ["add", "do_build", None, None],
        ["add", "extra", "compile install", "fetch"],
        ["add", "extra", "compile", "unpack unpack"],
        ["del", "extra"],
        ["del", "do_patch"],
        ["del", "never_added"],
        ["add", "", None, None],
        ["add", "do_", "", ""],
        ["add", "x", "y", "y"],
        ["del", "y"],
    ]
    assert_same(textwrap.dedent("""
        import bb.build
        from refcommon import outcome, FakeDataStore
        d = FakeDataStore()
        d.setVarFlag('do_never_added', 'deps', ['do_fetch'])
        result = []
        for op in payload:
            if op[0] == 'add':
                r = outcome(bb.build.addtask, op[1], op[2], op[3], d)
            else:
                r = outcome(bb.build.deltask, op[1], d)
            result.append([op, r, d.dump()])
        result.append(list(bb.build.listtasks(d)))
        result.append(sorted(bb.build.preceedtask('do_install', False, d)))
        d.setVarFlag('do_install', 'recrdeptask', 'do_deploy do_fetch')
        result.append(sorted(bb.build.preceedtask('do_install', True, d)))
        result.append(sorted(bb.build.preceedtask('do_nothing', True, d)))
        result.append(outcome(bb.build.tasksbetween, 'do_fetch', 'do_install', d))
        result.append([bb.build.ensure_task_prefix(n) for n in ('x', 'do_x', 'do', 'dox', '')])
    """), ops)


def test_task_events():
    assert_same(textwrap.dedent("""
        import bb.build, bb.event
        from refcommon import FakeDataStore
        d = FakeDataStore({'PF': 'foo-1.0-r0', 'PN': 'foo', 'PV': '1.0', 'FILE': '/r/foo.bb'})
        evs = [bb.build.TaskStarted('do_compile', '/r/foo.bb', 'log', {'fakeroot': '1'}, d),
               bb.build.TaskSucceeded('do_compile', '/r/foo.bb', 'log', d),
               bb.build.TaskFailed('do_compile', '/r/foo.bb', 'log', d, True),
               bb.build.TaskFailedSilent('do_compile', '/r/foo.bb', 'log', d),
               bb.build.TaskInvalid('do_nothing', '/r/foo.bb', d)]
        result = [[type(e).__name__, e._message, e.task, e.taskname, e.pn, e.pv, e.taskfile, e.logfile,
                   e.getDisplayName(), bb.event.getName(e), isinstance(e, bb.build.TaskBase)] for e in evs]
        result.append(evs[0].taskflags)
        result.append(evs[2].errprinted)
        p = bb.build.TaskProgress(50, '1MB/s')
        result.append([p.progress, p.rate, p.pid])
    """))


def test_addtask_writes_back_through_public_api():
    """With a datastore that hands out copies, addtask/deltask still persist."""

    class Copying(FakeDataStore):
        def getVar(self, var, expand=True, **kw):
            value = FakeDataStore.getVar(self, var, expand)
            return list(value) if isinstance(value, list) else value

        def getVarFlag(self, var, flag, expand=True, **kw):
            value = FakeDataStore.getVarFlag(self, var, flag, expand)
            return list(value) if isinstance(value, list) else value

    d = Copying()
    bb.build.addtask("a", None, None, d)
    bb.build.addtask("b", "c", "a", d)
    bb.build.addtask("c", None, None, d)
    assert d.getVar("__BBTASKS") == ["do_a", "do_b", "do_c"]
    assert d.getVarFlag("do_c", "deps") == ["do_b"]
    bb.build.deltask("b", d)
    assert d.getVar("__BBTASKS") == ["do_a", "do_c"]
    assert d.getVarFlag("do_c", "deps") == []
    assert d.getVarFlag("do_b", "deps") is None
