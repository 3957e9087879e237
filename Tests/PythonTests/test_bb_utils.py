"""Tests of bb.utils: differential against BitBake where the result is
deterministic, direct checks otherwise."""

import os
import subprocess
import sys
import textwrap

import pytest

import bbref
from bbref import assert_same
from refcommon import FakeDataStore

import bb
import bb.utils


BOOLEANS = ["y", "Y", "yes", "YES", "Yes", "1", "true", "True", "TRUE", "n", "N", "no", "NO",
            "0", "false", "False", "", None, 0, 1, 2, -1, True, False, "on", "off", " yes",
            "yes ", "t", "f", "2", "ja", "nope", "enable"]


def test_to_boolean_spellings():
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "result = [[outcome(bb.utils.to_boolean, s), outcome(bb.utils.to_boolean, s, 'dflt'),\n"
        "           outcome(bb.utils.to_boolean, s, True)] for s in payload]\n",
        BOOLEANS)


def test_to_boolean_errors_directly():
    with pytest.raises(ValueError, match="Invalid value for to_boolean: on"):
        bb.utils.to_boolean("on")
    assert bb.utils.to_boolean(None, default=False) is False
    assert bb.utils.to_boolean(5) is True


LIST_VARS = {
    "FEATURES": "x11 wayland  opengl\tvulkan",
    "EMPTY": "",
    "SPACES": "   ",
    "REF": "${FEATURES} extra",
    "ONE": "x11",
}

CHECKS = ["x11", "x11 opengl", "x11 missing", "missing", "", "  ", ["x11", "vulkan"], [],
          ["missing"], "extra x11", ("wayland",), "x11 x11"]


def test_contains_family():
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome, FakeDataStore\n"
        "d = FakeDataStore(payload['vars'])\n"
        "result = []\n"
        "for var in list(payload['vars']) + ['UNSET']:\n"
        "    for check in payload['checks']:\n"
        "        result.append([var, check,\n"
        "            outcome(bb.utils.contains, var, check, 'T', 'F', d),\n"
        "            outcome(bb.utils.contains_any, var, check, 'T', 'F', d),\n"
        "            outcome(bb.utils.filter, var, check, d),\n"
        "            outcome(bb.utils.filter_string, d.getVar(var), check)])\n",
        {"vars": LIST_VARS, "checks": CHECKS})


def test_prune_suffix_semver_filemode_misc():
    semvers = ["1.0.0", "0.0.0", "1.2.3-alpha", "1.2.3-alpha.1", "1.2.3+build.5", "1.2.3-rc.1+b",
               "01.2.3", "1.02.3", "1.2", "1.2.3.4", "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-0a",
               "1.2.3-a..b", "v1.2.3", "1.2.3 ", "10.20.30-x-y-z.--", "1.2.3-\u0661"]
    assert_same(
        "import bb.utils\n"
        "from refcommon import outcome\n"
        "result = [\n"
        "  [outcome(bb.utils.prune_suffix, v, s, None) for v, s in payload['prune']],\n"
        "  [outcome(bb.utils.is_semver, v) for v in payload['semver']],\n"
        "  [outcome(bb.utils.to_filemode, v) for v in payload['modes']],\n"
        "  bb.utils.preserved_envvars(), bb.utils.preserved_envvars_exported(),\n"
        "  sorted(bb.utils.get_context()), bb.utils.cpu_count(),\n"
        "]\n",
        {"prune": [["foo-native", ["-native", "-cross"]], ["foo", ["-native"]], ["foo", ["", "o"]],
                   ["foo-cross-native", ["-native", "-cross-native"]], ["x", []], ["", ["a"]]],
         "semver": semvers,
         "modes": ["0755", "755", "0o755", 493, "9", "", "0022"]})


