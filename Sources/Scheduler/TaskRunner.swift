/// Runs one task. The scheduler's only view of execution, as ninja's build loop sees only a
/// `CommandRunner`: sandboxes, caches and remote execution all sit behind this protocol, and
/// tests put a fake here.
public protocol TaskRunner: Sendable {
    /// Runs `task` to completion. Failures are outcomes, not thrown errors, so one failing
    /// task never tears down the task group running its siblings.
    ///
    /// Called only once every dependency of `task` has succeeded, and never for `noexec` tasks.
    /// When the scheduler's caller is cancelled the call is cancelled with it; the runner
    /// should then stop the task and report it failed.
    func run(_ task: TaskNode) async -> TaskOutcome
}
