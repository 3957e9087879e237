import CBakeSandbox
import Foundation

/// Runs commands under a `SandboxPolicy` with whatever isolation the host allows.
///
/// Each run spawns the task through `CBakeSandbox` (new user, mount, pid, net, uts and ipc
/// namespaces; uid 0 inside = the invoking user; the host's root read-only with the policy's
/// directories writable; a cgroup with the limits; a seccomp deny list applied last) and waits on
/// a thread of its own. Features the host refused are left out and reported once through
/// `reporter`; see docs/sandbox.md.
public struct Sandbox: Sendable {
    public var capabilities: SandboxCapabilities
    public var reporter: LimitationReporter

    public init(capabilities: SandboxCapabilities = .host, reporter: LimitationReporter = .standardError) {
        self.capabilities = capabilities
        self.reporter = reporter
    }

    /// The host's limitations that weaken `policy`: a refused network namespace matters only to a
    /// policy without network, a refused cgroup only to one with limits.
    public func limitations(for policy: SandboxPolicy) -> [SandboxLimitation] {
        SandboxFeature.allCases.compactMap { feature in
            guard let limitation = capabilities.limitations[feature] else { return nil }
            switch feature {
            case .networkNamespace where policy.networkAllowed: return nil
            case .cgroup where policy.memoryLimit == nil && policy.pidLimit == nil: return nil
            default: return limitation
            }
        }
    }

    /// Runs `policy` with stdout and stderr appended to the file at `logFile` (created if missing).
    ///
    /// - Returns: how the task ended.
    /// - Throws: `SandboxError` when the task could not be started; `CancellationError` when the
    ///   surrounding task was cancelled (the whole task tree has then been killed).
    public func run(_ policy: SandboxPolicy, logFile: String) async throws -> SandboxExit {
        let descriptor = try LinuxSystem.openForAppend(logFile)
        defer { LinuxSystem.close(descriptor) }
        return try await run(policy, output: descriptor)
    }

    /// Runs `policy` with stdout and stderr on `output` (stdin is /dev/null).
    ///
    /// - Parameter output: an open descriptor; bake keeps it, the task gets a copy.
    /// - Returns: how the task ended.
    /// - Throws: `SandboxError` when the task could not be started; `CancellationError` when the
    ///   surrounding task was cancelled (the whole task tree has then been killed).
    public func run(_ policy: SandboxPolicy, output: Int32) async throws -> SandboxExit {
        try Task.checkCancellation()
        for limitation in limitations(for: policy) { reporter.report(limitation) }
        let launch = try SandboxLaunch(policy: policy, capabilities: capabilities, output: output)
        let cgroup = try capabilities.cgroupParent.map { (parent) throws(SandboxError) in
            try SandboxCgroup.create(under: parent, memoryLimit: policy.memoryLimit, pidLimit: policy.pidLimit)
        }
        defer { cgroup?.remove() }
        let control = SandboxControl(cgroup: cgroup)
        let exit = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SandboxExit, any Error>) in
                // A thread of its own: it blocks in waitid, and the child's parent-death signal is
                // tied to the thread that cloned it, which must therefore outlive the child.
                let thread = Thread {
                    do {
                        continuation.resume(returning: try launch.spawnAndWait(control: control, cgroup: cgroup))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "bake-sandbox"
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
        if control.wasCancelled { throw CancellationError() }
        return exit
    }
}

/// A policy resolved against the host: absolute program, canonical paths, namespace set. Built in
/// the calling task, used on the run's thread.
struct SandboxLaunch: Sendable {
    var arguments: [String]
    var environment: [String]
    var workingDirectory: String
    var writablePaths: [String]
    var readablePaths: [String]
    var hostname: String?
    var namespaces: Int32
    var freshProc: Bool
    var recursiveReadOnly: Bool
    var hostMounts: [String]
    var umask: UInt16
    var output: Int32
    var seccomp: Bool
    var seccompDeniesInet: Bool

