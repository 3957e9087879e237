import BakeScheduler
import Foundation

/// The scheduler's runner for a build: each task as a shell task in the sandbox (a Python
/// task as a `bake python-task` process in it), its stamp and signature recorded when it
/// succeeds.
struct RecipeTaskRunner: TaskRunner {
    let tasks: [TaskID: PreparedTask]
    let shell: ShellTaskRunner
    /// Receives the tail of a failed task's log (knotty prints it under the error).
    let report: @Sendable (String) -> Void

    func run(_ node: TaskNode) async -> TaskOutcome {
        guard let task = tasks[node.id] else { return .failed(reason: "no prepared task for \(node.id)") }
        do {
            let result = try await shell.run(task.shell)
            if let failure = result.failure {
                // As knotty prints it: each log line behind "| ".
                let tail = result.logTail().split(separator: "\n", omittingEmptySubsequences: false).map { "| " + $0 }
                report("ERROR: Logfile of failure stored in: \(result.logFile)\nLog data follows:\n" + tail.joined(separator: "\n") + "\n")
                return .failed(reason: "\(failure.function) exited with \(failure.exit)")
            }
            if !task.nostamp {
                try StampStore.record(base: task.stampBase, task: node.id.task, signature: task.signature)
            }
            return .succeeded
        } catch is CancellationError {
            return .failed(reason: "interrupted")
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}
