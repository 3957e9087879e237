/// The text of bake's build progress, worded as BitBake's knotty UI words it (facts from
/// `lib/bb/ui/knotty.py`, `lib/bb/ui/uihelper.py`, `lib/bb/runqueue.py` and `lib/bb/build.py`),
/// so people and scripts used to BitBake's output read bake's the same way.
///
/// Pure functions of their arguments: `BuildProgress` decides when to print, this type only
/// what. Where bake knows less than BitBake, the line is shortened, never reworded: task lines
/// of the live display carry no `(pid N)`, and a failure prints the runner's reason where
/// BitBake prints an exit code.
public enum ProgressText {
    /// One running task, as the live display lists it.
    public struct RunningTask: Hashable, Sendable {
        public var task: TaskID
        /// The recipe's `PF` when known, else its `PN`.
        public var package: String
        /// How long it has been running.
        public var elapsed: Duration

        public init(task: TaskID, package: String? = nil, elapsed: Duration) {
            self.task = task
            self.package = package ?? task.recipe
            self.elapsed = elapsed
        }
    }

    // MARK: Plain lines (not a terminal)

    /// `NOTE: Running task 3 of 10 (busybox:do_compile)`; `noexec` tasks say `noexec task`.
    ///
    /// - Parameters:
    ///   - number: BitBake counts completed, running and failed tasks, plus one.
    ///   - total: every task of the run.
    public static func runningTask(_ task: TaskID, number: Int, of total: Int, noexec: Bool = false) -> String {
        "NOTE: Running \(noexec ? "noexec task" : "task") \(number) of \(total) (\(task))"
    }

    /// What a task's own events print: `NOTE: recipe busybox-1.36.1-r0: task do_compile: Started`
    /// (or `Succeeded`, `Failed`).
    ///
    /// - Parameter package: the recipe's `PF` when known; bake's task ids carry only `PN`.
    public static func taskEvent(_ task: TaskID, package: String, _ what: String) -> String {
        "NOTE: recipe \(package): task \(task.task): \(what)"
    }

    /// `ERROR: Task (busybox:do_compile) failed: <reason>`; BitBake has `with exit code 'N'`
    /// where bake has the runner's reason.
    public static func taskFailed(_ task: TaskID, reason: String) -> String {
        "ERROR: Task (\(task)) failed: \(reason)"
    }

    // MARK: The live display (a terminal)

    /// The footer redrawn under the log: a status line, then one line per running task,
    /// numbered from 0, as many as fit in `rows - 1` screen lines. Empty when nothing runs and
    /// the last task has started (knotty clears its footer then).
    ///
    /// - Parameters:
    ///   - running: in the order they started.
    ///   - current: the number of the most recently started task (knotty's "x" of "x of y").
    ///   - stopping: a graceful stop was requested; the status says what it waits for.
    public static func footer(
        running: [RunningTask], current: Int, total: Int, stopping: Bool, rows: Int = 25, columns: Int = 80
    ) -> [String] {
        if (total == 0 || current == total) && running.isEmpty { return [] }
        let status: String
        if stopping {
            status = running.count == 1
                ? "Waiting for 1 running task to finish:"
                : "Waiting for \(running.count) running tasks to finish:"
        } else if running.isEmpty {
            status = "No currently running tasks (\(current) of \(total))"
        } else {
            // knotty formats the count with %2s: right-aligned in two columns.
            let count = String(running.count)
            status = "Currently \(count.count < 2 ? " " + count : count) running tasks (\(current) of \(total))"
        }
        var lines = [status]
        var used = screenLines(status, columns: columns)
        for (number, task) in running.enumerated() {
            let line = "\(number): \(task.package) \(task.task.task) - \(elapsed(task.elapsed))"
            let height = screenLines(line, columns: columns)
            guard used + height <= rows - 1 else { break }
            lines.append(line)
            used += height
        }
        return lines
    }

    /// Elapsed time as knotty shows it, whole seconds truncated: `7s`, `2m5s`, `1h0m12s`.
    public static func elapsed(_ duration: Duration) -> String {
        let total = max(duration.components.seconds, 0)
        let hours = total / 3600
        let minutes = total % 3600 / 60
        let seconds = total % 60
        if hours > 0 { return "\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(minutes)m\(seconds)s" }
        return "\(seconds)s"
    }

    /// How many screen lines `line` takes on a terminal `columns` wide (knotty's count).
    public static func screenLines(_ line: String, columns: Int) -> Int {
        1 + line.count / (columns + 1)
    }

    /// ANSI escapes that move the cursor up over a footer of `lines` screen lines and erase
    /// from there to the end of the screen (terminfo's `cuu` and `ed`).
    public static func eraseFooter(lines: Int) -> String {
        lines > 0 ? "\u{1B}[\(lines)A\u{1B}[J" : ""
    }

    // MARK: The end of a build

    /// The lines a build ends with: BitBake's `Tasks Summary`, then knotty's summary of
    /// failed tasks and error count, and a note when the build was interrupted.
    ///
    /// - Parameters:
    ///   - completed: tasks that ended well, up-to-date and `noexec` ones included (BitBake
    ///     counts all of them as completed).
    ///   - upToDate: of those, the ones that did not need to run.
    ///   - failed: the tasks that failed, in the order they failed.
    ///   - errors: ERROR lines printed during the build.
    ///   - interrupted: the build was stopped or cancelled.
    public static func summary(
        completed: Int, upToDate: Int, failed: [TaskID], errors: Int, interrupted: Bool
    ) -> [String] {
        var lines: [String] = []
        if failed.isEmpty {
            lines.append(
                "NOTE: Tasks Summary: Attempted \(completed) tasks of which \(upToDate) didn't need to be rerun and all succeeded."
            )
        } else {
            lines.append(
                "NOTE: Tasks Summary: Attempted \(completed + failed.count) tasks of which \(upToDate) didn't need to be rerun and \(failed.count) failed."
            )
        }
        // knotty's own summary, printed after a blank line when it has anything to say.
        var knotty: [String] = []
        if !failed.isEmpty {
            knotty.append(failed.count == 1 ? "Summary: 1 task failed:" : "Summary: \(failed.count) tasks failed:")
            knotty += failed.map { "  \($0)" }
        }
        if errors > 0 {
            knotty.append(
                errors == 1
                    ? "Summary: There was 1 ERROR message, returning a non-zero exit code."
                    : "Summary: There were \(errors) ERROR messages, returning a non-zero exit code."
            )
        }
        if !knotty.isEmpty { lines += [""] + knotty }
        if interrupted { lines.append("Execution was interrupted, returning a non-zero exit code.") }
        return lines
    }
}
