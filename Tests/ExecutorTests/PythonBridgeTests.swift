import BakeRecipeParser
import Foundation
import Testing

@testable import BakeExecutor

/// What a Python task reaches through BitBake's API: `bb.fetch2.Fetch(...).download()` and
/// `.unpack(root)` run bake's fetcher on the task's `d`; `bb.build.exec_func` runs Python and
/// shell functions with their `[dirs]`, `[cleandirs]` and exports.
///
/// Serialized: the embedded interpreter is one per process, and this is the only suite of
/// this test target that runs Python.
@Suite(.serialized) struct PythonBridgeTests {
    let python: PythonInterpreter

    init() throws {
        python = try PythonInterpreter.shared()
        Fetcher.provide(to: python)
        ShellTask.provideExecFunc(to: python)
    }

    /// Runs `body` (indented Python) as a function of `store`, as a task's Python runs.
    func run(_ body: String, on store: DataStore) throws {
        let name = "bridge_test_\(UUID().uuidString.prefix(8))"
        try python.insertMethod("def \(name)(d):\n" + body, name: name, file: "test.bb", line: 0)
        try python.runFunctions([name], store: store)
    }

    func recipe(_ root: String) throws -> DataStore {
        let store = DataStore()
        for (name, value) in ["FILESPATH": root + "/files", "DL_DIR": root + "/downloads", "UNPACKDIR": root + "/sources",
                              "T": root + "/temp", "B": root + "/build", "PN": "demo"] {
            try store.setVar(name, .string(value))
        }
        return store
    }

    /// A metadata function `name` with `body` and its flags (`func` set, `python` if asked).
    func define(_ name: String, _ body: String, in store: DataStore, python: Bool = false,
                flags: [String: String] = [:]) throws {
        try store.setVar(name, .string(body))
        try store.setVarFlag(name, "func", .string("1"))
        if python { try store.setVarFlag(name, "python", .string("1")) }
        for (flag, value) in flags { try store.setVarFlag(name, flag, .string(value)) }
    }

    @Test func downloadAndUnpackRunTheFetcherOnTheTasksData() throws {
        let root = try FetchTestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FetchTestSupport.write("int main;\n", to: root + "/tree/pkg-1.0/main.c")
        try FileManager.default.createDirectory(atPath: root + "/files", withIntermediateDirectories: true)
        try FetchTestSupport.run(["tar", "-czf", root + "/files/pkg-1.0.tar.gz", "pkg-1.0"], in: root + "/tree")
        try FetchTestSupport.write("x=1\n", to: root + "/files/conf/app.conf")
        let store = try recipe(root)
        try store.setVar("SRC_URI", .string("file://pkg-1.0.tar.gz file://conf/app.conf;subdir=extra"))

        try run("""
                fetcher = bb.fetch2.Fetch(d.getVar("SRC_URI").split(), d)
                fetcher.download()
                fetcher.unpack(d.getVar("UNPACKDIR"))
            """, on: store)

        #expect(FileManager.default.contents(atPath: root + "/sources/pkg-1.0/main.c") == Data("int main;\n".utf8))
        #expect(FileManager.default.contents(atPath: root + "/sources/extra/conf/app.conf") == Data("x=1\n".utf8))
    }

    @Test func fetchFailuresAreBitBakesExceptions() throws {
        let root = try FetchTestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FetchTestSupport.write("not a tarball\n", to: root + "/files/broken.tar.gz")
        let store = try recipe(root)

        try run("""
                for url, step in (("file://missing.c", "download"), ("file://broken.tar.gz", "unpack")):
                    fetcher = bb.fetch2.Fetch([url], d)
                    try:
                        fetcher.download()
                        if step == "unpack":
                            fetcher.unpack(d.getVar("UNPACKDIR"))
                        d.setVar("RESULT_" + step, "no error")
                    except bb.fetch2.BBFetchException as error:
                        d.setVar("RESULT_" + step, "%s: %s" % (type(error).__name__, error))
            """, on: store)

        let download = try #require(try store.getVar("RESULT_download")?.stringValue)
        let unpack = try #require(try store.getVar("RESULT_unpack")?.stringValue)
        #expect(download.hasPrefix("FetchError: Fetcher failure for URL: 'file://missing.c'. Unable to fetch URL from any source."))
        #expect(unpack.hasPrefix("UnpackError: Unpack failure for URL: 'file://broken.tar.gz'"))
    }

    @Test func execFuncRunsShellFunctionsWithTheirDirsAndExports() throws {
        let root = try FetchTestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try recipe(root)
        try store.setVar("GREETING", .string("hello from ${PN}"))
        try store.setVarFlag("GREETING", "export", .string("1"))
        try define("write_it", "\techo \"$GREETING\" > out.txt\n\tlist_it\n", in: store,
                   flags: ["dirs": "${B}/a ${B}/b", "cleandirs": "${B}/stale"])
        try define("list_it", "\tls > listing.txt\n", in: store)
        try FetchTestSupport.write("old\n", to: root + "/build/stale/old.txt")

        try run("    bb.build.exec_func('write_it', d)\n", on: store)

        // The last of [dirs] is the working directory; [cleandirs] was emptied.
        #expect(FileManager.default.contents(atPath: root + "/build/b/out.txt") == Data("hello from demo\n".utf8))
        #expect(FileManager.default.contents(atPath: root + "/build/b/listing.txt") == Data("listing.txt\nout.txt\n".utf8))
        #expect(FileManager.default.fileExists(atPath: root + "/build/a"))
        #expect(!FileManager.default.fileExists(atPath: root + "/build/stale/old.txt"))
        let runFiles = try FileManager.default.contentsOfDirectory(atPath: root + "/temp")
        #expect(runFiles.contains { $0.hasPrefix("run.write_it.") })
    }

    @Test func execFuncCallsPythonFunctionsAndStopsOnAFailingShellFunction() throws {
        let root = try FetchTestSupport.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try recipe(root)
        try define("set_it", "    d.setVar('SEEN', os.getcwd())\n", in: store, python: true, flags: ["dirs": "${B}"])
        try define("fail_it", "\tfalse\n\techo not reached\n", in: store)

        try run("""
                bb.build.exec_func('set_it', d)
                try:
                    bb.build.exec_func('fail_it', d)
                    d.setVar('FAILED', 'no')
                except bb.BBHandledException:
                    d.setVar('FAILED', 'yes')
            """, on: store)

        #expect(try store.getVar("SEEN")?.stringValue == root + "/build")
        #expect(try store.getVar("FAILED")?.stringValue == "yes")
    }
}
