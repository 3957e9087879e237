import BakeRecipeParser
import Foundation
import Testing

@testable import BakeExecutor

@Suite struct ShellTaskDataStoreTests {
    func recipe(temp: String, build: String) throws -> DataStore {
        let store = DataStore()
        try store.setVar("OVERRIDES", .string("linux"))
        try store.setVar("PF", .string("demo-1.0-r0"))
        try store.setVar("T", .string(temp))
        try store.setVar("B", .string(build))
        try store.setVar("do_compile", .string("\techo building in ${B}\n\tmyhelper\n"))
        try store.setVarFlag("do_compile", "func", .string("1"))
        try store.setVarFlag("do_compile", "dirs", .string("${B}"))
        try store.setVarFlag("do_compile", "cleandirs", .string("${B}/out"))
        try store.setVarFlag("do_compile", "umask", .string("027"))
        try store.setVarFlag("do_compile", "lockfiles", .string("${T}/compile.lock"))
        try store.setVarFlag("do_compile", "prefuncs", .string("python_prefunc shell_prefunc"))
        try store.setVarFlag("do_compile", "network", .string("1"))
        try store.setVar("myhelper", .string("echo helper CFLAGS=$CFLAGS"))
        try store.setVarFlag("myhelper", "func", .string("1"))
        try store.setVar("shell_prefunc", .string("echo pre"))
        try store.setVarFlag("shell_prefunc", "func", .string("1"))
        try store.setVar("python_prefunc", .string("bb.note('x')"))
        try store.setVarFlag("python_prefunc", "func", .string("1"))
        try store.setVarFlag("python_prefunc", "python", .string("1"))
        try store.setVar("CFLAGS", .string("-O2"))
        try store.setVar("CFLAGS:task-compile", .string("-O0"))
        try store.setVarFlag("CFLAGS", "export", .string("1"))
        try store.setVar("MAKEFLAGS", .string("-j9"))
        try store.setVarFlag("MAKEFLAGS", "unexport", .string("1"))
        try store.setVar("NOT_EXPORTED", .string("x"))
        return store
    }

    @Test func readsTheTaskAsBitBakeWould() async throws {
        let directory = try TemporaryDirectory()
        let temp = directory.path + "/temp"
        let build = directory.path + "/build"
        let task = try ShellTask(store: recipe(temp: temp, build: build), task: "do_compile", functions: ["myhelper"])
        #expect(task.recipe == "demo-1.0-r0")
        #expect(task.tempDirectory == temp)
        #expect(task.dirs == [build])
        #expect(task.cleanDirs == [build + "/out"])
        #expect(task.umask == 0o027)
        #expect(task.lockFiles == [temp + "/compile.lock"])
        #expect(task.prefuncs == ["shell_prefunc"])
        #expect(task.networkAllowed)
        #expect(task.exports == ["CFLAGS": "-O0"])
        #expect(task.unexports == ["MAKEFLAGS"])
        #expect(task.functions["do_compile"] == "\techo building in \(build)\n\tmyhelper\n")
        #expect(Set(task.functions.keys) == ["do_compile", "myhelper", "shell_prefunc"])

        let result = try await ShellTaskRunner(sandbox: quietSandbox).run(task)
        #expect(result.succeeded)
        #expect(result.logTail() == "pre\nbuilding in \(build)\nhelper CFLAGS=-O0")
    }

    @Test func rejectsWhatIsNotAShellTask() throws {
        let store = try recipe(temp: "/tmp/unused", build: "/tmp/unused")
        #expect(throws: EvaluationError.self) { try ShellTask(store: store, task: "do_missing") }
        #expect(throws: EvaluationError.self) { try ShellTask(store: store, task: "python_prefunc") }
        store.delVar("T")
        #expect(throws: EvaluationError.self) { try ShellTask(store: store, task: "do_compile") }
    }
}
