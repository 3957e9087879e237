import Foundation
import Testing

@testable import BakeExecutor

/// Mirror rewriting (`MirrorRewrite.replace`) against the real `bb.fetch2.uri_replace`.
@Suite struct FetchMirrorTests {
    static let rev = "0123456789abcdef0123456789abcdef01234567"

    /// (url, find, replace); the expected result comes from BitBake.
    static let table: [(String, String, String)] = [
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "http://.*/.*", "http://mirror.example.org/sources/"),
        ("https://www.example.com/dist/pkg-1.0.tar.gz", "https?://.*/.*", "file:///srv/mirror/"),
        ("https://www.example.com/dist/pkg-1.0.tar.gz", "http://.*/.*", "file:///srv/mirror/"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz;downloadfilename=p.tgz", "http://.*/.*", "http://m.org/"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "http://www.example.com/dist/(.*)", "http://m.org/all/\\1"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "http://.*/.*", "http://m.org/TYPE/HOST/BASENAME"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "http://.*/.*", "http://m.org/MIRRORNAME"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "ftp://.*/.*", "http://m.org/"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz;name=a", "http://.*/.*;name=a", "http://m.org/;extra=1"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz;name=a", "http://.*/.*;name=b", "http://m.org/"),
        ("http://www.example.com/dist/pkg-1.0.tar.gz", "http://.*/.*", "http://user:pw@m.org/x/"),
        ("git://git.example.com/group/repo.git;branch=main;protocol=https", "git://.*/.*", "http://m.org/git/"),
        ("git://git.example.com/group/repo.git;branch=main;protocol=https", "git://.*/.*", "git://m.org/git/BASENAME;protocol=file"),
        ("git://git.example.com/group/repo.git;branch=main", "git://git.example.com/.*", "git://m.org/MIRRORNAME"),
        ("git://git.example.com/group/repo.git;branch=main", "git://.*/.*", "file:///srv/git-mirror/"),
    ]

    @Test(.enabled(if: FetchTestSupport.oraclePython != nil, "needs the BitBake oracle venv (scripts/setup.sh --with-oracle or BAKE_ORACLE_PYTHON)"))
    func uriReplaceMatchesBitBake() throws {
        let dlDir = try FetchTestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: dlDir) }
        let script = """
            import json, sys, types
            for name in ("hashserv", "hashserv.client"):
                sys.modules.setdefault(name, types.ModuleType(name))
            sys.modules["hashserv"].client = sys.modules["hashserv.client"]
            import bb, bb.data, bb.fetch2
            d = bb.data.init()
            d.setVar("DL_DIR", sys.argv[1])
            d.setVar("SRCREV", sys.argv[2])
            for url, find, replace in json.load(sys.stdin):
                ud = bb.fetch2.FetchData(url, d)
                ud.setup_localpath(d)
                rep = {"TYPE": ud.type, "HOST": ud.host, "PATH": ud.path, "BASENAME": ud.path.split("/")[-1],
                       "MIRRORNAME": ud.host.replace(':','.') + ud.path.replace('/', '.').replace('*', '.')}
                out = []
                for tarball in (ud.mirrortarballs or [None]):
                    out.append(bb.fetch2.uri_replace(ud, find, replace, rep, d, tarball))
                print(json.dumps(out))
            """
        let input = String(decoding: try JSONEncoder().encode(Self.table.map { [$0.0, $0.1, $0.2] }), as: UTF8.self)
        let output = try FetchTestSupport.run(
            [FetchTestSupport.oraclePython!, "-c", script, dlDir, Self.rev], input: input)
        let answers = try output.split(separator: "\n").map {
            try JSONDecoder().decode([String?].self, from: Data($0.utf8))
        }
        #expect(answers.count == Self.table.count)
        let lookup = FetchTestSupport.lookup(["DL_DIR": dlDir, "SRCREV": Self.rev])
        for ((url, find, replace), expected) in zip(Self.table, answers) {
            let fetcher = try Fetcher(urls: [url], variable: lookup)
            let entry = fetcher.entries[0]
            let tarballs: [String?] = entry.mirrorTarballs.isEmpty ? [nil] : entry.mirrorTarballs
            let mine = try tarballs.map {
                try MirrorRewrite.replace(
                    entry, find: find, replace: replace, replacements: Fetcher.mirrorReplacements(entry.decoded), tarball: $0)
            }
            #expect(mine == expected, "\(url) with \(find) -> \(replace)")
        }
    }
}
