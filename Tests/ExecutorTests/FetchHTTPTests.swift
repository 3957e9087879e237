import Foundation
import Testing

@testable import BakeExecutor

/// http:// downloads from a loopback server started here: checksums, stamps, mirrors, no-network.
@Suite(.serialized) struct FetchHTTPTests {
    /// A served tree with `upstream/`, `premirror/` and `mirror/` folders, and an empty DL_DIR.
    final class Setup {
        let root: String
        let server: LoopbackHTTPServer
        let dlDir: String
        let payload = "hello from upstream\n"
        let payloadSHA: String

        init(_ name: String = #function) throws {
            root = try FetchTestSupport.scratch(name)
            try FetchTestSupport.write(payload, to: root + "/www/upstream/pkg-1.0.tar.gz")
            payloadSHA = try FetchTestSupport.sha256(root + "/www/upstream/pkg-1.0.tar.gz")
            try FileManager.default.createDirectory(atPath: root + "/www/premirror", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: root + "/www/mirror", withIntermediateDirectories: true)
            dlDir = root + "/downloads"
            server = try LoopbackHTTPServer(root: root + "/www")
        }

        var url: String { server.base + "/upstream/pkg-1.0.tar.gz" }

        func fetcher(_ extra: [String: String] = [:], checksum: String? = nil, url: String? = nil) throws -> Fetcher {
            var values = ["DL_DIR": dlDir, "PN": "pkg"]
            values.merge(extra) { $1 }
            let sha = checksum ?? payloadSHA
            return try Fetcher(
                urls: [url ?? self.url], variable: FetchTestSupport.lookup(values),
                flag: { name, flag in name == "SRC_URI" && (flag == "sha256sum" || flag == "pkg.sha256sum") ? sha : nil })
        }

        /// DL_DIR's entries, lock files aside.
        func downloads() throws -> [String] {
            guard FetchTestSupport.exists(dlDir) else { return [] }
            return try FileManager.default.contentsOfDirectory(atPath: dlDir).filter { !$0.hasSuffix(".lock") }.sorted()
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func checksumMatchWritesFileAndStamp() throws {
        let setup = try Setup()
        try setup.fetcher().fetch()
        #expect(try setup.downloads() == ["pkg-1.0.tar.gz", "pkg-1.0.tar.gz.done"])
        #expect(try FetchTestSupport.read(setup.dlDir + "/pkg-1.0.tar.gz") == setup.payload)
        // The stamp is a pickle BitBake can load, holding the file's checksums.
        let stamp = try FetchTestSupport.run([
            "/usr/bin/python3", "-c", "import pickle,sys; d=pickle.load(open(sys.argv[1],'rb')); print(d['sha256'], d['md5'], len(d))",
            setup.dlDir + "/pkg-1.0.tar.gz.done",
        ])
        let md5 = String(try FetchTestSupport.run(["md5sum", setup.dlDir + "/pkg-1.0.tar.gz"]).prefix(32))
        #expect(stamp == "\(setup.payloadSHA) \(md5) 6\n")
    }

    @Test func namedChecksumIsUsed() throws {
        let setup = try Setup()
        let bad = String(repeating: "0", count: 64)
        let good = setup.payloadSHA
        // With ;name=pkg only SRC_URI[pkg.sha256sum] counts; the plain flag is not consulted.
        let fetcher = try Fetcher(
            urls: [setup.url + ";name=pkg"], variable: FetchTestSupport.lookup(["DL_DIR": setup.dlDir]),
            flag: { _, flag in flag == "pkg.sha256sum" ? good : flag == "sha256sum" ? bad : nil })
        try fetcher.fetch()
        #expect(try setup.downloads() == ["pkg-1.0.tar.gz", "pkg-1.0.tar.gz.done"])
    }

    @Test func checksumMismatchLeavesNothing() throws {
        let setup = try Setup()
        let bad = String(repeating: "a", count: 64)
        let error = #expect(throws: FetchError.self) { try setup.fetcher(checksum: bad).fetch() }
        #expect(error?.code == .checksumMismatch)
        #expect(error?.message.contains("Unable to fetch URL from any source.") == true)
        #expect(error?.message.contains("has sha256 checksum '\(setup.payloadSHA)' when '\(bad)' was expected") == true)
        #expect(try setup.downloads() == [])
    }

    @Test func doneStampPreventsRefetch() throws {
        let setup = try Setup()
        try setup.fetcher().fetch()
        try setup.fetcher().fetch()
        let gets = try setup.server.requests().filter { $0.path.hasSuffix("pkg-1.0.tar.gz") }
        #expect(gets.count == 1)
        // Without the file the stamp is stale: it is dropped and the file fetched again.
        try FileManager.default.removeItem(atPath: setup.dlDir + "/pkg-1.0.tar.gz")
        try setup.fetcher().fetch()
        #expect(try setup.server.requests().filter { $0.path.hasSuffix("pkg-1.0.tar.gz") }.count == 2)
    }

    @Test func premirrorIsTriedFirst() throws {
        let setup = try Setup()
        try FetchTestSupport.write(setup.payload, to: setup.root + "/www/premirror/pkg-1.0.tar.gz")
        let premirrors = "http://.*/.* \(setup.server.base)/premirror/ \\n"
        try setup.fetcher(["PREMIRRORS": premirrors]).fetch()
        #expect(try setup.server.requests().map(\.path) == ["/premirror/pkg-1.0.tar.gz"])
        #expect(try setup.downloads() == ["pkg-1.0.tar.gz", "pkg-1.0.tar.gz.done"])
    }

    @Test func fallsBackPremirrorUpstreamMirror() throws {
        let setup = try Setup()
        try FileManager.default.removeItem(atPath: setup.root + "/www/upstream/pkg-1.0.tar.gz")
        try FetchTestSupport.write(setup.payload, to: setup.root + "/www/mirror/pkg-1.0.tar.gz")
        let values = [
            "PREMIRRORS": "http://.*/.* \(setup.server.base)/premirror/",
            "MIRRORS": "https?://.*/.* \(setup.server.base)/nothing/ \\n http://.*/.* \(setup.server.base)/mirror/",
        ]
        try setup.fetcher(values).fetch()
        let requests = try setup.server.requests()
        #expect(
            requests.map(\.path) == [
                "/premirror/pkg-1.0.tar.gz", "/upstream/pkg-1.0.tar.gz", "/nothing/pkg-1.0.tar.gz", "/mirror/pkg-1.0.tar.gz",
            ])
        #expect(requests.map(\.status) == [404, 404, 404, 200])
        #expect(try FetchTestSupport.read(setup.dlDir + "/pkg-1.0.tar.gz") == setup.payload)
    }

