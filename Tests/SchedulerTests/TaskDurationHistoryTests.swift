import BakeBasics
import BakeScheduler
import Foundation
import Testing

@Suite("Task duration history")
struct TaskDurationHistoryTests {
    private let compile = tid("busybox:do_compile")

    /// A fresh directory for one test's files.
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bake-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("The first run is taken as is; later runs move the average by the smoothing factor")
    func movingAverage() {
        var history = TaskDurationHistory(smoothing: 0.25)
        history.record(.seconds(40), for: compile)
        #expect(history.entries[compile] == .init(average: .seconds(40), runs: 1))
        history.record(.seconds(80), for: compile)
        #expect(history.entries[compile] == .init(average: .seconds(50), runs: 2))
        history.record(.seconds(10), for: compile)
        #expect(history.entries[compile] == .init(average: .seconds(40), runs: 3))
        #expect(history.estimate(for: compile) == .seconds(40))
    }

    @Test("Before any history, estimates come from per-task defaults: compile longest, bookkeeping shortest")
    func defaults() {
        let history = TaskDurationHistory()
        let fetch = history.estimate(for: tid("zlib:do_fetch"))
        let configure = history.estimate(for: tid("zlib:do_configure"))
        let compileEstimate = history.estimate(for: tid("zlib:do_compile"))
        #expect(compileEstimate > configure && configure > fetch)
        #expect(history.estimate(for: tid("zlib:do_packagedata")) < fetch)
        #expect(TaskDurationHistory.defaultEstimate(forTask: "do_image_wic") == .seconds(30))
        #expect(TaskDurationHistory.defaultEstimate(forTask: "do_package_write_rpm") == .seconds(8))
        #expect(TaskDurationHistory.defaultEstimate(forTask: "do_my_own_thing") == .seconds(5))
    }

    @Test("Estimates feed the graph's nodes, noexec tasks left free, and steer the critical path")
    func feedsCriticalPath() throws {
        var graph = makeGraph(
            ["a:do_build": ["a:do_compile"], "a:do_compile": ["a:do_fetch"], "b:do_fetch": []], noexec: ["a:do_build"]
        )
        var history = TaskDurationHistory()
        history.record(.seconds(300), for: tid("a:do_compile"))
        history.applyEstimates(to: &graph)
        #expect(graph.node(tid("a:do_compile"))?.estimatedDuration == .seconds(300))
        #expect(graph.node(tid("a:do_fetch"))?.estimatedDuration == .seconds(5))
        #expect(graph.node(tid("a:do_build"))?.estimatedDuration == nil)
        let plan = try CriticalPath(graph: graph)
        #expect(plan.duration(of: tid("a:do_build")) == .zero)
        #expect(plan.priority(of: tid("a:do_fetch")) == .seconds(305))
        #expect(plan.readyOrder.first == tid("a:do_fetch"))
    }

    @Test("A finished run teaches the history its successful tasks only")
    func learnsFromRuns() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": ["r:do_b"]])
        let runner = FakeTaskRunner(failing: [tid("r:do_b")])
        let report = await Scheduler(maxConcurrentTasks: 2, keepGoing: true).run(try CriticalPath(graph: graph), runner: runner)
        #expect(Set(report.runTimes.keys) == [tid("r:do_a"), tid("r:do_b")])
        #expect(report.runTimes[tid("r:do_a")]! >= .milliseconds(1))
        var history = TaskDurationHistory()
        history.record(report)
        #expect(Array(history.entries.keys) == [tid("r:do_a")])
        #expect(history.entries[tid("r:do_a")]?.average == report.runTimes[tid("r:do_a")])
    }

    @Test("Save and load give back the same history, through a temporary file and a rename")
    func roundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/nested/cache/task-durations.json"
        var history = TaskDurationHistory()
        history.record(.nanoseconds(41_200_000_123), for: compile)
        history.record(.milliseconds(1_500), for: tid("zlib:do_fetch"))
        history.record(.milliseconds(2_500), for: tid("zlib:do_fetch"))
        try history.save(to: path)
        try history.save(to: path)  // replacing an existing file works too

        let (loaded, warning) = TaskDurationHistory.load(from: path)
        #expect(warning == nil)
        #expect(loaded.entries == history.entries)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/nested/cache") == ["task-durations.json"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(#""busybox:do_compile":{"nanoseconds":41200000123,"runs":1}"#))
    }

    @Test("A missing file is an empty history without a warning")
    func missingFile() {
        let (history, warning) = TaskDurationHistory.load(from: "/nonexistent/bake/task-durations.json")
        #expect(history.entries.isEmpty)
        #expect(warning == nil)
    }

    @Test(
        "A corrupt file is ignored with a warning, never a crash",
        arguments: [
            ("truncated", #"{"format":"bake-task-durations","version":1,"tasks":{"a:do_x":{"nanos"#),
            ("binary", "\u{0}\u{1}\u{2}garbage"),
            ("wrong format", #"{"format":"something-else","version":1,"tasks":{}}"#),
            ("future version", #"{"format":"bake-task-durations","version":2,"tasks":{}}"#),
            ("bad task name", #"{"format":"bake-task-durations","version":1,"tasks":{"no-colon":{"nanoseconds":1,"runs":1}}}"#),
            ("negative time", #"{"format":"bake-task-durations","version":1,"tasks":{"a:do_x":{"nanoseconds":-5,"runs":1}}}"#),
            ("zero runs", #"{"format":"bake-task-durations","version":1,"tasks":{"a:do_x":{"nanoseconds":5,"runs":0}}}"#),
        ]
    )
    func corruptFile(name: String, text: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/task-durations.json"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let (history, warning) = TaskDurationHistory.load(from: path)
        #expect(history.entries.isEmpty, "\(name)")
        #expect(warning?.level == .warning)
        #expect(warning?.message.hasPrefix("ignoring the task duration history \(path): ") == true, "\(name)")
    }

    @Test("A save that cannot write throws a typed error and leaves no temporary file")
    func saveFailure() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The target is an existing directory: the rename over it fails.
        let path = directory + "/occupied"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        var history = TaskDurationHistory()
        history.record(.seconds(1), for: compile)
        let error = #expect(throws: TaskDurationHistoryError.self) { try history.save(to: path) }
        #expect(error?.path == path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["occupied"])
    }

    @Test("The default file lives in the XDG cache directory, else under ~/.cache")
    func defaultPath() {
        #expect(TaskDurationHistory.defaultPath(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/bake/task-durations.json")
        #expect(TaskDurationHistory.defaultPath(environment: ["HOME": "/h"]) == "/h/.cache/bake/task-durations.json")
        #expect(TaskDurationHistory.defaultPath(environment: [:]) == nil)
    }
}
