import Foundation
import Testing

@testable import BakeExecutor

/// `FetchURL` against the real `bb.fetch2.decodeurl`, `encodeurl` and `decodemirrorurl`.
@Suite struct FetchURLTests {
    static let table: [String] = [
        "http://example.com/foo-1.0.tar.gz",
        "https://example.com:8080/dir/foo-1.0.tar.gz;name=foo;sha256sum=abc",
        "https://EXAMPLE.com:0080/a%20b/c.tgz",
        "https://user:pa:ss@example.com/path?q=1#frag;downloadfilename=x.tgz",
        "http://user@example.com",
        "http://example.com",
        "ftp://ftp.gnu.org/gnu/bash/bash-5.2.tar.gz;name=tarball",
        "file://foo.patch",
        "file://foo.patch;striplevel=2;patchdir=src",
        "file:///abs/path/file.txt",
        "file://dir/sub/file.txt;subdir=x",
        "file://dir/;unpack=0",
        "file:foo.diff",
        "FILE://Upper.patch",
        "file://a%20b.patch",
        "file://weird@name.patch",
        "git://git.example.com/repo.git;branch=main;protocol=https",
        "git://git.example.com/repo.git;nobranch=1;name=r;destsuffix=src/r",
        "git:///srv/git/repo.git;protocol=file;branch=master",
        "git:relative/repo.git;branch=x",
        "git://git@github.com/org/repo.git;protocol=ssh;branch=main",
        "gitsm://example.com/repo;branch=main",
        "https://example.com/a;;b=1;c",
        "https://example.com/a;k=v=w;k=2;novalue",
        "https://[::1]:8000/x.tar.gz",
        "https://example.com:abc/x",
        "https://example.com:99999/x",
        "https://[::1/x",
        "no-scheme/path;x=1",
        "1http://example.com/x",
        "s3://bucket/key/obj.tar.gz;downloadfilename=obj.tgz",
        "  http://example.com/lead-space",
        "http://example.com/unicode-é/ü.tar.gz",
        "http://example.com/bad%zzescape%4",
        "http://a@b@example.com/x",
    ]

    static let mirrorTable: [String] = [
        "http://.*/.*",
        "https?://.*/.*",
        "git://.*/.*;protocol=file",
        "file:///some/mirror/dir/",
        "http://mirror.example.com/sources/BASENAME",
        "git://host:8080/path;branch=main",
        "http://user:pw@host/p",
        "http://a@b@;x=1",
        "file://user@dir/x",
        "https://example.com/a;novalue",
        "nothing-here",
        "http://",
        "http://host/a%20b;p=1;q=2",
    ]

    struct OracleAnswer: Decodable {
        var decoded: [JSONValue]?
        var encoded: String?
        var error: String?
    }

    /// A JSON value: string, null, or an object of string/null (the parameter dictionary).
    enum JSONValue: Decodable, Equatable {
        case string(String)
        case null
        case object([String: String?])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .object(try container.decode([String: String?].self))
            }
        }
    }

    static let oracleScript = """
        import json, sys, types
        for name in ("hashserv", "hashserv.client"):
            sys.modules.setdefault(name, types.ModuleType(name))
        sys.modules["hashserv"].client = sys.modules["hashserv.client"]
        import bb.fetch2
        mode = sys.argv[1]
        for url in json.load(sys.stdin):
            try:
                if mode == "mirror":
                    parts = bb.fetch2.decodemirrorurl(url)
                else:
                    parts = bb.fetch2.decodeurl(url)
                out = {"decoded": [parts[0], parts[1], parts[2], parts[3], parts[4], dict(parts[5])]}
                try:
                    out["encoded"] = bb.fetch2.encodeurl(parts)
                except Exception as e:
                    out["encoded"] = None
            except Exception as e:
                out = {"error": str(e)}
            print(json.dumps(out))
        """

    static func oracle(_ urls: [String], mode: String) throws -> [OracleAnswer] {
        guard let python = FetchTestSupport.oraclePython else { return [] }
        let input = String(decoding: try JSONEncoder().encode(urls), as: UTF8.self)
        let output = try FetchTestSupport.run([python, "-c", oracleScript, mode], input: input)
        return try output.split(separator: "\n").map { try JSONDecoder().decode(OracleAnswer.self, from: Data($0.utf8)) }
    }

    static func compare(_ url: String, _ answer: OracleAnswer, mirror: Bool) {
        let mine: FetchURL
        do {
            mine = mirror ? try FetchURL(decodingMirror: url) : try FetchURL(decoding: url)
        } catch {
            #expect(answer.error != nil, "bake rejected \(url) (\(error)) but BitBake decoded it")
            return
        }
        guard let decoded = answer.decoded else {
            Issue.record("bake decoded \(url) but BitBake raised: \(answer.error ?? "?")")
            return
        }
        var parameters: [String: String?] = [:]
        for entry in mine.parameters { parameters[entry.key] = .some(entry.value) }
        let expected: [JSONValue] = [
            .string(mine.type), .string(mine.host), .string(mine.path), .string(mine.user), .string(mine.password),
            .object(parameters),
        ]
        #expect(decoded == expected, "decoding \(url)")
        if let encoded = answer.encoded, !mine.parameters.contains(where: { $0.value == nil }) {
            #expect(mine.encoded == encoded, "encoding \(url)")
        }
    }

    @Test(.enabled(if: FetchTestSupport.oraclePython != nil, "needs the BitBake oracle venv (scripts/setup.sh --with-oracle or BAKE_ORACLE_PYTHON)"))
    func decodeurlMatchesBitBake() throws {
        let answers = try Self.oracle(Self.table, mode: "url")
        #expect(answers.count == Self.table.count)
        for (url, answer) in zip(Self.table, answers) { Self.compare(url, answer, mirror: false) }
    }

    @Test(.enabled(if: FetchTestSupport.oraclePython != nil, "needs the BitBake oracle venv (scripts/setup.sh --with-oracle or BAKE_ORACLE_PYTHON)"))
    func decodemirrorurlMatchesBitBake() throws {
        let answers = try Self.oracle(Self.mirrorTable, mode: "mirror")
        #expect(answers.count == Self.mirrorTable.count)
        for (url, answer) in zip(Self.mirrorTable, answers) { Self.compare(url, answer, mirror: true) }
    }

    @Test func parametersKeepOrderAndLastValue() throws {
        let url = try FetchURL(decoding: "https://h/p;b=1;a=2;b=3;flag")
        #expect(url.parameters.keys == ["b", "a", "flag"])
        #expect(url.parameters["b"] == "3")
        #expect(url.parameters.contains("flag") && url.parameters["flag"] == nil)
    }

    @Test func encodeKeepsOldFileStyle() throws {
        #expect(FetchURL(type: "file", path: "foo.patch").encoded == "file://foo.patch")
        #expect(FetchURL(type: "git", host: "h", path: "/a//b").encoded == "git://h/a/b")
    }
}
