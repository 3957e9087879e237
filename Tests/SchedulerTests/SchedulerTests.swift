import BakeScheduler
import Testing

/// Runs `graph` on a virtual clock and returns the report, the runner and the finish time.
private func simulate(
    _ graph: TaskGraph, workers: Int, keepGoing: Bool = false, durations: [TaskID: Duration] = [:],
    failing: Set<TaskID> = []
) async throws -> (report: ScheduleReport, runner: FakeTaskRunner, makespan: Duration, plan: CriticalPath) {
    let plan = try CriticalPath(graph: graph, estimates: durations)
    let clock = VirtualClock()
    let runner = FakeTaskRunner(clock: clock, durations: durations, failing: failing)
    let report = await Scheduler(maxConcurrentTasks: workers, keepGoing: keepGoing)
        .run(plan, runner: runner, observer: clock)
    return (report, runner, await clock.now, plan)
}

/// A reproducible "random" DAG: each task waits on up to three earlier ones.
private func layeredGraph(tasks: Int, seed: UInt64) -> (TaskGraph, [TaskID: Duration]) {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    var graph = TaskGraph()
    var durations: [TaskID: Duration] = [:]
    for i in 0..<tasks {
        let id = TaskID("r\(i % 7)", "do_t\(i)")
        graph.add(TaskNode(id))
        durations[id] = .milliseconds(100 * (1 + next(9)))
        if i > 0 {
            for _ in 0..<next(4) {
                graph.addDependency(id, on: graph.nodes[next(i)].id)
            }
        }
    }
    return (graph, durations)
}

