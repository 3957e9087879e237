/// How a sandboxed task ended.
public struct SandboxExit: Sendable, Hashable, CustomStringConvertible {
    public enum Termination: Sendable, Hashable {
        /// exit(2) with this status.
        case exited(Int32)
        /// Killed by this signal.
        case signaled(Int32)
    }

    public var termination: Termination
    /// How often the kernel's OOM killer struck in the task's cgroup (memory.events `oom_kill`);
    /// always 0 without a cgroup.
    public var outOfMemoryKills: Int

    public init(termination: Termination, outOfMemoryKills: Int = 0) {
        self.termination = termination
        self.outOfMemoryKills = outOfMemoryKills
    }

    public var succeeded: Bool { termination == .exited(0) }

    public var description: String {
        let base =
            switch termination {
            case .exited(let status): "exit status \(status)"
            case .signaled(let signal): "killed by signal \(signal)"
            }
        return outOfMemoryKills > 0 ? "\(base) (out of memory)" : base
    }
}
