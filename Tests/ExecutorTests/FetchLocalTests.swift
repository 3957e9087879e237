import Foundation
import Testing

@testable import BakeExecutor

/// `file://` entries: FILESPATH search, file-checksums, missing files; `.done` stamp format.
@Suite struct FetchLocalTests {
    /// A FILESPATH of three directories; files placed in the second and third.
    static func layout() throws -> (root: String, filespath: String) {
        let root = try FetchTestSupport.scratch()
        try FetchTestSupport.write("second\n", to: root + "/b/fix.patch")
        try FetchTestSupport.write("third\n", to: root + "/c/fix.patch")
        try FetchTestSupport.write("conf\n", to: root + "/c/defaults.conf")
        try FetchTestSupport.write("one\n", to: root + "/b/dir/one.txt")
        try FetchTestSupport.write("two\n", to: root + "/b/dir/sub/two.txt")
        try FetchTestSupport.write("ignored\n", to: root + "/b/dir/.git/HEAD")
        return (root, "\(root)/a:\(root)/b:\(root)/c")
    }

    @Test func firstFilespathMatchWins() throws {
        let (root, filespath) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fetcher = try Fetcher(
            urls: ["file://fix.patch", "file://defaults.conf"],
            variable: FetchTestSupport.lookup(["FILESPATH": filespath]))
        #expect(fetcher.localPaths == [root + "/b/fix.patch", root + "/c/defaults.conf"])
        try fetcher.fetch()
        let candidates = try fetcher.fileChecksumCandidates().map(\.flagText)
        #expect(
            candidates == [
                "\(root)/a/fix.patch:False", "\(root)/b/fix.patch:True", "\(root)/a/defaults.conf:False",
                "\(root)/b/defaults.conf:False", "\(root)/c/defaults.conf:True",
            ])
    }

    @Test func missingFileNamesTheSearchedPaths() throws {
        let (root, filespath) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fetcher = try Fetcher(
            urls: ["file://nowhere.patch"], variable: FetchTestSupport.lookup(["FILESPATH": filespath, "PN": "demo"]))
        let error = #expect(throws: FetchError.self) { try fetcher.fetch() }
        #expect(error?.code == .missingFile)
        #expect(error?.message.contains("\(root)/c") == true)
        let checksumError = #expect(throws: FetchError.self) { try fetcher.fileChecksums() }
        #expect(checksumError?.message.contains("Unable to get checksum for demo SRC_URI entry nowhere.patch") == true)
        #expect(checksumError?.message.contains("\(root)/c/nowhere.patch") == true)
    }

    @Test func globbingIsRefused() {
        let error = #expect(throws: FetchError.self) {
            try Fetcher(urls: ["file://*.patch"], variable: FetchTestSupport.lookup(["FILESPATH": "/tmp"]))
        }
        #expect(error?.message.contains("globbing are no longer supported") == true)
    }

    @Test(.enabled(if: FetchTestSupport.oraclePython != nil, "needs the BitBake oracle venv (scripts/setup.sh --with-oracle or BAKE_ORACLE_PYTHON)"))
    func fileChecksumsMatchBitBake() throws {
        let (root, filespath) = try Self.layout()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let srcURI = "file://fix.patch file://dir file://defaults.conf;subdir=x"
        let fetcher = try Fetcher(variable: FetchTestSupport.lookup(["SRC_URI": srcURI, "FILESPATH": filespath]))
        let script = """
            import sys, types, json
            for name in ("hashserv", "hashserv.client"):
                sys.modules.setdefault(name, types.ModuleType(name))
            sys.modules["hashserv"].client = sys.modules["hashserv.client"]
            import bb, bb.data, bb.fetch2
            d = bb.data.init()
            d.setVar("SRC_URI", sys.argv[1])
            d.setVar("FILESPATH", sys.argv[2])
            d.setVar("PN", "demo")
            lst = bb.fetch2.get_checksum_file_list(d)
            sums = bb.fetch2.get_file_checksums(lst, "demo", "CVS .bzr .git .hg .osc .p4 .repo .svn".split())
            print(json.dumps({"list": lst, "checksums": sums}))
            """
        let output = try FetchTestSupport.run([FetchTestSupport.oraclePython!, "-c", script, srcURI, filespath])
        struct Answer: Decodable {
            var list: String
            var checksums: [[String]]
        }
        let answer = try JSONDecoder().decode(Answer.self, from: Data(output.utf8))
        #expect(try fetcher.fileChecksumCandidates().map(\.flagText).joined(separator: " ") == answer.list)
        let mine = try fetcher.fileChecksums()
        #expect(mine.map { [$0.path, $0.md5] } == answer.checksums)
        #expect(mine.count == 4)
        for item in mine {
            #expect(item.sha256 == (try FetchTestSupport.sha256(item.path)))
        }
    }

    @Test func doneStampIsPythonsPickle() throws {
        let checksums = ["md5": "0123", "sha256": "abcd", "sha1": "ff", "goh1": "11", "sha384": "22", "sha512": "33"]
        let bytes = DoneStamp.encode(checksums)
        #expect(DoneStamp.decode(bytes) == checksums)
        #expect(DoneStamp.decode([]) == nil)
        #expect(DoneStamp.decode(DoneStamp.encode([:])) == [:])
        #expect(DoneStamp.decode(DoneStamp.encode(["sha256": "x"])) == ["sha256": "x"])
        // Python writes the same bytes for the same dictionary (insertion order as BitBake's).
        let script = """
            import pickle, sys
            d = {}
            for id in ["goh1", "md5", "sha256", "sha1", "sha384", "sha512"]:
                d[id] = {"md5": "0123", "sha256": "abcd", "sha1": "ff", "goh1": "11", "sha384": "22", "sha512": "33"}[id]
            sys.stdout.write(pickle.dumps(d, 2).hex() + " " + pickle.dumps({}, 2).hex() + " " + pickle.dumps({"sha256": "x"}, 2).hex())
            """
        let expected = try FetchTestSupport.run(["/usr/bin/python3", "-c", script]).split(separator: " ").map(String.init)
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(bytes) == expected[0])
        #expect(hex(DoneStamp.encode([:])) == expected[1])
        #expect(hex(DoneStamp.encode(["sha256": "x"])) == expected[2])
    }
}
