import BakeScheduler
import Synchronization
import Testing

/// Requests a graceful stop as soon as `after` tasks have started, and drives a virtual clock.
private actor StoppingObserver: SchedulerObserver {
    let clock: VirtualClock
    let stop: GracefulStop
    let after: Int
    private var started = 0

    init(clock: VirtualClock, stop: GracefulStop, after: Int) {
        self.clock = clock
        self.stop = stop
        self.after = after
    }

    func schedulerEvent(_ event: SchedulerEvent) async {
        if case .started = event {
            started += 1
            if started == after { stop.request() }
        }
        await clock.schedulerEvent(event)
    }
}

/// A runner whose tasks ignore cancellation: each waits until the test releases it.
private final class FakeStubbornRunner: TaskRunner {
    private let state = Mutex<(started: [TaskID], waiting: [CheckedContinuation<Void, Never>])>(([], []))

    var started: [TaskID] { state.withLock { $0.started } }

    func run(_ task: TaskNode) async -> TaskOutcome {
        await withCheckedContinuation { continuation in
            state.withLock {
                $0.started.append(task.id)
                $0.waiting.append(continuation)
            }
        }
        return .succeeded
    }

    /// Lets every task waiting so far finish.
    func releaseAll() {
        let waiting = state.withLock { state in
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

/// Keep-going (`-k`), graceful stop (the first Ctrl-C) and cancellation (the second), as
/// BitBake users expect them.
@Suite("Scheduler: -k, stop and cancellation")
struct SchedulerStopTests {
    @Test("-k runs every task not below a failure, across recipes; every failure is reported")
    func keepGoingAcrossRecipes() async throws {
        let graph = makeGraph([
            "zlib:do_compile": [], "zlib:do_install": ["zlib:do_compile"],
            "openssl:do_compile": [], "openssl:do_install": ["openssl:do_compile"],
            "curl:do_configure": ["zlib:do_install", "openssl:do_install"], "curl:do_compile": ["curl:do_configure"],
            "busybox:do_compile": [], "busybox:do_install": ["busybox:do_compile"],
        ])
        let clock = VirtualClock()
        let runner = FakeTaskRunner(clock: clock, failing: [tid("zlib:do_compile"), tid("busybox:do_install")])
        let report = await Scheduler(maxConcurrentTasks: 2, keepGoing: true)
            .run(try CriticalPath(graph: graph), runner: runner, observer: clock)
        #expect(!report.succeeded && !report.cancelled && !report.stopped)
        #expect(report.failedTasks == [tid("busybox:do_install"), tid("zlib:do_compile")])
        #expect(names(report.tasks(withStatus: .succeeded)) == ["busybox:do_compile", "openssl:do_compile", "openssl:do_install"])
        // curl waits for zlib through two levels: neither of its tasks may start.
        #expect(names(report.tasks(withStatus: .dependencyFailed)) == ["curl:do_compile", "curl:do_configure", "zlib:do_install"])
        #expect(report.tasks(withStatus: .notStarted).isEmpty)
        #expect(await !runner.started.contains(tid("curl:do_configure")))
    }

    @Test("Without -k, a task already running when another fails still counts, failed or not")
    func withoutKeepGoingRunningFailuresCount() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": [], "r:do_d": ["r:do_c"]])
        let durations = [tid("r:do_a"): Duration.seconds(1), tid("r:do_b"): .seconds(2), tid("r:do_c"): .seconds(3)]
        let clock = VirtualClock()
        let runner = FakeTaskRunner(clock: clock, durations: durations, failing: [tid("r:do_a"), tid("r:do_b")])
        let report = await Scheduler(maxConcurrentTasks: 3)
            .run(try CriticalPath(graph: graph, estimates: durations), runner: runner, observer: clock)
        #expect(report.failedTasks == [tid("r:do_a"), tid("r:do_b")])
        #expect(report.statuses[tid("r:do_c")] == .succeeded)
        #expect(report.statuses[tid("r:do_d")] == .notStarted)
        #expect(await clock.now == .seconds(3))
    }

    @Test("A graceful stop starts nothing new, even with -k, and lets running tasks succeed")
    func gracefulStop() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": [], "r:do_d": [], "r:do_e": ["r:do_a"]])
        let clock = VirtualClock()
        let stop = GracefulStop()
        let observer = StoppingObserver(clock: clock, stop: stop, after: 2)
        let runner = FakeTaskRunner(clock: clock)
        let report = await Scheduler(maxConcurrentTasks: 2, keepGoing: true)
            .run(try CriticalPath(graph: graph), runner: runner, observer: observer, stop: stop)
        #expect(report.stopped && !report.cancelled)
        #expect(await runner.started.count == 2)
        #expect(report.tasks(withStatus: .succeeded).count == 2)
        #expect(report.tasks(withStatus: .notStarted).count == 3)
        #expect(report.failedTasks.isEmpty && !report.succeeded)
    }

    @Test("A stop requested after the last task ends changes nothing")
    func lateStop() async throws {
        let stop = GracefulStop()
        let report = await Scheduler(maxConcurrentTasks: 2)
            .run(try CriticalPath(graph: makeGraph(["r:do_a": []])), runner: FakeTaskRunner(), stop: stop)
        stop.request()
        #expect(report.succeeded && !report.stopped)
    }

    @Test("A caller cancelled before the run starts nothing, noexec tasks included")
    func cancelledBeforeStart() async throws {
        let graph = makeGraph(["r:do_build": [], "r:do_a": ["r:do_build"]], noexec: ["r:do_build"])
        let plan = try CriticalPath(graph: graph)
        let runner = FakeTaskRunner()
        let report = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await Scheduler(maxConcurrentTasks: 2, keepGoing: true).run(plan, runner: runner)
        }.value
        #expect(report.cancelled)
        #expect(await runner.started.isEmpty)
        #expect(report.tasks(withStatus: .notStarted) == [tid("r:do_a"), tid("r:do_build")])
    }