    init(policy: SandboxPolicy, capabilities: SandboxCapabilities, output: Int32) throws(SandboxError) {
        guard let program = policy.arguments.first, !program.isEmpty else {
            throw SandboxError(.invalidPolicy, "the policy has no command")
        }
        let path = policy.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        arguments = policy.arguments
        arguments[0] = try Self.resolve(program, searching: path)
        environment = policy.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        guard LinuxSystem.isDirectory(policy.workingDirectory) else {
            throw SandboxError(.invalidPolicy, "working directory \(policy.workingDirectory) is not a directory")
        }
        workingDirectory = try LinuxSystem.canonicalPath(policy.workingDirectory)
        var writable: Set<String> = []
        for directory in policy.writablePaths {
            guard LinuxSystem.isDirectory(directory) else {
                throw SandboxError(.invalidPolicy, "writable path \(directory) is not a directory")
            }
            writable.insert(try LinuxSystem.canonicalPath(directory))
        }
        // A directory inside another writable one needs no bind of its own; binding it anyway
        // would make it a mount point the task could not remove or rename (rm -rf of a
        // [cleandirs] entry from inside the task must work as it does under BitBake).
        let sorted = writable.sorted()
        writablePaths = sorted.filter { path in
            !sorted.contains { other in other != path && (other == "/" || path.hasPrefix(other + "/")) }
        }
        var readable: Set<String> = []
        for directory in policy.readablePaths where LinuxSystem.isDirectory(directory) {
            let path = try LinuxSystem.canonicalPath(directory)
            if path == "/tmp" || path.hasPrefix("/tmp/") { readable.insert(path) }
        }
        readablePaths = readable.sorted()

        var namespaces: Int32 = 0
        let wanted: [(SandboxFeature, Int32, Bool)] = [
            (.userNamespace, Int32(BAKE_SANDBOX_NS_USER), true),
            (.readOnlyView, Int32(BAKE_SANDBOX_NS_MOUNT), true),
            (.pidNamespace, Int32(BAKE_SANDBOX_NS_PID), true),
            (.networkNamespace, Int32(BAKE_SANDBOX_NS_NET), !policy.networkAllowed),
            (.utsNamespace, Int32(BAKE_SANDBOX_NS_UTS), true),
            (.ipcNamespace, Int32(BAKE_SANDBOX_NS_IPC), true),
        ]
        for (feature, bit, wanted) in wanted where wanted && capabilities.supports(feature) { namespaces |= bit }
        self.namespaces = namespaces
        hostname = capabilities.supports(.utsNamespace) ? policy.hostname : nil
        freshProc = capabilities.supports(.freshProc)
        recursiveReadOnly = capabilities.supports(.recursiveReadOnly)
        hostMounts = capabilities.supports(.readOnlyView) && !recursiveReadOnly ? MountInfo.mountPoints() : []
        umask = policy.umask
        self.output = output
        seccomp = capabilities.supports(.seccomp)
        seccompDeniesInet = seccomp && !policy.networkAllowed && !capabilities.supports(.networkNamespace)
    }

    /// The absolute path of `program`: as given when it has a slash, else the first hit in `path`.
    static func resolve(_ program: String, searching path: String) throws(SandboxError) -> String {
        if program.contains("/") {
            guard LinuxSystem.isExecutableFile(program) else {
                throw SandboxError(.invalidPolicy, "\(program) is not an executable file")
            }
            return program.hasPrefix("/") ? program : FileManager.default.currentDirectoryPath + "/" + program
        }
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(program)"
            if LinuxSystem.isExecutableFile(candidate) { return candidate }
        }
        throw SandboxError(.invalidPolicy, "\(program) not found in PATH (\(path))")
    }

    /// Spawns the task and blocks until it is gone. Runs on the run's own thread.
    func spawnAndWait(control: SandboxControl, cgroup: SandboxCgroup?) throws(SandboxError) -> SandboxExit {
        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        let writable = CStringArray(writablePaths)
        let readable = CStringArray(readablePaths)
        let mounts = CStringArray(hostMounts)
        let strings = CStringArray([workingDirectory, hostname ?? "", "/tmp", cgroup?.processesFile ?? ""])

        var config = bake_sandbox_config(
            argv: argv.base, envp: envp.base, cwd: strings[0], writable: writable.base,
            writable_count: writable.count, readonly: readable.base, readonly_count: readable.count, hostname: hostname == nil ? nil : strings[1], namespaces: namespaces,
            fresh_proc: freshProc ? 1 : 0, use_mount_setattr: recursiveReadOnly ? 1 : 0, host_mounts: mounts.base,
            host_mounts_count: mounts.count, stage_dir: strings[2], outer_uid: LinuxSystem.effectiveUserID,
            outer_gid: LinuxSystem.effectiveGroupID, log_fd: output, umask: Int32(umask),
            cgroup_procs: cgroup == nil ? nil : strings[3], seccomp: seccomp ? 1 : 0,
            seccomp_deny_inet: seccompDeniesInet ? 1 : 0)

        var child = bake_sandbox_child()
        var failure = bake_sandbox_error()
        let spawned = withExtendedLifetime((argv, envp, writable, readable, mounts, strings)) {
            bake_sandbox_spawn(&config, &child, &failure)
        }
        if spawned != 0 {
            let call = withUnsafeBytes(of: failure.call) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw SandboxError.systemCall(call, errno: failure.error_number)
        }
        let usesPidNamespace = namespaces & Int32(BAKE_SANDBOX_NS_PID) != 0
        control.started(pid: child.pid, pidNamespace: usesPidNamespace)
        defer { if child.status_fd >= 0 { LinuxSystem.close(child.status_fd) } }
        try LinuxSystem.waitForExit(child.pid)
        control.exited()
        var status = try LinuxSystem.reap(child.pid)
        if child.status_fd >= 0 {
            // init passes the task's own status; none means init itself was killed (cancellation).
            let bytes = try LinuxSystem.read(child.status_fd, count: MemoryLayout<Int32>.size)
            if bytes.count == MemoryLayout<Int32>.size {
                status = bytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }
            }
        }
        return SandboxExit(
            termination: LinuxSystem.termination(of: status), outOfMemoryKills: cgroup?.outOfMemoryKills() ?? 0)
    }
}
