"""Tests of bb.event: handler registration and firing (differential)."""

import textwrap

from bbref import assert_same, run_bake

REGISTRY_SNIPPET = textwrap.dedent("""
    import bb, bb.event, bb.parse
    from refcommon import outcome, FakeDataStore, MessageLog
    log = MessageLog()
    d = FakeDataStore({'SEEN': ''})

    def record(tag):
        return "    d.setVar('SEEN', (d.getVar('SEEN') or '') + ' %s:' + bb.event.getName(e) + ':' + str(e.data is d))\\n" % tag

    result = []
    reg = lambda *a, **k: outcome(bb.event.register, *a, **k)
    result.append(reg('all_handler', record('all'), None, data=d))
    result.append(reg('star_handler', record('star'), ['*'], data=d))
    result.append(reg('parse_handler', record('parse'),
                      ['bb.event.RecipePreFinalise', 'bb.event.RecipeParsed'], data=d))
    result.append(reg('config_handler', record('config'), ['bb.event.ConfigParsed'], data=d))
    result.append(reg('config_handler', record('again'), ['bb.event.ConfigParsed'], data=d))
    result.append(reg('other_ds', record('other'), None, data=FakeDataStore()))
    result.append(reg('no_data', record('nodata'), None))
    result.append(reg('callable_handler', lambda e, dd: dd.setVar('CALLED', bb.event.getName(e)),
                      ['bb.event.BuildStarted'], data=d))
    result.append(reg('broken', '    def (:\\n', None, data=d))
    result.append(reg('none_handler', None, None, data=d))
    result.append(reg('lined', record('lined'), ['bb.build.TaskStarted'], '/x/foo.bbclass', 20, data=d))
    result.append(sorted(d.getVar('__BBHANDLERS_MC')))

    def fire(ev, data):
        r = outcome(bb.event.fire, ev, data)
        result.append([bb.event.getName(ev), r, data.getVar('SEEN') if data is not None else None,
                       hasattr(ev, 'data')])
        d.setVar('SEEN', '')

    fire(bb.event.ConfigParsed(), d)
    fire(bb.event.RecipePreFinalise('/r/foo.bb'), d)
    fire(bb.event.RecipeParsed('/r/foo.bb'), d)
    fire(bb.event.RecipeTaskPreProcess('/r/foo.bb', ['do_a']), d)
    fire(bb.event.BuildStarted('n', ['p']), d)
    result.append(d.getVar('CALLED'))
    fire(bb.event.BuildCompleted(1, 'n', ['p']), None)

    bb.event.remove('star_handler', None, d)
    result.append(outcome(bb.event.remove, 'never_registered', None))
    fire(bb.event.ConfigParsed(), d)

    # handler code can see the metadata globals and raise SkipRecipe
    bb.utils.get_context()['helper_from_context'] = lambda: 'ctx'
    result.append(reg('skipper', "    d.setVar('CTX', helper_from_context())\\n"
                                 "    raise bb.parse.SkipRecipe('skipped by handler')\\n",
                      ['bb.event.RecipePreFinalise'], data=d))
    ev = bb.event.RecipePreFinalise('/r/bar.bb')
    try:
        bb.event.fire(ev, d)
        result.append('no skip')
    except bb.parse.SkipRecipe as exc:
        result.append(['skip', str(exc), d.getVar('CTX'), hasattr(ev, 'data')])
    bb.event.remove('skipper', None, d)

    result.append(reg('failing', "    raise ValueError('handler failed')\\n", ['bb.event.ConfigParsed'], data=d))
    try:
        bb.event.fire(bb.event.ConfigParsed(), d)
        result.append('no error')
    except ValueError as exc:
        result.append(['ValueError', str(exc)])

    # Event classes defined by metadata Python (globals without __name__)
    scope = {}
    bb.utils.better_exec("class MetaEvent(bb.event.Event):\\n    pass\\n", scope)
    result.append(reg('meta_handler', record('meta'), ['MetaEvent', 'builtins.MetaEvent'], data=d))
    fire(scope['MetaEvent'](), d)
    bb.event.remove('meta_handler', None, d)

    mcd = FakeDataStore({'BB_CURRENT_MC': 'my-mc'})
    result.append(reg('mc_handler', record('mc'), None, data=mcd))
    result.append(sorted(mcd.getVar('__BBHANDLERS_MC')))
    result.append(sorted(n for n in bb.event.get_handlers()))
    bb.event.remove('mc_handler', None, mcd)
    result.append(sorted(mcd.getVar('__BBHANDLERS_MC')))
    result.append([[level, text.splitlines()[0]] for level, text in log.messages])
""")


def test_register_fire_remove():
    assert_same(REGISTRY_SNIPPET)


def test_event_classes():
    assert_same(textwrap.dedent("""
        import bb.event
        evs = [bb.event.ConfigParsed(), bb.event.MultiConfigParsed({'': 1}),
               bb.event.RecipePreDeferredInherits('/f.bb', ['a']), bb.event.RecipePreFinalise('/f.bb'),
               bb.event.RecipePostKeyExpansion('/f.bb'), bb.event.RecipeTaskPreProcess('/f.bb', ['t']),
               bb.event.RecipeParsed('/f.bb'), bb.event.BuildInit(), bb.event.BuildStarted('n', ['p'], 2),
               bb.event.BuildCompleted(3, 'n', ['p']), bb.event.BuildCompleted(3, 'n', ['p'], 1),
               bb.event.OperationProgress(1, 4, 'Doing'), bb.event.ParseStarted(9),
               bb.event.ParseCompleted(1, 2, 3, 4, 5, 6, 7), bb.event.ParseProgress(2, 9),
               bb.event.MetadataEvent('t', {'k': 1}), bb.event.SanityCheckFailed('bad', True),
               bb.event.HeartbeatEvent(5.0), bb.event.ProcessStarted('p', 3),
               bb.event.NoProvider('x', True, ['a', 'b']), bb.event.NoProvider('x', close_matches=['y', 'x2', 'y']),
               bb.event.NoProvider('x', reasons=['r1', 'r2']),
               bb.event.MultipleProviders('x', ['a', 'b'], True), bb.event.ParseError('m')]
        def attrs(e):
            return {k: v for k, v in sorted(vars(e).items())}
        result = [[bb.event.getName(e), attrs(e), str(e) if type(e).__str__ is not object.__str__ else None,
                   [c.__name__ for c in type(e).__mro__]] for e in evs]
        result.append([getattr(evs[8], n) for n in ('name', 'pkgs')] + [evs[8].getFailures()])
        result.append([bb.event.getName(bb.event.ConfigParsed), bb.event.Registered, bb.event.AlreadyRegistered])
        result.append(type(evs[0]).__module__ + '.' + type(evs[0]).__qualname__)
    """))


def test_ui_sink_receives_events():
    result = run_bake(textwrap.dedent("""
        import bb, bb.event
        seen = []
        bb.event._ui_sink = lambda e: seen.append(bb.event.getName(e))
        bb.event.fire(bb.event.ConfigParsed(), None)
        result = seen
    """))
    assert result == ["ConfigParsed"]
