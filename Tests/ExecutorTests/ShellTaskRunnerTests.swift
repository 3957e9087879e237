import Foundation
import Glibc
import Testing

@testable import BakeExecutor

@Suite struct ShellTaskRunnerTests {
    let runner = ShellTaskRunner(sandbox: quietSandbox)

    func task(_ name: String = "do_compile", in directory: TemporaryDirectory, body: String) -> ShellTask {
        ShellTask(
            name: name, recipe: "demo-1.0", functions: [name: body], exports: ["PATH": "/usr/bin:/bin"],
            tempDirectory: directory.path + "/temp")
    }

    @Test func runFileLogsAndLinksFollowBitBakesShape() async throws {
        let directory = try TemporaryDirectory()
        let build = directory.path + "/build"
        var task = task(in: directory, body: "\techo compiling in $(pwd)\n\thelper \"$GREETING\"\n")
        task.functions["helper"] = "\techo helper says $1"
        task.exports["GREETING"] = "hello"
        task.unexports = ["MAKEFLAGS"]
        task.dirs = [build]
        let result = try await runner.run(task)
        #expect(result.succeeded)

        let pid = getpid()
        let temp = directory.path + "/temp"
        #expect(result.logFile == "\(temp)/log.do_compile.\(pid)")
        #expect(result.runFiles == ["\(temp)/run.do_compile.\(pid)"])
        let files = FileManager.default
        #expect(try files.destinationOfSymbolicLink(atPath: "\(temp)/log.do_compile") == "log.do_compile.\(pid)")
        #expect(try files.destinationOfSymbolicLink(atPath: "\(temp)/run.do_compile") == "run.do_compile.\(pid)")
        #expect(directory.read("temp/log.do_compile") == "compiling in \(build)\nhelper says hello\n")
        let order = directory.read("temp/log.task_order") ?? ""
        #expect(order.hasSuffix(" do_compile (\(pid)): log.do_compile.\(pid)\n"))

        let runFile = directory.read("temp/run.do_compile.\(pid)") ?? ""
        #expect(runFile.hasPrefix("#!/bin/sh\n"))
        #expect(runFile.contains("\nset -e\n"))
        let expectedBody = """
            export GREETING="hello"
            export PATH="/usr/bin:/bin"
            unset MAKEFLAGS

            do_compile() {
            \techo compiling in $(pwd)
            \thelper "$GREETING"
            }

            helper() {
            \techo helper says $1
            }

            cd '\(build)'
            do_compile

            """
        #expect(runFile.contains(expectedBody))
        let attributes = try files.attributesOfItem(atPath: "\(temp)/run.do_compile.\(pid)")
        #expect((attributes[.posixPermissions] as? Int) == 0o775)
    }

    @Test func exportedValuesSurviveQuoting() async throws {
        let directory = try TemporaryDirectory()
        var task = task(in: directory, body: "printf '%s|' \"$TRICKY\"")
        task.exports["TRICKY"] = #"a "quoted" $HOME `cmd` back\slash"#
        let result = try await runner.run(task)
        #expect(result.succeeded)
        #expect(directory.read("temp/log.do_compile") == #"a "quoted" $HOME `cmd` back\slash|"#)

        // Multi-line values read as one line, as in BitBake's run files.
        var multi = self.task(in: try TemporaryDirectory(), body: "echo \"$LINES\"")
        multi.exports["LINES"] = "one\ntwo"
        let multiResult = try await runner.run(multi)
        #expect(multiResult.logTail() == "one two")
    }

    @Test func dirsAreCreatedAndCleandirsEmptied() async throws {
        let directory = try TemporaryDirectory()
        let clean = try directory.directory("image")
        FileManager.default.createFile(atPath: clean + "/stale", contents: Data("old".utf8))
        let first = directory.path + "/a/b"
        let last = directory.path + "/c"
        var task = task("do_install", in: directory, body: "pwd; ls -A \"\(clean)\" | wc -l; touch \"\(clean)/fresh\"")
        task.dirs = [first, last]
        task.cleanDirs = [clean]
        let result = try await runner.run(task)
        #expect(result.succeeded)
        #expect(result.logTail() == "\(last)\n0")
        #expect(FileManager.default.fileExists(atPath: first))
        #expect(!FileManager.default.fileExists(atPath: clean + "/stale"))
        #expect(FileManager.default.fileExists(atPath: clean + "/fresh"))
    }

