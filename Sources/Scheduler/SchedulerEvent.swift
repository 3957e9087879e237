/// Progress of a scheduler run, for user interfaces and for test clocks.
public enum SchedulerEvent: Hashable, Sendable {
    /// The task was handed to the runner.
    case started(TaskID)
    /// The runner returned.
    case finished(TaskID, TaskOutcome)
    /// A `noexec` task was marked done without running.
    case skipped(TaskID)
    /// The scheduler has started everything it can and is suspending until one of `running`
    /// tasks finishes. A virtual clock may advance time once that many tasks are asleep.
    case waiting(running: Int)
}
