/// What became of every task in one scheduler run.
public struct ScheduleReport: Sendable {
    /// The end state of one task.
    public enum Status: Hashable, Sendable {
        /// The runner returned `.succeeded`.
        case succeeded
        /// A `noexec` task, marked done without running.
        case skipped
        case failed(reason: String)
        /// Never started: something it waits for, directly or not, failed.
        case dependencyFailed
        /// Never started because the run stopped: after a failure without keep-going, on a
        /// graceful stop, or on cancellation.
        case notStarted
    }

    /// Every task of the graph.
    public var statuses: [TaskID: Status]
    /// Tasks in the order they ended (run or skipped), failures included.
    public var completionOrder: [TaskID]
    /// How long the runner took for each task it ran (failures included), measured on the
    /// continuous clock around `TaskRunner.run`: what `TaskDurationHistory` learns from.
    public var runTimes: [TaskID: Duration]
    /// Whether the caller's task was cancelled (BitBake's second Ctrl-C: running tasks are
    /// told to stop).
    public var cancelled: Bool
    /// Whether a `GracefulStop` was requested before the run could finish (BitBake's first
    /// Ctrl-C: nothing new starts, running tasks finish).
    public var stopped: Bool

    public init(
        statuses: [TaskID: Status], completionOrder: [TaskID], runTimes: [TaskID: Duration] = [:],
        cancelled: Bool = false, stopped: Bool = false
    ) {
        self.statuses = statuses
        self.completionOrder = completionOrder
        self.runTimes = runTimes
        self.cancelled = cancelled
        self.stopped = stopped
    }

    /// Whether every task succeeded or was skipped.
    public var succeeded: Bool {
        statuses.values.allSatisfy { $0 == .succeeded || $0 == .skipped }
    }

    /// The tasks whose runner reported failure, sorted.
    public var failedTasks: [TaskID] {
        statuses.filter { if case .failed = $0.value { true } else { false } }.keys.sorted()
    }

    /// The tasks with `status`, sorted.
    public func tasks(withStatus status: Status) -> [TaskID] {
        statuses.filter { $0.value == status }.keys.sorted()
    }
}
