/// A task in the graph with the flags that change how it is scheduled.
public struct TaskNode: Hashable, Sendable, CustomStringConvertible {
    public var id: TaskID
    /// `[noexec]`: the task only orders others. BitBake marks it done without running it, so
    /// the scheduler never hands it to a runner and never spends a job slot on it.
    public var noexec: Bool
    /// `[nostamp]`: the task never counts as up to date and always reruns.
    public var nostamp: Bool
    /// How long the task is expected to take (from earlier builds); nil when unknown, in which
    /// case `CriticalPath` uses its default estimate.
    public var estimatedDuration: Duration?

    public init(_ id: TaskID, noexec: Bool = false, nostamp: Bool = false, estimatedDuration: Duration? = nil) {
        self.id = id
        self.noexec = noexec
        self.nostamp = nostamp
        self.estimatedDuration = estimatedDuration
    }

    public var description: String { id.description }
}