@Suite("Scheduler")
struct SchedulerTests {
    @Test("Never more tasks at once than job slots, and every task runs once")
    func respectsSlots() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": [], "r:do_d": [], "r:do_e": [], "r:do_f": []])
        let (report, runner, makespan, _) = try await simulate(graph, workers: 2)
        #expect(report.succeeded)
        #expect(await runner.maxConcurrent == 2)
        #expect(await runner.started.count == 6)
        #expect(makespan == .seconds(3))
    }

    @Test("Dependencies finish before their dependents start, on a random DAG", arguments: [1, 3, 8])
    func respectsDependencies(workers: Int) async throws {
        let (graph, durations) = layeredGraph(tasks: 60, seed: 42)
        let (report, runner, makespan, plan) = try await simulate(graph, workers: workers, durations: durations)
        #expect(report.succeeded)
        #expect(await runner.maxConcurrent <= workers)
        let runs = await runner.runs
        #expect(runs.count == 60)
        let ends = Dictionary(uniqueKeysWithValues: runs.map { ($0.task, $0.end) })
        for run in runs {
            for dependency in graph.dependencies(of: run.task) {
                #expect(ends[dependency]! <= run.start, "\(run.task) started before \(dependency) ended")
            }
        }
        #expect(makespan >= plan.makespanLowerBound(workers: workers))
        if workers == 1 { #expect(makespan == plan.totalWork) }
    }

    @Test("The long chain starts first, so the build ends at the critical-path bound")
    func criticalPathFirst() async throws {
        // c1 -> c2 -> c3 take 2 s each; s1...s4 take 1 s and need nothing. Starting the short
        // tasks first (as id order would) delays the chain and ends at 7 s instead of 6 s.
        let graph = makeGraph([
            "a:do_s1": [], "a:do_s2": [], "a:do_s3": [], "a:do_s4": [],
            "z:do_c1": [], "z:do_c2": ["z:do_c1"], "z:do_c3": ["z:do_c2"],
        ])
        let durations = [tid("z:do_c1"): Duration.seconds(2), tid("z:do_c2"): .seconds(2), tid("z:do_c3"): .seconds(2)]
        let (report, runner, makespan, plan) = try await simulate(graph, workers: 2, durations: durations)
        #expect(report.succeeded)
        #expect(await runner.started.first == tid("z:do_c1"))
        #expect(makespan == .seconds(6))
        #expect(makespan == plan.makespanLowerBound(workers: 2))
    }

    @Test("Without keep-going, a failure stops new work and blocks its dependents")
    func stopsOnFailure() async throws {
        // b has the highest priority (c waits on it), so with one slot it runs first and fails.
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": ["r:do_b"], "r:do_d": []])
        let (report, runner, _, _) = try await simulate(graph, workers: 1, failing: [tid("r:do_b")])
        #expect(await runner.started == [tid("r:do_b")])
        #expect(!report.succeeded)
        #expect(report.failedTasks == [tid("r:do_b")])
        #expect(report.statuses[tid("r:do_c")] == .dependencyFailed)
        #expect(report.tasks(withStatus: .notStarted) == [tid("r:do_a"), tid("r:do_d")])
    }

    @Test("With keep-going, everything not below the failure still runs")
    func keepGoing() async throws {
        let graph = makeGraph([
            "r:do_a": [], "r:do_b": [], "r:do_c": ["r:do_b"], "r:do_e": ["r:do_c"], "r:do_d": ["r:do_a"],
        ])
        let (report, runner, _, _) = try await simulate(graph, workers: 1, keepGoing: true, failing: [tid("r:do_b")])
        #expect(await Set(runner.started) == [tid("r:do_a"), tid("r:do_b"), tid("r:do_d")])
        #expect(report.tasks(withStatus: .succeeded) == [tid("r:do_a"), tid("r:do_d")])
        #expect(report.tasks(withStatus: .dependencyFailed) == [tid("r:do_c"), tid("r:do_e")])
        #expect(report.tasks(withStatus: .notStarted).isEmpty)
    }

    @Test("Tasks already running when another fails are waited for, not abandoned")
    func inFlightTasksFinish() async throws {
        let graph = makeGraph(["r:do_long": [], "r:do_bad": [], "r:do_next": ["r:do_long"]])
        let durations = [tid("r:do_long"): Duration.seconds(3), tid("r:do_bad"): .seconds(1)]
        let (report, _, makespan, _) = try await simulate(
            graph, workers: 2, durations: durations, failing: [tid("r:do_bad")]
        )
        #expect(report.statuses[tid("r:do_long")] == .succeeded)
        #expect(report.statuses[tid("r:do_next")] == .notStarted)
        #expect(makespan == .seconds(3))
    }

    @Test("noexec tasks never reach the runner or take a slot, and release their dependents")
    func noexec() async throws {
        let graph = makeGraph(
            ["r:do_build": ["r:do_compile"], "r:do_deploy": ["r:do_build"], "r:do_compile": []], noexec: ["r:do_build"]
        )
        let clock = VirtualClock()
        let observer = RecordingObserver(clock: clock)
        let runner = FakeTaskRunner(clock: clock)
        let report = await Scheduler(maxConcurrentTasks: 1).run(try CriticalPath(graph: graph), runner: runner, observer: observer)
        #expect(report.succeeded)
        #expect(await runner.started == [tid("r:do_compile"), tid("r:do_deploy")])
        #expect(report.statuses[tid("r:do_build")] == .skipped)
        #expect(report.completionOrder == [tid("r:do_compile"), tid("r:do_build"), tid("r:do_deploy")])
        #expect(await clock.now == .seconds(2))
        let events = await observer.events.filter { if case .waiting = $0 { false } else { true } }
        #expect(events == [
            .started(tid("r:do_compile")), .finished(tid("r:do_compile"), .succeeded),
            .skipped(tid("r:do_build")),
            .started(tid("r:do_deploy")), .finished(tid("r:do_deploy"), .succeeded),
        ])
    }

    @Test("In real time too, concurrency stays within the slots")
    func realTime() async throws {
        var edges: [(String, [String])] = []
        for i in 0..<24 { edges.append(("r\(i % 4):do_t\(i)", i >= 4 ? ["r\((i - 4) % 4):do_t\(i - 4)"] : [])) }
        var graph = TaskGraph()
        for (task, _) in edges { graph.add(TaskNode(tid(task))) }
        for (task, dependencies) in edges { for d in dependencies { graph.addDependency(tid(task), on: tid(d)) } }
        let runner = FakeTaskRunner()
        let report = await Scheduler(maxConcurrentTasks: 3).run(try CriticalPath(graph: graph), runner: runner)
        #expect(report.succeeded)
        #expect(await runner.maxConcurrent <= 3)
        let order = await runner.runs.map(\.task)
        #expect(order.count == 24)
        for (position, task) in order.enumerated() {
            for dependency in graph.dependencies(of: task) {
                #expect(order.firstIndex(of: dependency)! < position)
            }
        }
    }

    @Test("An empty graph finishes at once")
    func empty() async throws {
        let report = await Scheduler(maxConcurrentTasks: 4).run(try CriticalPath(graph: TaskGraph()), runner: FakeTaskRunner())
        #expect(report.succeeded)
        #expect(report.statuses.isEmpty)
    }
}

/// A runner whose tasks never end on their own: they finish only when cancelled.
private actor FakeHangingRunner: TaskRunner {
    private(set) var started: [TaskID] = []

    func run(_ task: TaskNode) async -> TaskOutcome {
        started.append(task.id)
        try? await Task.sleep(for: .seconds(600))
        return .failed(reason: "cancelled")
    }
}

@Suite("Scheduler cancellation")
struct SchedulerCancellationTests {
    @Test("Cancelling the caller cancels running tasks and starts nothing more, even with keep-going")
    func cancellation() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": [], "r:do_d": ["r:do_a"]])
        let plan = try CriticalPath(graph: graph)
        let runner = FakeHangingRunner()
        let run = Task { await Scheduler(maxConcurrentTasks: 2, keepGoing: true).run(plan, runner: runner) }
        while await runner.started.count < 2 { try await Task.sleep(for: .milliseconds(1)) }
        run.cancel()
        let report = await run.value
        #expect(report.cancelled)
        #expect(await runner.started.count == 2)
        #expect(report.failedTasks.count == 2)
        #expect(report.tasks(withStatus: .succeeded).isEmpty)
        #expect(report.statuses.count == 4)
    }
}