    @Test func prefuncsThenTaskThenPostfuncs() async throws {
        let directory = try TemporaryDirectory()
        var task = task(in: directory, body: "echo task")
        task.functions["first"] = "echo pre"
        task.functions["last"] = "echo post"
        task.prefuncs = ["first", "missing_prefunc"]
        task.postfuncs = ["last"]
        let result = try await runner.run(task)
        #expect(result.succeeded)
        #expect(result.logTail() == "pre\nWARNING: Function missing_prefunc doesn't exist\ntask\npost")
        let pid = getpid()
        let temp = directory.path + "/temp"
        #expect(result.runFiles == ["\(temp)/run.first.\(pid)", "\(temp)/run.do_compile.\(pid)", "\(temp)/run.last.\(pid)"])
    }

    @Test func failingTaskReportsFailureWithItsLog() async throws {
        let directory = try TemporaryDirectory()
        var task = task(in: directory, body: "echo before\nfalse\necho after")
        task.functions["cleanup"] = "echo postfunc ran"
        task.postfuncs = ["cleanup"]
        let result = try await runner.run(task)
        #expect(!result.succeeded)
        #expect(result.failure?.function == "do_compile")
        #expect(result.failure?.exit.termination == .exited(1))
        let pid = getpid()
        #expect(
            result.logTail() == """
                before
                WARNING: exit code 1 from a shell command.
                ERROR: Execution of '\(directory.path)/temp/run.do_compile.\(pid)' failed with exit status 1
                """)
        #expect(result.logTail(lines: 1).hasPrefix("ERROR: Execution of"))
    }

    @Test func umaskFlagApplies() async throws {
        #expect(ShellTask.parseUmask("022") == 0o022)
        #expect(ShellTask.parseUmask("0o027") == 0o027)
        #expect(ShellTask.parseUmask("9") == nil)
        #expect(ShellTask.parseUmask("") == nil)
        let directory = try TemporaryDirectory()
        var task = task(in: directory, body: "umask")
        task.umask = ShellTask.parseUmask("027")
        let result = try await runner.run(task)
        #expect(result.logTail() == "0027")
    }

    @Test func lockfilesAreHeldWhileTheTaskRuns() async throws {
        let directory = try TemporaryDirectory()
        // Under ${T}, which the task sees (the rest of /tmp is private to it).
        let lockPath = directory.path + "/temp/locks/sysroot.lock"
        try FileManager.default.createDirectory(atPath: directory.path + "/temp/locks", withIntermediateDirectories: true)
        // The test holds the lock, as another task would.
        let held = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        #expect(held >= 0)
        #expect(flock(held, LOCK_EX) == 0)
        var task = task(in: directory, body: "touch \"$MARKER\"; flock -n \"\(lockPath)\" true || echo busy-inside")
        task.exports["MARKER"] = directory.path + "/temp/ran"
        task.lockFiles = [lockPath]
        let runner = self.runner
        let run = Task { try await runner.run(task) }
        try await Task.sleep(for: .milliseconds(400))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/temp/ran"))
        close(held)
        let result = try await run.value
        #expect(result.succeeded)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/temp/ran"))
        // The runner holds the lock while the task runs (flock(1) inside cannot take it).
        if FileManager.default.fileExists(atPath: "/usr/bin/flock") {
            #expect(result.logTail() == "busy-inside")
        }
    }

    @Test func missingTaskFunctionIsAnError() async throws {
        let directory = try TemporaryDirectory()
        var task = task(in: directory, body: "true")
        task.functions = [:]
        await #expect(throws: ExecutorError.self) { try await runner.run(task) }
    }
}