    @Test func badPremirrorFallsBackToUpstream() throws {
        let setup = try Setup()
        try FetchTestSupport.write("corrupted\n", to: setup.root + "/www/premirror/pkg-1.0.tar.gz")
        try setup.fetcher(["PREMIRRORS": "http://.*/.* \(setup.server.base)/premirror/"]).fetch()
        #expect(try setup.server.requests().map(\.path) == ["/premirror/pkg-1.0.tar.gz", "/upstream/pkg-1.0.tar.gz"])
        #expect(try FetchTestSupport.read(setup.dlDir + "/pkg-1.0.tar.gz") == setup.payload)
    }

    @Test func everySourceFailing() throws {
        let setup = try Setup()
        let missing = setup.server.base + "/upstream/absent-2.0.tar.gz"
        let error = #expect(throws: FetchError.self) {
            try setup.fetcher(["MIRRORS": "http://.*/.* \(setup.server.base)/mirror/"], url: missing).fetch()
        }
        #expect(error?.code == .fetchFailed)
        #expect(error?.message.contains("Fetcher failure for URL: '\(missing)'. Unable to fetch URL from any source.") == true)
        #expect(error?.message.contains("404") == true)
        #expect(try setup.downloads() == [])
    }

    @Test func noNetworkRefusesHTTP() throws {
        let setup = try Setup()
        let error = #expect(throws: FetchError.self) { try setup.fetcher(["BB_NO_NETWORK": "1"]).fetch() }
        #expect(error?.code == .networkAccess)
        #expect(
            error?.message.hasPrefix(
                "Network access disabled through BB_NO_NETWORK (or set indirectly due to use of BB_FETCH_PREMIRRORONLY) but access requested with command curl"
            ) == true)
        #expect(error?.message.hasSuffix("(for url \(setup.url))") == true)
        #expect(try setup.server.requests().isEmpty)
        #expect(try setup.downloads() == [])
    }

    @Test func noNetworkStillUsesLocalPremirror() throws {
        let setup = try Setup()
        try FetchTestSupport.write(setup.payload, to: setup.root + "/local-mirror/pkg-1.0.tar.gz")
        let values = ["BB_NO_NETWORK": "1", "PREMIRRORS": "https?://.*/.* file://\(setup.root)/local-mirror/"]
        try setup.fetcher(values).fetch()
        #expect(try setup.server.requests().isEmpty)
        // The download is a link to the mirror's file, verified and stamped.
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: setup.dlDir + "/pkg-1.0.tar.gz")
        #expect(link == setup.root + "/local-mirror/pkg-1.0.tar.gz")
        #expect(FetchTestSupport.exists(setup.dlDir + "/pkg-1.0.tar.gz.done"))
    }

    @Test func mirrorRewriteMatchesBitBakeShapes() throws {
        let setup = try Setup()
        let fetcher = try setup.fetcher()
        let entry = fetcher.entries[0]
        let replacements = [("TYPE", "http"), ("HOST", "127.0.0.1"), ("PATH", "/upstream/pkg-1.0.tar.gz"), ("BASENAME", "pkg-1.0.tar.gz"), ("MIRRORNAME", "x")]
        #expect(
            try MirrorRewrite.replace(
                entry, find: "http://.*/.*", replace: "http://m.example.com/sources/", replacements: replacements, tarball: nil)
                == "http://m.example.com/sources/pkg-1.0.tar.gz")
        #expect(
            try MirrorRewrite.replace(
                entry, find: "http://127\\.0\\.0\\.1:\\d+/upstream/(.*)", replace: "http://m.example.com/all/\\1",
                replacements: replacements, tarball: nil) == "http://m.example.com/all/pkg-1.0.tar.gz")
        #expect(
            try MirrorRewrite.replace(
                entry, find: "ftp://.*/.*", replace: "http://m/", replacements: replacements, tarball: nil) == nil)
        #expect(
            try MirrorRewrite.replace(
                entry, find: "http://.*/.*", replace: "http://m/TYPE/BASENAME", replacements: replacements, tarball: nil)
                == "http://m/http/pkg-1.0.tar.gz")
    }
}