    @Test("After cancellation the scheduler still waits for runners that do not stop at once")
    func cancellationWaitsForRunners() async throws {
        let graph = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": ["r:do_a"]])
        let plan = try CriticalPath(graph: graph)
        let runner = FakeStubbornRunner()
        let returned = Atomic<Bool>(false)
        let run = Task {
            let report = await Scheduler(maxConcurrentTasks: 2).run(plan, runner: runner)
            returned.store(true, ordering: .sequentiallyConsistent)
            return report
        }
        while runner.started.count < 2 { try await Task.sleep(for: .milliseconds(1)) }
        run.cancel()
        try await Task.sleep(for: .milliseconds(50))
        let returnedEarly = returned.load(ordering: .sequentiallyConsistent)
        #expect(!returnedEarly, "run returned while its tasks were still running")
        runner.releaseAll()
        let report = await run.value
        #expect(report.cancelled)
        #expect(report.tasks(withStatus: .succeeded) == [tid("r:do_a"), tid("r:do_b")])
        #expect(report.statuses[tid("r:do_c")] == .notStarted)
        #expect(runner.started.count == 2)
    }
}

@Suite("Schedule simulation")
struct ScheduleSimulatorTests {
    /// A seeded DAG with distinct durations, so no two tasks end at the same instant.
    private func randomGraph(tasks: Int, seed: UInt64) -> TaskGraph {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var graph = TaskGraph()
        for i in 0..<tasks {
            let id = TaskID("r\(i % 5)", "do_t\(i)")
            let noexec = i % 17 == 5
            graph.add(TaskNode(id, noexec: noexec, estimatedDuration: noexec ? nil : .microseconds(1_000_003 * (1 + next(50)) + i)))
            for _ in 0..<(i > 0 ? next(4) : 0) { graph.addDependency(id, on: graph.nodes[next(i)].id) }
        }
        return graph
    }

    @Test("The simulation ends exactly when the real scheduler on a virtual clock does", arguments: [1, 3, 8])
    func matchesScheduler(workers: Int) async throws {
        let graph = randomGraph(tasks: 120, seed: 7)
        let plan = try CriticalPath(graph: graph)
        var durations: [TaskID: Duration] = [:]
        for id in graph.taskIDs { durations[id] = plan.duration(of: id) }
        let clock = VirtualClock()
        let runner = FakeTaskRunner(clock: clock, durations: durations)
        let report = await Scheduler(maxConcurrentTasks: workers).run(plan, runner: runner, observer: clock)
        #expect(report.succeeded)
        let simulated = ScheduleSimulator(workers: workers).makespan(of: plan)
        #expect(simulated == (await clock.now))
        #expect(simulated >= plan.makespanLowerBound(workers: workers))
        if workers == 1 { #expect(simulated == plan.totalWork) }
    }

    @Test("The critical-path order reaches the bound where an id-order schedule would not")
    func reachesBound() throws {
        let graph = makeGraph(
            ["a:do_s1": [], "a:do_s2": [], "a:do_s3": [], "a:do_s4": [], "z:do_c1": [], "z:do_c2": ["z:do_c1"], "z:do_c3": ["z:do_c2"]],
            durations: ["z:do_c1": .seconds(2), "z:do_c2": .seconds(2), "z:do_c3": .seconds(2)]
        )
        let plan = try CriticalPath(graph: graph)
        #expect(ScheduleSimulator(workers: 2).makespan(of: plan) == .seconds(6))
        #expect(plan.makespanLowerBound(workers: 2) == .seconds(6))
    }
}
