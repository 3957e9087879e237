import BakeScheduler
import Foundation

/// BitBake's stamps: `${STAMP}.do_task.<taskhash>` marks a task done for exactly that hash, so
/// a stamp left by an older build of a changed task simply does not match. Beside each stamp,
/// `${STAMP}.do_task.sigdata.<taskhash>` keeps the signature (JSON) that `bake diffsigs` and
/// the "why does this rerun" report compare against.
struct StampStore {
    /// The task's `STAMP` base (`.../stamps/hello-2.1-r0`).
    static func stampPath(base: String, task: String, hash: String) -> String { "\(base).\(task).\(hash)" }
    static func sigdataPath(base: String, task: String, hash: String) -> String { "\(base).\(task).sigdata.\(hash)" }

    static func isCurrent(base: String, task: String, hash: String) -> Bool {
        FileManager.default.fileExists(atPath: stampPath(base: base, task: task, hash: hash))
    }

    /// The signatures recorded for the task under any hash, newest first (the last build's
    /// first).
    static func signatures(base: String, task: String) -> [TaskSignature] {
        let directory = (base as NSString).deletingLastPathComponent
        let prefix = (base as NSString).lastPathComponent + "." + task + ".sigdata."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var found: [(Date, TaskSignature)] = []
        for name in names where name.hasPrefix(prefix) {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path),
                  let signature = try? JSONDecoder().decode(TaskSignature.self, from: data) else { continue }
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            found.append((date, signature))
        }
        return found.sorted { $0.0 > $1.0 }.map(\.1)
    }

    static func lastSignature(base: String, task: String) -> TaskSignature? { signatures(base: base, task: task).first }

    /// Writes the stamp and the signature, replacing the task's stamps for other hashes
    /// (BitBake's cleanmask), each file written whole before it is renamed into place.
    static func record(base: String, task: String, signature: TaskSignature) throws {
        let directory = (base as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let prefix = (base as NSString).lastPathComponent + "." + task + "."
        // Old stamps go; old signatures stay, as BitBake keeps them, for `bake diffsigs`, and
        // so does a taint (it keeps the task's hash changed until the next taint).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if rest != signature.taskhash && !rest.hasPrefix("sigdata.") && rest != "taint" {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(signature).write(to: URL(fileURLWithPath: sigdataPath(base: base, task: task, hash: signature.taskhash)),
                                            options: .atomic)
        try Data().write(to: URL(fileURLWithPath: stampPath(base: base, task: task, hash: signature.taskhash)), options: .atomic)
    }

    /// `-C`/`-f` (BitBake's `invalidate_task`): a taint file with a fresh random value, which
    /// goes into the task's hash, so the task and everything after it run again.
    static func addTaint(base: String, task: String) throws {
        let directory = (base as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(UUID().uuidString.lowercased().utf8).write(to: URL(fileURLWithPath: "\(base).\(task).taint"), options: .atomic)
    }

    /// The task's taint, if `-C`/`-f` ever set one.
    static func taint(base: String, task: String) -> String? {
        FileManager.default.contents(atPath: "\(base).\(task).taint").map { String(decoding: $0, as: UTF8.self) }
    }
}
