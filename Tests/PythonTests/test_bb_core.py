"""Tests of the `bb` package itself: messages, lazy submodules, import cost."""

import os
import subprocess
import sys
import textwrap

import pytest

import bbref
from bbref import assert_same, run_bake

import bb


def test_message_functions_match_bitbake():
    assert_same(textwrap.dedent("""
        import bb
        from refcommon import outcome, MessageLog
        log = MessageLog()
        bb.plain('plain ', 'text')
        bb.note('a', 'b', 'c')
        bb.verbnote('verb')
        bb.warn('careful')
        bb.error('bad', ' thing', extra_arg=1)
        bb.debug(1, 'hidden at default level')
        bb.debug('string level', ' message')
        result = [outcome(bb.fatal, 'the end'), outcome(bb.fatal),
                  outcome(bb.note, 'x', 1), outcome(bb.warn)]
        result.append(log.messages)
        result.append(issubclass(bb.BBHandledException, Exception))
        result.append(bb.__version__)
    """))


def test_debug_levels_and_once():
    result = run_bake(textwrap.dedent("""
        import bb
        seen = []
        bb._msg_sink = lambda level, text: seen.append([level, text])
        bb.debug(1, 'not shown')
        bb._debug_level = 1
        bb.debug(1, 'shown')
        bb.debug(2, 'too deep')
        bb.debug(0, 'level zero')
        bb._debug_level = 3
        bb.debug(3, 'deep')
        bb.warnonce('once'); bb.warnonce('once'); bb.warn('once')
        bb.erroronce('e1'); bb.erroronce('e1'); bb.erroronce('e2')
        import logging
        logging.getLogger('BitBake.OE.Test').warning('via %s', 'logging')
        logging.getLogger('BitBake.OE.Test').info('info')
        logging.getLogger('BitBake.OE.Test').debug('dbg')
        logging.getLogger('BitBake').critical('crit')
        result = seen
    """))
    assert result == [
        ["debug", "shown"], ["debug", "level zero"], ["debug", "deep"],
        ["warn", "once"], ["warn", "once"], ["error", "e1"], ["error", "e2"],
        ["warn", "via logging"], ["note", "info"], ["debug", "dbg"], ["fatal", "crit"],
    ]


def test_default_sink_format():
    code = ("import sys; sys.path.insert(0, %r); import bb; bb.plain('p'); bb.note('n'); "
            "bb.warn('w'); bb.error('e'); bb._debug_level = 1; bb.debug(1, 'd')\n" % bbref.BAKE_PYTHON_DIR)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr == "p\nNOTE: n\nWARNING: w\nERROR: e\nDEBUG: d\n"
    assert proc.stdout == ""


@pytest.mark.parametrize("logging_first", [False, True])
def test_logging_bridge_whichever_is_imported_first(logging_first):
    """Records logged to the "BitBake" logger tree reach the sink, whether
    `logging` is imported before or after bb (bb defers importing it)."""
    imports = "import logging; import bb" if logging_first else "import bb; import logging"
    code = ("import sys; sys.path.insert(0, %r); %s\n"
            "log = logging.getLogger('BitBake.OE.Test')\n"
            "log.warning('w %%s', 1); log.info('i'); log.debug('hidden'); log.error('e')\n"
            "logging.getLogger('Other').warning('not ours')\n" % (bbref.BAKE_PYTHON_DIR, imports))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr == "WARNING: w 1\nNOTE: i\nERROR: e\nnot ours\n"


def test_fatal_raises_handled_exception():
    messages = []
    bb._msg_sink = lambda level, text: messages.append((level, text))
    try:
        with pytest.raises(bb.BBHandledException):
            bb.fatal("stop ", "here")
    finally:
        bb._msg_sink = bb._default_sink
    assert messages == [("fatal", "stop here")]


def test_submodules_are_attributes_and_aliases():
    result = run_bake(textwrap.dedent("""
        import bb, builtins
        result = [[type(getattr(bb, m)).__name__ for m in
                       ('utils', 'data', 'parse', 'build', 'event', 'msg', 'process', 'fetch2', 'filter')]]
        import bb.fetch
        result.append(bb.fetch is bb.fetch2)
        from bb import fetch
        result.append(fetch is bb.fetch2)
        result.append([builtins.bb is bb, builtins.os is __import__('os')])
        result.append(hasattr(bb, 'no_such_thing'))
        result.append(bb.TaskData._fields[:3])
        result.append(callable(bb.multiprocessing.Process))
        import bb.parse
        result.append(bb.parse.SkipRecipe.__module__)
    """))
    assert result[0] == ["module"] * 9
    assert result[1:] == [True, True, [True, True], False, ["pn", "taskname", "fn"], True, "bb.parse"]


def test_import_is_fast_and_stdlib_only():
    code = textwrap.dedent("""
        import sys, time, json
        sys.path.insert(0, %r)
        best = None
        start = time.perf_counter()
        import bb
        elapsed = time.perf_counter() - start
        lazy = [bb.utils.to_boolean('yes'), bb.fetch.decodeurl('http://a/b')[1], bb.data.__name__]
        import bb.utils, bb.data, bb.parse, bb.build, bb.event, bb.msg, bb.process, bb.fetch2, bb.fetch, bb.filter
        foreign = sorted(name for name, mod in sys.modules.items()
                         if name.split('.')[0] not in sys.stdlib_module_names and name.split('.')[0] != 'bb'
                         and mod is not None and name not in ('__main__',))
        print(json.dumps([elapsed, foreign, lazy]))
    """ % bbref.BAKE_PYTHON_DIR)
    timings = []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, check=True)
        import json
        elapsed, foreign, lazy = json.loads(proc.stdout)
        assert foreign == []
        assert lazy == [True, "a", "bb.data"]
        timings.append(elapsed)
    assert min(timings) < 0.030, timings


def test_no_data_smart_module_shipped():
    assert not os.path.exists(os.path.join(bbref.BAKE_PYTHON_DIR, "bb", "data_smart.py")) or \
        "DataSmart" in open(os.path.join(bbref.BAKE_PYTHON_DIR, "bb", "data_smart.py")).read()


def test_msg_module():
    assert_same(textwrap.dedent("""
        import bb.msg
        from refcommon import outcome, MessageLog
        log = MessageLog()
        F = bb.msg.BBLogFormatter
        result = [[F.DEBUG3, F.DEBUG2, F.DEBUG, F.VERBOSE, F.NOTE, F.PLAIN, F.VERBNOTE, F.WARNING,
                   F.WARNONCE, F.ERROR, F.ERRORONCE, F.CRITICAL], bb.msg.loggerDefaultLogLevel,
                  outcome(bb.msg.stringToLevel, 'WARNING'), outcome(bb.msg.stringToLevel, '5'),
                  outcome(bb.msg.stringToLevel, 'PLAIN')]
        try:
            bb.msg.fatal('Data', 'broken data')
        except SystemExit as exc:
            result.append(['exit', exc.code])
        result.append(log.messages)
    """))
