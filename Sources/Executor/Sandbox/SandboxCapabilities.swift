import CBakeSandbox

/// What this host lets the sandbox enforce, found once per process by trying each feature in a
/// throwaway child (so kernels, sysctls, container seccomp profiles and LSMs all count).
public struct SandboxCapabilities: Sendable, Hashable {
    /// Features the sandbox will use.
    public private(set) var available: Set<SandboxFeature>
    /// For each feature not available: why, and what tasks get instead.
    public private(set) var limitations: [SandboxFeature: SandboxLimitation]
    /// The delegated cgroup v2 directory task cgroups go under, when `.cgroup` is available.
    public private(set) var cgroupParent: String?
    /// bake runs as uid 0 outside: without a user namespace the task is then the real root.
    public let runsAsRoot: Bool

    /// The host's capabilities, probed on first use.
    public static let host = SandboxCapabilities.probe()

    /// Probes the host now. Prefer `host`, which does it once.
    public static func probe() -> SandboxCapabilities {
        var result = bake_sandbox_probe_result()
        bake_sandbox_probe(&result)
        var capabilities = SandboxCapabilities(
            available: [], limitations: [:], cgroupParent: nil, runsAsRoot: LinuxSystem.effectiveUserID == 0)

        let namespaces: [(SandboxFeature, Int32, String)] = [
            (.userNamespace, Int32(BAKE_SANDBOX_NS_USER), "CLONE_NEWUSER"),
            (.mountNamespace, Int32(BAKE_SANDBOX_NS_MOUNT), "CLONE_NEWNS"),
            (.pidNamespace, Int32(BAKE_SANDBOX_NS_PID), "CLONE_NEWPID"),
            (.networkNamespace, Int32(BAKE_SANDBOX_NS_NET), "CLONE_NEWNET"),
            (.utsNamespace, Int32(BAKE_SANDBOX_NS_UTS), "CLONE_NEWUTS"),
            (.ipcNamespace, Int32(BAKE_SANDBOX_NS_IPC), "CLONE_NEWIPC"),
        ]
        let errors = withUnsafeBytes(of: result.namespace_errors) { Array($0.bindMemory(to: Int32.self)) }
        for (index, (feature, bit, flag)) in namespaces.enumerated() {
            if result.namespaces & bit != 0 {
                capabilities.available.insert(feature)
            } else {
                capabilities.refuse(feature, reason: reason("clone(\(flag))", errors[index]))
            }
        }
        if result.mount_view != 0 {
            capabilities.available.insert(.readOnlyView)
        } else {
            let call = withUnsafeBytes(of: result.mount_view_call) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            capabilities.refuse(.readOnlyView, reason: reason(call.isEmpty ? "mount view" : call, result.mount_view_error))
        }
        if result.mount_setattr != 0 {
            capabilities.available.insert(.recursiveReadOnly)
        } else {
            capabilities.refuse(.recursiveReadOnly, reason: "mount_setattr(AT_RECURSIVE) is unavailable")
        }
        if result.fresh_proc != 0 {
            capabilities.available.insert(.freshProc)
        } else {
            capabilities.refuse(.freshProc, reason: reason("mount(proc)", result.fresh_proc_error))
        }
        if result.seccomp != 0 {
            capabilities.available.insert(.seccomp)
        } else {
            capabilities.refuse(.seccomp, reason: reason("seccomp(SECCOMP_SET_MODE_FILTER)", result.seccomp_error))
        }
        switch SandboxCgroup.discoverParent() {
        case .success(let parent):
            capabilities.available.insert(.cgroup)
            capabilities.cgroupParent = parent
        case .failure(let failure):
            capabilities.refuse(.cgroup, reason: failure.text)
        }
        capabilities.refreshConsequences()
        return capabilities
    }

    public func supports(_ feature: SandboxFeature) -> Bool { available.contains(feature) }

    /// These capabilities without `features` (and what depends on them), as if the host had
    /// refused them: for hosts where a feature misbehaves, and for tests of the fallbacks.
    public func disabling(_ features: Set<SandboxFeature>) -> SandboxCapabilities {
        var copy = self
        for feature in features where copy.available.contains(feature) {
            copy.refuse(feature, reason: "disabled by configuration")
        }
        copy.refreshConsequences()
        return copy
    }

    /// Marks `feature` (and the features built on it) unavailable.
    private mutating func refuse(_ feature: SandboxFeature, reason: String) {
        available.remove(feature)
        limitations[feature] = SandboxLimitation(feature: feature, reason: reason, consequence: consequence(of: feature))
        if feature == .cgroup { cgroupParent = nil }
        // Without a user namespace only root can create the others.
        let needsUser: [SandboxFeature] =
            runsAsRoot ? [] : [.mountNamespace, .pidNamespace, .networkNamespace, .utsNamespace, .ipcNamespace]
        let dependents: [SandboxFeature: [SandboxFeature]] = [
            .userNamespace: needsUser,
            .mountNamespace: [.readOnlyView],
            .readOnlyView: [.recursiveReadOnly, .freshProc],
            .pidNamespace: [.freshProc],
        ]
        for dependent in dependents[feature] ?? [] where available.contains(dependent) {
            refuse(dependent, reason: "needs the \(feature)")
        }
    }

    /// Consequences depend on other features (network falls back to seccomp): recompute them all.
    private mutating func refreshConsequences() {
        for feature in Array(limitations.keys) {
            let text = consequence(of: feature)
            limitations[feature]?.consequence = text
        }
    }

    private func consequence(of feature: SandboxFeature) -> String {
        switch feature {
        case .userNamespace:
            runsAsRoot
                ? "the task runs as the real root"
                : "the task runs as uid \(LinuxSystem.effectiveUserID), not as root, and no other namespace can be created"
        case .mountNamespace, .readOnlyView:
            "the task can write wherever uid \(LinuxSystem.effectiveUserID) can, and shares /tmp and /dev with the host"
        case .recursiveReadOnly: "each host mount is remounted read-only in turn"
        case .pidNamespace: "the task sees host processes; cancelling kills its process group (and cgroup) only"
        case .networkNamespace:
            available.contains(.seccomp)
                ? "tasks without network get a seccomp rule refusing IPv4/IPv6 sockets instead (no loopback either)"
                : "tasks can reach the network"
        case .utsNamespace: "the task sees the host's hostname"
        case .ipcNamespace: "System V IPC and POSIX message queues are shared with the host"
        case .freshProc: "the task sees the host's /proc, read-only"
        case .seccomp: "dangerous system calls are not filtered"
        case .cgroup: "memory and pid limits are not enforced"
        }
    }
}

private func reason(_ call: String, _ number: Int32) -> String {
    if number == 0 { return call }
    let symbol = LinuxSystem.symbol(errno: number).map { " (\($0))" } ?? ""
    return "\(call): \(LinuxSystem.describe(errno: number))\(symbol)"
}