def test_which_and_filesystem_helpers():
    snippet = textwrap.dedent("""
        import os, bb.utils
        from refcommon import outcome
        os.makedirs('a/bin'); os.makedirs('b/bin'); os.makedirs('c')
        for p in ('a/bin/tool', 'b/bin/tool', 'b/bin/plain', 'c/dironly'):
            if p == 'c/dironly':
                os.makedirs(p)
            else:
                open(p, 'w').close()
        os.chmod('b/bin/tool', 0o755)
        here = os.getcwd()
        def rel(x):
            if isinstance(x, (list, tuple)):
                return [rel(i) for i in x]
            if isinstance(x, dict):
                return {k: rel(v) for k, v in x.items()}
            return x.replace(here, '<cwd>') if isinstance(x, str) else x
        path = 'a/bin:b/bin:' + here + '/c::'
        result = []
        for item in ('tool', 'plain', 'dironly', 'missing', '/etc/hostname', ''):
            for direction in (0, 1):
                for executable in (False, True):
                    result.append(rel(bb.utils.which(path, item, direction, False, executable)))
                    result.append(rel(bb.utils.which(path, item, direction, True, executable)))
        result.append(rel(bb.utils.which(None, 'tool', history=True)))
        result.append(rel(bb.utils.which('', 'a', history=True)))
        bb.utils.mkdirhier('x/y/z'); bb.utils.mkdirhier('x/y/z')
        result.append(os.path.isdir('x/y/z'))
        result.append(outcome(bb.utils.mkdirhier, 'a/bin/tool'))
        bb.utils.remove('a/bin/*'); result.append(sorted(os.listdir('a/bin')))
        bb.utils.remove('missing-file'); bb.utils.remove('')
        result.append(outcome(bb.utils.remove, 'x'))
        bb.utils.remove('x', recurse=True); result.append(os.path.exists('x'))
        bb.utils.prunedir('b'); result.append(os.path.exists('b'))
        os.makedirs('m/n')
        result.append([bb.utils.path_is_descendant('m/n', 'm'), bb.utils.path_is_descendant('m', 'm'),
                       bb.utils.path_is_descendant('m', 'm/n'), rel(outcome(bb.utils.path_is_descendant, 'zz', 'm'))])
        unsafe = ['/', '//', '/home', '/home/', '/home/someone', '/home/someone/', '/home/a/b', '/usr',
                  '/tmp', '.', os.environ.get('HOME', '/root'), '/home/../', '/./home']
        result.append([bool(getattr(bb.utils, '_check_unsafe_delete_path', None)
                            and bb.utils._check_unsafe_delete_path(p)) for p in unsafe])
    """)
    mine, ref = bbref.run_both(snippet)
    # bake calls its checker by another name; compare it directly below.
    assert mine[:-1] == ref[:-1]
    from bb.utils import _is_unsafe_to_delete
    unsafe = ['/', '//', '/home', '/home/', '/home/someone', '/home/someone/', '/home/a/b', '/usr',
              '/tmp', '.', os.environ.get('HOME', '/root'), '/home/../', '/./home']
    cwd = os.getcwd()
    try:
        os.chdir("/")
        assert [_is_unsafe_to_delete(p) for p in unsafe] == ref[-1][:9] + [True] + ref[-1][10:]
    finally:
        os.chdir(cwd)


def test_mkdirhier_refuses_unexpanded(tmp_path):
    messages = []
    bb._msg_sink = lambda level, text: messages.append((level, text))
    try:
        with pytest.raises(bb.BBHandledException):
            bb.utils.mkdirhier(str(tmp_path / "${WORKDIR}"))
    finally:
        bb._msg_sink = bb._default_sink
    assert messages and messages[0][0] == "fatal" and "unexpanded bitbake variable" in messages[0][1]
    assert not (tmp_path / "${WORKDIR}").exists()


def test_prunedir_refuses_dangerous_paths():
    for path in ("/", "/home", os.path.expanduser("~")):
        with pytest.raises(Exception, match="refusing to delete"):
            bb.utils.prunedir(path)


def test_checksums_and_copies():
    snippet = textwrap.dedent("""
        import os, stat, bb.utils
        from refcommon import outcome
        os.mkdir('w')
        os.chdir('w')
        with open('data', 'wb') as f:
            f.write(bytes(range(256)) * 1000)
        open('empty', 'wb').close()
        import zipfile
        with zipfile.ZipFile('mod.zip', 'w') as z:
            z.writestr('b/go.mod', 'module b')
            z.writestr('a/x.go', 'package a')
        result = []
        for name in ('data', 'empty', 'mod.zip'):
            result.append([bb.utils.md5_file(name), bb.utils.sha1_file(name), bb.utils.sha256_file(name),
                           bb.utils.sha384_file(name), bb.utils.sha512_file(name), bb.utils.goh1_file(name)])
        # BitBake stats dirname(dest) when dest does not exist, so a bare
        # relative name fails (lstat('')).
        result.append(outcome(bb.utils.copyfile, 'data', 'bare'))
        result.append(outcome(bb.utils.movefile, 'data', 'bare'))
        os.chmod('data', 0o640)
        os.utime('data', (1000000000, 1200000000))
        result.append(bb.utils.copyfile('data', './copy'))
        st = os.stat('copy')
        result.append([stat.S_IMODE(st.st_mode), int(st.st_mtime), open('copy', 'rb').read() == open('data', 'rb').read()])
        result.append(bb.utils.copyfile('data', './copy2', newmtime=1300000000))
        result.append(int(os.stat('copy2').st_mtime))
        os.symlink('data', 'link')
        r = bb.utils.copyfile('link', './link2')
        result.append([type(r).__name__, os.readlink('link2')])
        result.append(bb.utils.copyfile('nonexistent', './x'))
        os.mkdir('dir')
        result.append(bb.utils.movefile('copy', 'dir'))
        result.append(sorted(os.listdir('dir')) + [os.path.exists('copy')])
        result.append(bb.utils.movefile('copy2', './moved'))
        result.append([os.path.exists('copy2'), os.path.exists('moved')])
        r = bb.utils.movefile('link2', './link3')
        result.append([type(r).__name__, os.readlink('link3'), os.path.lexists('link2')])
        result.append(bb.utils.movefile('nonexistent', './x'))
        result.append(bb.utils.break_hardlinks('data'))
        os.link('data', 'hard')
        result.append(bb.utils.break_hardlinks('data'))
        result.append([os.stat('data').st_nlink, os.stat('hard').st_nlink])
        bb.utils.rename('moved', 'renamed'); result.append(os.path.exists('renamed'))
    """)
    assert_same(snippet)


