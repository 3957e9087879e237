import Foundation
import Testing

@testable import BakeExecutor

/// Unpacking archives and files made here with tar, zip, gzip and zstd.
@Suite struct FetchUnpackTests {
    /// A FILESPATH directory holding `archive/pkg-1.0/{README,src/main.c}` packed every way.
    static func archives() throws -> String {
        let root = try FetchTestSupport.scratch()
        let files = root + "/files"
        try FetchTestSupport.write("readme\n", to: root + "/tree/pkg-1.0/README")
        try FetchTestSupport.write("int main;\n", to: root + "/tree/pkg-1.0/src/main.c")
        let tree = root + "/tree"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try FetchTestSupport.run(["tar", "-czf", files + "/pkg.tar.gz", "pkg-1.0"], in: tree)
        try FetchTestSupport.run(["tar", "-cjf", files + "/pkg.tar.bz2", "pkg-1.0"], in: tree)
        try FetchTestSupport.run(["tar", "-cJf", files + "/pkg.tar.xz", "pkg-1.0"], in: tree)
        try FetchTestSupport.run(["tar", "-cf", files + "/pkg.tar", "pkg-1.0"], in: tree)
        try FetchTestSupport.run(["sh", "-c", "tar -cf - pkg-1.0 | zstd -q -o \(files)/pkg.tar.zst"], in: tree)
        try FetchTestSupport.run(["zip", "-q", "-r", files + "/pkg.zip", "pkg-1.0"], in: tree)
        try FetchTestSupport.write("plain\n", to: files + "/notes.txt")
        try FetchTestSupport.run(["sh", "-c", "printf 'single\\n' | gzip > \(files)/single.txt.gz"])
        try FetchTestSupport.write("nested\n", to: files + "/conf/sub/app.conf")
        return root
    }

    static func unpack(_ urls: [String], root: String) throws -> String {
        let unpackDir = root + "/work/sources"
        let fetcher = try Fetcher(
            urls: urls, variable: FetchTestSupport.lookup(["FILESPATH": root + "/files", "UNPACKDIR": unpackDir]))
        try fetcher.fetch()
        try fetcher.unpack()
        return unpackDir
    }

    @Test(arguments: ["pkg.tar.gz", "pkg.tar.bz2", "pkg.tar.xz", "pkg.tar.zst", "pkg.tar", "pkg.zip"])
    func archiveFormats(_ name: String) throws {
        let root = try Self.archives()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.unpack(["file://\(name)"], root: root)
        #expect(try FetchTestSupport.read(dir + "/pkg-1.0/README") == "readme\n")
        #expect(try FetchTestSupport.read(dir + "/pkg-1.0/src/main.c") == "int main;\n")
        #expect(!FetchTestSupport.exists(dir + "/" + name))
    }

    @Test func plainFilesAndSingleCompressedFiles() throws {
        let root = try Self.archives()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.unpack(["file://notes.txt", "file://single.txt.gz", "file://conf/sub/app.conf"], root: root)
        #expect(try FetchTestSupport.read(dir + "/notes.txt") == "plain\n")
        #expect(try FetchTestSupport.read(dir + "/single.txt") == "single\n")
        // A file:// entry keeps its relative directories under the unpack directory.
        #expect(try FetchTestSupport.read(dir + "/conf/sub/app.conf") == "nested\n")
    }

    @Test func subdirUnpackZeroAndStriplevel() throws {
        let root = try Self.archives()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = try Self.unpack(
            ["file://pkg.tar.gz;subdir=deps", "file://pkg.tar.xz;unpack=0", "file://pkg.zip;unpack=no;subdir=keep",
             "file://pkg.tar.bz2;striplevel=1;subdir=flat"],
            root: root)
        #expect(try FetchTestSupport.read(dir + "/deps/pkg-1.0/README") == "readme\n")
        #expect(FetchTestSupport.exists(dir + "/pkg.tar.xz"))
        #expect(!FetchTestSupport.exists(dir + "/pkg-1.0"))
        #expect(FetchTestSupport.exists(dir + "/keep/pkg.zip"))
        #expect(try FetchTestSupport.read(dir + "/flat/src/main.c") == "int main;\n")
    }

    @Test func badInputIsAClearError() throws {
        let root = try Self.archives()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let badUnpack = #expect(throws: FetchError.self) { try Self.unpack(["file://notes.txt;unpack=maybe"], root: root) }
        #expect(badUnpack?.message.contains("Invalid value for 'unpack' parameter") == true)
        try FetchTestSupport.write("not an archive", to: root + "/files/broken.tar.gz")
        let broken = #expect(throws: FetchError.self) { try Self.unpack(["file://broken.tar.gz"], root: root) }
        #expect(broken?.code == .unpackFailed)
        #expect(broken?.message.hasPrefix("Unpack failure for URL: 'file://broken.tar.gz'. Unpack command tar") == true)
        let outside = #expect(throws: FetchError.self) { try Self.unpack(["file://notes.txt;subdir=/etc"], root: root) }
        #expect(outside?.message.contains("subdir argument isn't a subdirectory of unpack root") == true)
    }

    @Test func httpDownloadUnpacksFromDLDir() throws {
        let root = try Self.archives()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let server = try LoopbackHTTPServer(root: root + "/files")
        let sha = try FetchTestSupport.sha256(root + "/files/pkg.tar.gz")
        let unpackDir = root + "/work/sources"
        let fetcher = try Fetcher(
            urls: [server.base + "/pkg.tar.gz"],
            variable: FetchTestSupport.lookup(["DL_DIR": root + "/dl", "UNPACKDIR": unpackDir]),
            flag: { _, flag in flag == "sha256sum" ? sha : nil })
        try fetcher.fetch()
        try fetcher.unpack()
        #expect(try FetchTestSupport.read(unpackDir + "/pkg-1.0/README") == "readme\n")
    }
}
