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
        /// Never started because the run stopped: after a failure without keep-going, or on
        /// cancellation.
        case notStarted
    }

    /// Every task of the graph.
    public var statuses: [TaskID: Status]
    /// Tasks in the order they ended (run or skipped), failures included.
    public var completionOrder: [TaskID]
    /// Whether the run was cancelled before it could finish.
    public var cancelled: Bool

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
