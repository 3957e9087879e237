import BakeScheduler

/// A runner that records what it was asked to run and when, and simulates each task's
/// duration on a `VirtualClock` (or, without one, yields so real interleavings happen).
actor FakeTaskRunner: TaskRunner {
    struct Run: Equatable {
        var task: TaskID
        var start: Duration
        var end: Duration
    }

    private let clock: VirtualClock?
    private let durations: [TaskID: Duration]
    private let defaultDuration: Duration
    private let failing: Set<TaskID>

    /// Tasks in the order the scheduler started them.
    private(set) var started: [TaskID] = []
    /// Completed runs in the order they ended.
    private(set) var runs: [Run] = []
    private(set) var maxConcurrent = 0
    private var concurrent = 0

    init(
        clock: VirtualClock? = nil, durations: [TaskID: Duration] = [:], defaultDuration: Duration = .seconds(1),
        failing: Set<TaskID> = []
    ) {
        self.clock = clock
        self.durations = durations
        self.defaultDuration = defaultDuration
        self.failing = failing
    }

    func run(_ task: TaskNode) async -> TaskOutcome {
        let start = await clock?.now ?? .zero
        started.append(task.id)
        concurrent += 1
        maxConcurrent = max(maxConcurrent, concurrent)
        if let clock {
            await clock.sleep(for: durations[task.id] ?? defaultDuration)
        } else {
            // Real time, kept tiny: enough for sibling tasks to overlap.
            for _ in 0..<3 { await Task.yield() }
            try? await Task.sleep(for: .milliseconds(1))
        }
        concurrent -= 1
        let end = await clock?.now ?? .zero
        runs.append(Run(task: task.id, start: start, end: end))
        return failing.contains(task.id) ? .failed(reason: "\(task.id) failed on purpose") : .succeeded
    }

    func run(of task: TaskID) -> Run? { runs.first { $0.task == task } }
}

/// Forwards scheduler events to a clock and keeps them for assertions.
actor RecordingObserver: SchedulerObserver {
    private let clock: VirtualClock?
    private(set) var events: [SchedulerEvent] = []

    init(clock: VirtualClock? = nil) { self.clock = clock }

    func schedulerEvent(_ event: SchedulerEvent) async {
        events.append(event)
        await clock?.schedulerEvent(event)
    }
}
