public import BakeBasics
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The history on disk: one small JSON file, rewritten whole after each build.
///
/// ```json
/// {"format":"bake-task-durations","version":1,
///  "tasks":{"busybox:do_compile":{"nanoseconds":41200000000,"runs":3}}}
/// ```
///
/// Durations are integer nanoseconds so a save and load give back the same values. The file
/// is replaced by writing a temporary file beside it and renaming it over the old one, so a
/// reader (or a crash) never sees half a file; when two builds save at once, the last rename
/// wins, which costs one build's measurements at worst.
extension TaskDurationHistory {
    /// Where the history lives by default: `$XDG_CACHE_HOME/bake/task-durations.json`, else
    /// `~/.cache/bake/task-durations.json`; nil when neither variable is set.
    ///
    /// - Parameter environment: the variables to read; nil for this process's.
    public static func defaultPath(environment: [String: String]? = nil) -> String? {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/bake/task-durations.json" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.cache/bake/task-durations.json" }
        return nil
    }

    /// Reads the history at `path`. A missing file is an empty history; an unreadable or
    /// corrupt one is ignored too (estimates only steer priorities, so a build must not fail
    /// over them) and reported as a warning.
    ///
    /// - Returns: the history, and a warning when the file existed but could not be used.
    public static func load(from path: String) -> (history: TaskDurationHistory, warning: Diagnostic?) {
        guard FileManager.default.fileExists(atPath: path) else { return (TaskDurationHistory(), nil) }
        func ignored(_ why: String) -> (TaskDurationHistory, Diagnostic?) {
            let message = "ignoring the task duration history \(path): \(why); estimates start afresh"
            return (TaskDurationHistory(), Diagnostic(.warning, .io, message))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return ignored("it cannot be read") }
        let file: FileFormat
        do {
            file = try JSONDecoder().decode(FileFormat.self, from: data)
        } catch {
            return ignored("it is not valid JSON of the expected shape")
        }
        guard file.format == FileFormat.formatName else { return ignored("it is not a task duration history") }
        guard file.version == FileFormat.currentVersion else { return ignored("unknown version \(file.version)") }
        var entries: [TaskID: Entry] = [:]
        for (key, value) in file.tasks {
            guard let task = TaskID(parsing: key) else { return ignored("'\(key)' is not a recipe:task name") }
            guard value.nanoseconds >= 0, value.runs >= 1 else { return ignored("'\(key)' has impossible values") }
            entries[task] = Entry(average: .nanoseconds(value.nanoseconds), runs: value.runs)
        }
        return (TaskDurationHistory(entries: entries), nil)
    }

    /// Writes the history to `path` atomically, creating its directory when needed.
    ///
    /// - Throws: `TaskDurationHistoryError` when the directory, the temporary file or the
    ///   rename fails; the old file is then left as it was.
    public func save(to path: String) throws(TaskDurationHistoryError) {
        var tasks: [String: FileFormat.Task] = [:]
        for (task, entry) in entries {
            let (seconds, attoseconds) = entry.average.components
            let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            guard !nanoseconds.overflow else { continue }
            tasks[task.description] = FileFormat.Task(nanoseconds: nanoseconds.partialValue + attoseconds / 1_000_000_000, runs: entry.runs)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(FileFormat(format: FileFormat.formatName, version: FileFormat.currentVersion, tasks: tasks))
        } catch {
            throw TaskDurationHistoryError(path: path, message: "cannot encode the history: \(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw TaskDurationHistoryError(path: path, message: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        // Same directory as the target, so the rename stays on one file system and is atomic.
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw TaskDurationHistoryError(path: path, message: "cannot write \(temporary)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw TaskDurationHistoryError(path: path, message: "cannot rename \(temporary) over it: \(reason)")
        }
    }
}

/// The JSON document, kept apart from the in-memory type so the file format changes only on
/// purpose.
private struct FileFormat: Codable {
    static let formatName = "bake-task-durations"
    static let currentVersion = 1

    struct Task: Codable {
        var nanoseconds: Int64
        var runs: Int
    }

    var format: String
    var version: Int
    var tasks: [String: Task]
}
