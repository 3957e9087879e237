import Foundation

/// What became of a shell task: success or the function that failed, and where its log is.
public struct ShellTaskResult: Sendable, Hashable {
    /// `${T}/log.do_TASK.PID`: the output of every function of the task.
    public var logFile: String
    /// The run files written, in the order they ran (prefuncs, the task, postfuncs).
    public var runFiles: [String]
    /// The function that failed and how it ended; nil when the task succeeded.
    public var failure: Failure?

    public struct Failure: Sendable, Hashable {
        public var function: String
        public var exit: SandboxExit
    }

    public var succeeded: Bool { failure == nil }

    /// The last `count` lines of the log, for showing under a failure.
    public func logTail(lines count: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.suffix(count).joined(separator: "\n")
    }
}