def test_better_eval_exec_and_context():
    assert_same(textwrap.dedent("""
        import bb.utils
        from refcommon import outcome
        ctx = bb.utils.get_context()
        result = [sorted(k for k in ctx if not k.startswith('__'))]
        result.append(bb.utils.better_eval('x + 1', {'x': 41}))
        result.append(bb.utils.better_eval('os.path.join("a", "b") + str(type(time).__name__)', {}))
        result.append(bb.utils.better_eval('extra * 2', {}, {'extra': 21}))
        result.append('extra' in bb.utils.get_context())
        result.append(bb.utils.better_eval('x', {'x': 'local'}, {'x': 'global'}))
        result.append(outcome(bb.utils.better_eval, 'undefined_name', {}))
        code = bb.utils.better_compile('y = x * 3', 'f', 'f')
        loc = {'x': 2}
        bb.utils.better_exec(code, loc)
        result.append(loc['y'])
        loc = {}
        bb.utils.better_exec('z = bb.utils.vercmp_string("1", "2")', loc)
        result.append(loc['z'])
        bb.utils.get_context()['shared_thing'] = 'ok'
        result.append(bb.utils.better_eval('shared_thing', {}))
        bb.utils.better_exec('def myfunc(a, b=2):\\n    return a * b\\n', bb.utils.get_context())
        result.append(bb.utils.exec_flat_python_func('myfunc', 5))
        result.append(bb.utils.exec_flat_python_func('myfunc', 5, b=3))
        result.append(outcome(bb.utils.better_exec, 'raise ValueError("x")', {}))
        result.append(outcome(bb.utils.better_exec, 'raise ValueError("x")', {}, pythonexception=True))
        result.append(outcome(bb.utils.better_exec, 'import bb.parse\\nraise bb.parse.SkipRecipe("skip me")', {}))
        result.append(outcome(bb.utils.better_exec, 'bb.fatal("fatal here")', {}))
        result.append(outcome(bb.utils.better_compile, 'def (:', 'f', 'f'))
        result.append(outcome(bb.utils.better_compile, 'x = 1', 'f', 'f', 'eval'))
        code = bb.utils.better_compile('\\n\\nraise KeyError("k")', 'f', '/virtual/file.bb', lineno=10)
        try:
            exec(code, {})
        except KeyError as e:
            result.append(e.__traceback__.tb_next.tb_lineno if e.__traceback__.tb_next else e.__traceback__.tb_lineno)
    """))


def test_better_exec_reports_errors():
    messages = []
    bb._msg_sink = lambda level, text: messages.append((level, text))
    try:
        with pytest.raises(bb.BBHandledException) as info:
            bb.utils.better_exec("a = 1\nb = 2\nraise RuntimeError('bad thing')\n", {}, realfile="/r/x.bb")
        assert isinstance(info.value.args[0], RuntimeError)
        with pytest.raises(bb.BBHandledException):
            bb.utils.better_compile("x = (\n", "/r/y.bb", "/r/y.bb", lineno=3)
    finally:
        bb._msg_sink = bb._default_sink
    assert [level for level, _ in messages] == ["error", "error"]
    assert "Error executing a python function in /r/x.bb" in messages[0][1]
    assert "RuntimeError: bad thing" in messages[0][1]
    assert " *** 0003:raise RuntimeError('bad thing')" in messages[0][1]
    assert "Error in compiling python function in /r/y.bb" in messages[1][1]
    assert "SyntaxError" in messages[1][1]


