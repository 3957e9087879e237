"""Tests of the support modules OE's lib imports at parse time:
bb.runqueue (task id helpers), bb.compress, bb.siggen (differential where
meaningful)."""

import textwrap

from bbref import assert_same


TIDS = ["/r/foo.bb:do_compile", "mc:mc1:/r/foo.bb:do_compile", "mc:mc1:virtual:native:/r/foo.bb:do_fetch",
        "virtual:native:/r/foo.bb:do_install", "mc::/r/foo.bb:do_x", "mc:x", "mc:a:b", "nocolon", ""]


def test_runqueue_tid_helpers():
    assert_same(textwrap.dedent("""
        import bb.runqueue as rq
        from refcommon import outcome
        result = [[outcome(rq.fn_from_tid, t), outcome(rq.taskname_from_tid, t), outcome(rq.mc_from_tid, t),
                   outcome(rq.split_mc, t), outcome(rq.split_tid_mcfn, t), outcome(rq.split_tid, t)]
                  for t in payload]
        result.append([rq.build_tid('', '/f.bb', 'do_a'), rq.build_tid('m', '/f.bb', 'do_a')])
    """), TIDS)


def test_compress_round_trip():
    assert_same(textwrap.dedent("""
        import bb.compress.zstd, bb.compress.lz4
        from refcommon import outcome
        result = []
        text = 'line one\\nline two é\\n' * 100
        for mod, name in ((bb.compress.zstd, 'f.zst'), (bb.compress.lz4, 'f.lz4')):
            with mod.open(name, 'wt', encoding='utf-8') as f:
                f.write(text)
            with mod.open(name, 'rt', encoding='utf-8') as f:
                back = f.read()
            with mod.open(name, 'rb') as f:
                raw = f.read()
            result.append([back == text, raw == text.encode('utf-8')])
            with open(name, 'rb') as fobj:
                with mod.open(fobj, 'rb') as f:
                    result.append(f.read(8))
            result.append(outcome(mod.open, name, 'rb', encoding='utf-8'))
            result.append(outcome(mod.open, name, 'rtb'))
            result.append(outcome(mod.open, 3.5, 'rb'))
        with bb.compress.zstd.open('g.zst', 'wb', num_threads=2, compresslevel=9) as f:
            f.write(b'abc' * 1000)
        with bb.compress.zstd.open('g.zst', 'rb') as f:
            result.append(len(f.read()))
        open('bad.zst', 'wb').write(b'not zstd data')
        def read_bad():
            with bb.compress.zstd.open('bad.zst', 'rb') as f:
                return f.read()
        r = outcome(read_bad)
        result.append(r.get('error'))
    """))


def test_siggen_skeleton_names():
    assert_same(textwrap.dedent("""
        import bb.siggen
        result = [[c.__name__, c.name, [b.__name__ for b in c.__mro__]] for c in (
            bb.siggen.SignatureGenerator, bb.siggen.SignatureGeneratorBasic,
            bb.siggen.SignatureGeneratorBasicHash, bb.siggen.SignatureGeneratorTestEquivHash)]
        class Mine(bb.siggen.SignatureGeneratorUniHashMixIn, bb.siggen.SignatureGeneratorBasicHash):
            name = 'mine'
        result.append([b.__name__ for b in Mine.__mro__])
    """))
