/// One thing the sandbox can enforce, if the host lets it.
public enum SandboxFeature: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A user namespace mapping uid/gid 0 to the invoking user.
    case userNamespace = "user namespace"
    /// A mount namespace; needed for the read-only view.
    case mountNamespace = "mount namespace"
    /// A pid namespace with an init that reaps and takes the tree down with it.
    case pidNamespace = "pid namespace"
    /// A network namespace with only `lo`.
    case networkNamespace = "network namespace"
    /// A UTS namespace for the hostname.
    case utsNamespace = "uts namespace"
    /// An IPC namespace (System V IPC, POSIX message queues).
    case ipcNamespace = "ipc namespace"
    /// The host's root bound read-only with the task's directories writable, private /tmp, minimal /dev.
    case readOnlyView = "read-only mount view"
    /// mount_setattr(2) makes the view read-only in one call; without it each mount is remounted.
    case recursiveReadOnly = "mount_setattr"
    /// A /proc of the pid namespace's own.
    case freshProc = "fresh /proc"
    /// The seccomp deny list.
    case seccomp = "seccomp filter"
    /// A cgroup v2 child with memory.max and pids.max.
    case cgroup = "cgroup v2 limits"

    public var description: String { rawValue }
}

/// A feature the host refused, and what that means for tasks.
public struct SandboxLimitation: Sendable, Hashable, CustomStringConvertible {
    public var feature: SandboxFeature
    /// Why the host refused it ("clone(CLONE_NEWNET): Operation not permitted").
    public var reason: String
    /// What the task gets instead.
    public var consequence: String

    public init(feature: SandboxFeature, reason: String, consequence: String) {
        self.feature = feature
        self.reason = reason
        self.consequence = consequence
    }

    public var description: String { "no \(feature) (\(reason)): \(consequence)" }
}
