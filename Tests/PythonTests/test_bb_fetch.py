"""Tests of the bb.fetch2 URL helpers (differential)."""

import textwrap

from bbref import assert_same

URLS = [
    "http://www.example.com/foo-1.0.tar.gz",
    "https://example.com:8080/path/to/file.tar.xz;name=src;sha256sum=abc",
    "git://github.com/openembedded/openembedded-core.git;protocol=https;branch=master",
    "git://git.yoctoproject.org/poky;branch=master;destsuffix=poky",
    "gitsm://github.com/foo/bar;protocol=https;nobranch=1",
    "file://0001-fix.patch",
    "file://0001-fix.patch;apply=no;striplevel=2",
    "file://subdir/file.conf",
    "file:///absolute/path/file.txt",
    "file://${WORKDIR}/x.patch",
    "file:relative.diff",
    "git:relative/path.git",
    "git:///absolute/path.git",
    "file:///a/b:c//d",
    "file://a//b",
    "ftp://user:secret@ftp.example.org/pub/file.tgz",
    "http://user@host/path",
    "http://user:pa:ss@host/path",
    "https://example.com/path%20with%20spaces/file%2Bplus.tar.gz",
    "https://example.com/a b/c",
    "https://example.com/download?version=1.0&format=tgz;downloadfilename=foo.tgz",
    "https://example.com/?a&b=;c=d",
    "http://Example.COM/CaseSensitivePath",
    "http://[::1]:8080/ipv6",
    "http://host:notaport/x",
    "npm://registry.npmjs.org/;package=foo;version=1.0",
    "crate://crates.io/glob/0.2.11",
    "s3://bucket/key/file",
    "svn://svn.example.com/repo;module=trunk;protocol=http",
    "az://account.blob.core.windows.net/container/file",
    "gs://bucket/object",
    "http://example.com",
    "http://example.com/",
    "http://example.com/foo#fragment",
    "http://example.com/;",
    "http://example.com/;;a=1;;b",
    "http://example.com/;a=1=2",
    "HTTP://EXAMPLE.COM/x",
    "foo",
    "/plain/path",
    "relative/path",
    "://nohost",
    "",
    "file://",
    "file:",
    "git://host:9418/repo.git;tag=v1.0",
    "https://github.com/foo/bar/archive/refs/tags/v${PV}.tar.gz;downloadfilename=${BP}.tar.gz",
    "ssh://git@github.com/foo/bar.git;protocol=ssh",
    "git://git@github.com:foo/bar.git;protocol=ssh",
    "p4://user:pw@host:1666/depot/path;module=x",
    "http://example.com/a?x=1#f;p=1",
]


def test_decodeurl_and_uri():
    assert_same(textwrap.dedent("""
        import bb.fetch2, bb.fetch
        from refcommon import outcome
        def uri_view(u):
            x = bb.fetch2.URI(u)
            return [x.scheme, x.userinfo, x.username, x.password, x.hostname, x.port, x.hostport,
                    x.path, x.path_quoted, list(x.params.items()), list(x.query.items()), x.relative, str(x)]
        result = [[outcome(bb.fetch2.decodeurl, u), outcome(lambda: list(bb.fetch.decodeurl(u)[5].items())),
                   outcome(uri_view, u)] for u in payload]
    """), URLS)


def test_encodeurl_and_round_trip():
    decoded = [
        ["http", "example.com", "/a/b", "", "", {}],
        ["http", "example.com", "//a//b///c", "", "", {"name": "x"}],
        ["file", "", "foo.patch", "", "", {"apply": "no"}],
        ["file", "host-ignored", "/abs/foo.patch", "user", "pw", {}],
        ["file", "", "", "", "", {}],
        ["git", "github.com", "/o/r.git", "git", "", {"protocol": "ssh", "branch": "main"}],
        ["https", "h:8080", "/p", "u", "p", {}],
        ["https", "h", "", "", "", {}],
        ["https", "h", "rel/path", "", "", {}],
        ["", "h", "/p", "", "", {}],
        [None, "h", "/p", "", "", {}],
        ["http", "h", "/p q", "", "", {"a": "b c"}],
        ["http", "", "/p", "user", "", {}],
        ["http", "h", "/p", "", "pw", {}],
    ]
    assert_same(textwrap.dedent("""
        import bb.fetch2
        from refcommon import outcome
        result = [outcome(bb.fetch2.encodeurl, tuple(t)) for t in payload['decoded']]
        def round_trip(u):
            return bb.fetch2.encodeurl(bb.fetch2.decodeurl(u))
        result += [outcome(round_trip, u) for u in payload['urls']]
        def setters():
            x = bb.fetch2.URI()
            out = [str(x)]
            x.scheme = 'https'; x.hostname = 'h'; x.path = 'rel'
            out.append([str(x), x.relative])
            x.path = '/abs'; x.username = 'me'
            out.append(str(x))
            x.password = 'pw'; x.port = 8443
            out.append([str(x), x.hostport])
            x.username = 'you'
            x.query = {'q': '1', 'flag': None}
            x.params = {'p': 'v'}
            out.append([str(x), x.userinfo])
            x.path_quoted = '/a%20b'
            out.append([x.path, str(x)])
            return out
        result.append(outcome(setters))
    """), {"decoded": decoded, "urls": URLS})