def test_set_context_replaces_globals():
    old = bb.utils.get_context()
    try:
        new = {"bb": bb, "marker": 7}
        bb.utils.set_context(new)
        assert bb.utils.get_context() is new
        assert bb.utils.better_eval("marker", {}) == 7
    finally:
        bb.utils.set_context(old)


def test_environment_and_umask():
    os.environ["BAKE_TEST_KEEP"] = "keep"
    os.environ.pop("BAKE_TEST_NEW", None)
    with bb.utils.environment(BAKE_TEST_KEEP="changed", BAKE_TEST_NEW="new"):
        assert os.environ["BAKE_TEST_KEEP"] == "changed"
        assert os.environ["BAKE_TEST_NEW"] == "new"
    assert os.environ["BAKE_TEST_KEEP"] == "keep"
    assert "BAKE_TEST_NEW" not in os.environ
    del os.environ["BAKE_TEST_KEEP"]
    old = os.umask(0o022)
    try:
        with bb.utils.umask(0o077):
            assert os.umask(0o077) == 0o077
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(old)


def test_lockfile(tmp_path):
    name = str(tmp_path / "sub" / "lock")
    lock = bb.utils.lockfile(name)
    assert os.path.exists(name)
    probe = textwrap.dedent("""
        import sys
        sys.path.insert(0, %r)
        import bb.utils
        print(bb.utils.lockfile(%r, retry=False) is None)
    """ % (bbref.BAKE_PYTHON_DIR, name))
    busy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert busy.stdout.strip() == "True", busy.stderr
    bb.utils.unlockfile(lock)
    assert not os.path.exists(name)
    free = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert free.stdout.strip() == "False", free.stderr
    shared1 = bb.utils.lockfile(name, shared=True)
    shared2 = bb.utils.lockfile(name, shared=True, retry=False)
    assert shared2 is not None
    bb.utils.unlockfile(shared2)
    bb.utils.unlockfile(shared1)
    with bb.utils.fileslocked([name, name + "2"]):
        assert os.path.exists(name + "2")
    assert not os.path.exists(name + "2")
    long_name = str(tmp_path / ("x" * 300 + ".lock"))
    lock = bb.utils.lockfile(long_name)
    assert os.path.basename(lock.name) == "x" * 250 + ".lock"
    bb.utils.unlockfile(lock)


def test_get_referenced_vars():
    d = FakeDataStore({"A": "${B} ${C}", "B": "${D}", "C": "${@d.getVar('E')}", "D": "x", "E": "${A}"})
    assert bb.utils.get_referenced_vars("${A} ${UNSET}", d) == ["A", "UNSET", "B", "C", "D", "E"]
    assert bb.utils.get_referenced_vars("plain", d) == []


def test_export_proxies_and_fetcher_environment():
    d = FakeDataStore({"http_proxy": "http://proxy:3128", "NO_PROXY": "", "GIT_SSH": "${X}/ssh", "X": "/opt"})
    with bb.utils.environment():
        saved = dict(os.environ)
        try:
            for name in ("http_proxy", "GIT_SSH"):
                os.environ.pop(name, None)
            bb.utils.export_proxies(d)
            assert os.environ["http_proxy"] == "http://proxy:3128"
            assert os.environ["GIT_SSH"] == "/opt/ssh"
        finally:
            os.environ.clear()
            os.environ.update(saved)


def test_filter_module():
    assert_same(textwrap.dedent("""
        import bb.filter, bb.utils
        from refcommon import outcome
        exprs = ['suffix(val, "-native")', 'prefix(val, "lib")', 'sort(val)', 'remove(val, "b c")',
                 'remove(val, ["a"])', 'remove(val, "x", ",")', 'len(val)', 'str(len(val.split()))',
                 'bb.utils.explode_deps(val)', 'open("x")', '', '   ', 'val.upper()']
        result = [[outcome(bb.filter.apply_filters, v, [e]) for e in exprs]
                  for v in ('c b a', 'a,x,b', '', 'a (>= 1) b')]
        result.append(outcome(bb.filter.apply_filters, 'b a', ['sort(val)', 'suffix(val, "1")', ' ']))
        result.append(sorted(k for k in bb.filter.FILTERS if k != '__builtins__'))
        result.append(bb.filter.FILTERS['__builtins__'])
        @bb.filter.filter_proc(name='my.ns.fn')
        def fn(val):
            return val * 2
        result.append(outcome(bb.filter.apply_filters, 'ab', ['my.ns.fn(val)']))
        result.append(outcome(setattr, bb.filter.FILTERS['my'], 'x', 1))
    """))
