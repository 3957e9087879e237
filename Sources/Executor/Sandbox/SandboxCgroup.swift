import Foundation
import Synchronization

/// One task's cgroup v2 directory: memory.max and pids.max set before the task starts, killed and
/// removed after it ends.
///
/// The parent cgroup is bake's own, which must be delegated (writable, with memory and pids
/// enabled for its children): bake never moves itself or touches cgroups it did not create.
struct SandboxCgroup: Sendable {
    let path: String

    var processesFile: String { path + "/cgroup.procs" }

    private static let counter = Atomic<Int>(0)

    /// Creates a child of `parent` with the given limits.
    /// - Throws: `SandboxError` naming the failed mkdir or write.
    static func create(under parent: String, memoryLimit: Int?, pidLimit: Int?) throws(SandboxError) -> SandboxCgroup {
        let number = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let cgroup = SandboxCgroup(path: "\(parent)/bake-\(LinuxSystem.processID)-\(number)")
        try LinuxSystem.makeDirectory(cgroup.path)
        do {
            if let memoryLimit {
                try LinuxSystem.writeControlFile(cgroup.path + "/memory.max", "\(memoryLimit)\n")
                // Without this, swap absorbs the excess and the limit only slows the task down.
                try? LinuxSystem.writeControlFile(cgroup.path + "/memory.swap.max", "0\n")
            }
            if let pidLimit {
                try LinuxSystem.writeControlFile(cgroup.path + "/pids.max", "\(pidLimit)\n")
            }
        } catch {
            cgroup.remove()
            throw error
        }
        return cgroup
    }

    /// Kills every process in the cgroup (cgroup.kill, Linux 5.14+); a no-op where it is missing.
    func killAll() {
        try? LinuxSystem.writeControlFile(path + "/cgroup.kill", "1\n")
    }

    /// memory.events `oom_kill`: how many processes the OOM killer took.
    func outOfMemoryKills() -> Int {
        guard let text = try? String(contentsOfFile: path + "/memory.events", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "oom_kill" { return Int(fields[1]) ?? 0 }
        }
        return 0
    }

    /// Kills leftovers and removes the directory, waiting briefly for the kernel to let go of them.
    func remove() {
        killAll()
        for _ in 0..<100 {
            if LinuxSystem.removeDirectory(path) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// Where bake may create task cgroups, or why it may not.
    static func discoverParent() -> Result<String, SandboxLimitationReason> {
        guard let membership = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
            let line = membership.split(separator: "\n").first(where: { $0.hasPrefix("0::") })
        else {
            return .failure("bake is in no cgroup v2 hierarchy (cgroup v1 only)")
        }
        let relative = String(line.dropFirst(3))
        guard let mount = cgroup2Mount() else {
            return .failure("no cgroup2 file system is mounted")
        }
        var suffix = relative
        if mount.root != "/", suffix.hasPrefix(mount.root) { suffix = String(suffix.dropFirst(mount.root.count)) }
        let parent = mount.point + (suffix == "/" ? "" : suffix)

        let controllers = (try? String(contentsOfFile: parent + "/cgroup.controllers", encoding: .utf8)) ?? ""
        let available = Set(controllers.split(whereSeparator: \.isWhitespace).map(String.init))
        let missing = ["memory", "pids"].filter { !available.contains($0) }
        if !missing.isEmpty {
            return .failure(
                "the \(missing.joined(separator: " and ")) controller\(missing.count > 1 ? "s are" : " is") not "
                    + "available in cgroup v2 at \(parent) (cgroup.controllers: \(controllers.isEmpty ? "empty" : controllers.trimmingCharacters(in: .whitespacesAndNewlines)))"
            )
        }
        guard LinuxSystem.isWritable(parent) else {
            return .failure("\(parent) is not delegated to uid \(LinuxSystem.effectiveUserID) (not writable)")
        }
        let subtree = (try? String(contentsOfFile: parent + "/cgroup.subtree_control", encoding: .utf8)) ?? ""
        let enabled = Set(subtree.split(whereSeparator: \.isWhitespace).map(String.init))
        if !enabled.isSuperset(of: ["memory", "pids"]) {
            do {
                try LinuxSystem.writeControlFile(parent + "/cgroup.subtree_control", "+memory +pids\n")
            } catch {
                return .failure(
                    "cannot enable memory and pids for children of \(parent): \(error.message) "
                        + "(a cgroup with processes cannot; run bake in a delegated cgroup, e.g. "
                        + "systemd-run --user --scope -p Delegate=yes)")
            }
        }
        return .success(parent)
    }

    /// The first cgroup2 mount in mountinfo: its mount point and the cgroup path it shows as root.
    private static func cgroup2Mount() -> (point: String, root: String)? {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2, halves[1].hasPrefix("cgroup2 ") else { continue }
            let fields = halves[0].split(separator: " ")
            guard fields.count >= 5 else { continue }
            return (MountInfo.unescape(fields[4]), MountInfo.unescape(fields[3]))
        }
        return nil
    }
}

/// Why the host refused a feature, as text for `SandboxLimitation.reason`.
struct SandboxLimitationReason: Error, ExpressibleByStringLiteral, Sendable {
    var text: String
    init(_ text: String) { self.text = text }
    init(stringLiteral text: String) { self.text = text }
}

extension Result where Failure == SandboxLimitationReason {
    static func failure(_ text: String) -> Result { .failure(SandboxLimitationReason(text)) }
}