def test_decodemirrorurl_and_misc():
    mirrors = [
        "http://.*/.*", "https://downloads.yoctoproject.org/mirror/sources/",
        "git://.*/.*;protocol=https", "file:///some/local/dir/", "file://user@path/x",
        "ftp://user:pw@host/path;a=1;b=2", "http://host", "http://host/p;noequals",
        "notaurl", "://x", "http://u@h@host/p", "cvs://a.b/c;x=1;;",
        "http://host/a%20b",
    ]
    assert_same(textwrap.dedent("""
        import bb.fetch2
        from refcommon import outcome, FakeDataStore, MessageLog
        log = MessageLog()
        def dm(u):
            r = bb.fetch2.decodemirrorurl(u)
            return list(r[:5]) + [list(r[5].items())]
        result = [outcome(dm, u) for u in payload]
        result.append(outcome(bb.fetch2.mirror_from_string,
                              'git://.*/.* http://m/ \\\\n https://.*/.* http://m2/'))
        result.append(outcome(bb.fetch2.mirror_from_string, 'a b c'))
        result.append(outcome(bb.fetch2.mirror_from_string, None))
        d = FakeDataStore({'BB_SRCREV_POLICY': 'clear'})
        result.append([bb.fetch2.get_autorev(d), d.dump()])
        d = FakeDataStore({'BB_SRCREV_POLICY': 'cache'})
        result.append([bb.fetch2.get_autorev(d), d.dump()])
        origenv = FakeDataStore({'https_proxy': 'http://orig:1', 'PATH': '/orig'})
        d = FakeDataStore({'PATH': '/usr/bin', 'HOME': '', 'BB_ORIGENV': origenv, 'ftp_proxy': '${X}', 'X': 'x'})
        result.append(sorted(bb.fetch2.get_fetcher_environment(d).items()))
        result.append(bb.fetch2.FETCH_EXPORT_VARS)
        result.append([bb.fetch2.CHECKSUM_LIST, bb.fetch2.SHOWN_CHECKSUM_LIST])
        excs = [bb.fetch2.MalformedUrl('u'), bb.fetch2.MalformedUrl('u', 'custom'),
                bb.fetch2.FetchError('m'), bb.fetch2.FetchError('m', 'u'),
                bb.fetch2.ChecksumError('m', 'u', 'c'), bb.fetch2.NoChecksumError('m', 'u'),
                bb.fetch2.UnpackError('m', 'u'), bb.fetch2.NoMethodError('u'),
                bb.fetch2.MissingParameterError('p', 'u'), bb.fetch2.ParameterError('m', 'u'),
                bb.fetch2.NetworkAccess('u', 'cmd'), bb.fetch2.UntrustedUrl('u'),
                bb.fetch2.UntrustedUrl('u', 'msg')]
        result.append([[type(e).__name__, str(e), list(e.args), [c.__name__ for c in type(e).__mro__]]
                       for e in excs])
        result.append(log.messages)
    """), mirrors)


def test_decodemirrorurl_user_without_name():
    """BitBake fails with UnboundLocalError on "http://:pw@host/p"; bake keeps
    the user text as it is and reports no password."""
    import bb.fetch2
    assert bb.fetch2.decodemirrorurl("http://:pw@host/p")[:5] == ("http", "host", "/p", ":pw", "")
