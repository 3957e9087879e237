"""Tests of bb.process.run (differential)."""

import textwrap

from bbref import assert_same


def test_run_results_and_errors():
    assert_same(textwrap.dedent("""
        import io, bb.process
        from refcommon import outcome
        def run(*args, **kwargs):
            try:
                return ['ok', bb.process.run(*args, **kwargs)]
            except bb.process.CmdError as exc:
                return [type(exc).__name__, str(exc), getattr(exc, 'exitcode', None),
                        getattr(exc, 'stdout', None), getattr(exc, 'stderr', None)]
        result = [
            run('echo hello; echo err >&2'),
            run(['printf', '%s|', 'a b', 'c']),
            run('exit 3'),
            run('echo out; echo problem >&2; exit 2'),
            run(['sh', '-c', 'exit 4']),
            run(['/nonexistent/program', 'x']),
            run('cat', input=b'fed via stdin'),
            run(['cat'], input=b'list form'),
            run('echo $0', shell=False) if False else None,
            run('pwd', cwd='/'),
            run(['env'], env={'ONLY': 'this'}),
            run('printf "\\\\xc3\\\\xa9t\\\\xc3\\\\xa9"'),
            run('true', stdout=None),
        ]
        log = io.StringIO()
        result.append(run('echo logged; echo logerr >&2', log=log))
        result.append(sorted(log.getvalue().splitlines()))
        log = io.StringIO()
        result.append(run('echo before; exit 5', log=log))
        result.append(log.getvalue())
        e = bb.process.ExecutionError(['a', 'b c'], 1, 'o', 'e')
        e.extra_message = '\\nmore'
        result.append(str(e))
        result.append(str(bb.process.ExecutionError('cmd', 2)))
        result.append(str(bb.process.CmdError('cmd', 'why')))
        result.append(str(bb.process.NotFoundError(['x', 'y'])))
        result.append([issubclass(bb.process.ExecutionError, bb.process.CmdError),
                       issubclass(bb.process.CmdError, RuntimeError)])
    """))
