import Synchronization

/// The link between a run's waiting thread and task cancellation: who may signal the task, and
/// whether it was cancelled.
///
/// The child is reaped only after `exited()` has been called under the lock, so a cancellation
/// never signals a pid the kernel has already handed to another process.
final class SandboxControl: Sendable {
    private struct State {
        /// starting -> running -> exited; `cancelled` may be set in any phase.
        enum Phase { case starting, running(pid: Int32, pidNamespace: Bool), exited }
        var phase = Phase.starting
        var cancelled = false
    }

    private let state = Mutex(State())
    private let cgroup: SandboxCgroup?

    init(cgroup: SandboxCgroup?) {
        self.cgroup = cgroup
    }

    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the spawned child; kills it at once if cancellation came first.
    func started(pid: Int32, pidNamespace: Bool) {
        state.withLock { state in
            state.phase = .running(pid: pid, pidNamespace: pidNamespace)
            if state.cancelled { kill(pid: pid, pidNamespace: pidNamespace) }
        }
    }

    /// The child has exited but is not yet reaped: from now on nothing signals its pid.
    func exited() {
        state.withLock { $0.phase = .exited }
    }

    /// Kills the task tree: init of the pid namespace (the kernel then kills everything in it), or
    /// the task's process group; and the cgroup, which catches what escaped the group.
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            if case .running(let pid, let pidNamespace) = state.phase { kill(pid: pid, pidNamespace: pidNamespace) }
        }
    }

    private func kill(pid: Int32, pidNamespace: Bool) {
        if !pidNamespace { LinuxSystem.kill(-pid, signal: LinuxSystem.sigkill) }
        LinuxSystem.kill(pid, signal: LinuxSystem.sigkill)
        cgroup?.killAll()
    }
}
