/// What a sandboxed task may do: the command, its environment, where it runs and writes, and its
/// limits. A plain value; `Sandbox.run` turns it into namespaces, mounts, a cgroup and a filter.
public struct SandboxPolicy: Sendable, Hashable {
    /// argv. A first element without a slash is looked up in the environment's `PATH`.
    public var arguments: [String]
    /// The task's whole environment: nothing is inherited from bake.
    public var environment: [String: String]
    /// Where the task starts; must exist.
    public var workingDirectory: String
    /// Directories the task may write (bound writable over the read-only view of the host). They
    /// must exist; symlinks in them are resolved first.
    public var writablePaths: [String]
    /// Directories under `/tmp` the task must still see, read-only, through its private `/tmp`
    /// (a build directory or layer kept there). Missing ones are left out.
    public var readablePaths: [String] = []
    /// false: a network namespace with only `lo`; true: the host's network.
    public var networkAllowed: Bool
    /// memory.max of the task's cgroup, in bytes; nil for no limit.
    public var memoryLimit: Int?
    /// pids.max of the task's cgroup; nil for no limit.
    public var pidLimit: Int?
    /// The hostname inside the UTS namespace.
    public var hostname: String
    /// The task's umask (BitBake's task `[umask]` flag; 022 by default).
    public var umask: UInt16

    public init(
        arguments: [String], environment: [String: String] = [:], workingDirectory: String,
        writablePaths: [String] = [], networkAllowed: Bool = false, memoryLimit: Int? = nil,
        pidLimit: Int? = nil, hostname: String = "bake", umask: UInt16 = 0o022
    ) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.writablePaths = writablePaths
        self.networkAllowed = networkAllowed
        self.memoryLimit = memoryLimit
        self.pidLimit = pidLimit
        self.hostname = hostname
        self.umask = umask
    }
}
