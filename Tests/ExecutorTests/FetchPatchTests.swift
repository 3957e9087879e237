import Foundation
import Testing

@testable import BakeExecutor

/// Applying SRC_URI patches with `patch`, as OE-core's do_patch (PatchTree) does.
@Suite struct FetchPatchTests {
    /// S with `hello.c` and `lib/util.c`; patches in a FILESPATH directory.
    final class Tree {
        let root: String
        var source: String { root + "/work/sources/pkg-1.0" }
        var files: String { root + "/files" }

        init(_ name: String = #function) throws {
            root = try FetchTestSupport.scratch(name)
            try FetchTestSupport.write("hello\nworld\n", to: source + "/hello.c")
            try FetchTestSupport.write("util\n", to: source + "/lib/util.c")
            try FetchTestSupport.write(
                "--- a/hello.c\n+++ b/hello.c\n@@ -1,2 +1,2 @@\n hello\n-world\n+patched world\n", to: files + "/fix.patch")
            try FetchTestSupport.write(
                "--- hello.c\n+++ hello.c\n@@ -1,2 +1,2 @@\n-hello\n+hi\n world\n", to: files + "/p0.diff")
            try FetchTestSupport.write(
                "--- a/util.c\n+++ b/util.c\n@@ -1 +1 @@\n-util\n+better util\n", to: files + "/lib.patch")
            try FetchTestSupport.write(
                "--- a/hello.c\n+++ b/hello.c\n@@ -1,2 +1,2 @@\n hello\n-not there\n+nope\n", to: files + "/broken.patch")
            try FetchTestSupport.write("--- a/hello.c\n+++ b/hello.c\n@@ -1 +1 @@\n-x\n+y\n", to: files + "/skipped.patch")
        }

        func fetcher(_ urls: [String]) throws -> Fetcher {
            try Fetcher(
                urls: urls,
                variable: FetchTestSupport.lookup([
                    "FILESPATH": files, "UNPACKDIR": root + "/work/sources", "S": source,
                ]))
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func patchesApplyInOrderWithTheirParameters() throws {
        let tree = try Tree()
        let fetcher = try tree.fetcher([
            "file://fix.patch", "file://p0.diff;striplevel=0", "file://lib.patch;patchdir=lib",
            "file://skipped.patch;apply=no", "file://notes.txt.in;apply=yes;pname=renamed",
        ])
        let specs = try fetcher.patches()
        #expect(specs.map(\.name) == ["fix.patch", "p0.diff", "lib.patch", "renamed"])
        #expect(specs.map(\.striplevel) == ["1", "0", "1", "1"])
        #expect(specs[2].patchdir == "lib")
        try FetchTestSupport.write("--- a/extra\n+++ b/extra\n@@ -0,0 +1 @@\n+new\n", to: tree.files + "/notes.txt.in")
        try fetcher.patch()
        #expect(try FetchTestSupport.read(tree.source + "/hello.c") == "hi\npatched world\n")
        #expect(try FetchTestSupport.read(tree.source + "/lib/util.c") == "better util\n")
        #expect(try FetchTestSupport.read(tree.source + "/extra") == "new\n")
        #expect(!FetchTestSupport.exists(tree.source + "/hello.c.orig"))
    }

    @Test func rejectedHunkFailsNamingThePatch() throws {
        let tree = try Tree()
        let fetcher = try tree.fetcher(["file://fix.patch", "file://broken.patch"])
        let error = #expect(throws: FetchError.self) { try fetcher.patch() }
        #expect(error?.code == .patchFailed)
        #expect(error?.message.contains("Applying patch '\(tree.files)/broken.patch' on target directory '\(tree.source)'") == true)
        #expect(error?.message.contains("Applying 'broken.patch' failed:") == true)
        #expect(error?.message.contains("FAILED") == true)
        // The dry run keeps the failing patch from touching the tree; the first one applied.
        #expect(try FetchTestSupport.read(tree.source + "/hello.c") == "hello\npatched world\n")
        #expect(!FetchTestSupport.exists(tree.source + "/hello.c.rej"))
    }

    @Test func missingPatchdirIsAClearError() throws {
        let tree = try Tree()
        let error = #expect(throws: FetchError.self) { try tree.fetcher(["file://lib.patch;patchdir=nowhere"]).patch() }
        #expect(error?.message.contains("Target directory '\(tree.source)/nowhere' not found, patchdir 'nowhere' is incorrect in patch file 'lib.patch'") == true)
    }

    @Test func compressedPatchIsTakenFromTheUnpackDirectory() throws {
        let tree = try Tree()
        try FetchTestSupport.run(["gzip", "-k", tree.files + "/fix.patch"])
        try FileManager.default.moveItem(atPath: tree.files + "/fix.patch.gz", toPath: tree.files + "/z.patch.gz")
        let fetcher = try tree.fetcher(["file://z.patch.gz"])
        #expect(try fetcher.patches().map(\.file) == [tree.root + "/work/sources/z.patch"])
        try fetcher.unpack()
        try fetcher.patch()
        #expect(try FetchTestSupport.read(tree.source + "/hello.c") == "hello\npatched world\n")
    }
}
