import Synchronization

/// A `SchedulerObserver` that tells a person how the build is going, as BitBake's knotty UI
/// does: on a terminal, a live footer of running tasks redrawn in place; elsewhere (a log
/// file, CI), one `NOTE:` line per start and end. It keeps count of done, total and failed
/// tasks for the closing summary. The words come from `ProgressText`.
///
/// Thread-safe: the scheduler's events and a periodic `tick()` may arrive from different
/// tasks; output is written under the lock, so lines never interleave.
public final class BuildProgress: SchedulerObserver, Sendable {
    /// How progress is shown.
    public enum Style: Hashable, Sendable {
        /// A live footer redrawn with ANSI escapes; plain `NOTE:` lines are left out (knotty
        /// filters them on a terminal), errors print above the footer.
        case terminal(rows: Int, columns: Int)
        /// One line per event.
        case plain
    }

    /// Counts and running tasks at one moment.
    public struct Snapshot: Hashable, Sendable {
        /// Tasks of the run, up-to-date ones included.
        public var total: Int
        /// Tasks ended well: succeeded, `noexec`, or up to date.
        public var completed: Int
        /// Tasks that did not need to run.
        public var upToDate: Int
        /// Failed tasks, in the order they failed.
        public var failed: [TaskID]
        /// Running tasks in the order they started, with how long each has run.
        public var running: [ProgressText.RunningTask]
        /// The number of the most recently started task.
        public var current: Int
    }

    private struct State {
        var total: Int
        var completed: Int
        var upToDate: Int
        var failed: [TaskID] = []
        var errors = 0
        /// Running tasks with their start times, in start order.
        var running: [(task: TaskID, started: Duration)] = []
        var current = 0
        /// Screen lines of the footer now on screen; 0 when none is drawn.
        var footerLines = 0
        var footerDrawn = false
        var lastDraw: Duration?
        /// Something changed since the last draw.
        var changed = false
        var finished = false
    }

    private let style: Style
    private let packages: [String: String]
    private let redrawInterval: Duration
    private let stop: GracefulStop?
    private let now: @Sendable () -> Duration
    private let write: @Sendable (String) -> Void
    private let state: Mutex<State>

    /// - Parameters:
    ///   - total: tasks in the graph being run.
    ///   - upToDate: tasks found current before the run and left out of the graph; BitBake
    ///     counts them in the total and as "didn't need to be rerun".
    ///   - style: live footer or plain lines (`Style.detect()` picks by the output).
    ///   - packages: `PN` to `PF` (`busybox` to `busybox-1.36.1-r0`), for the task lines.
    ///   - redrawInterval: the live footer is redrawn at most this often (unless a line was
    ///     printed above it), and every 5 s anyway so elapsed times move.
    ///   - stop: when it is requested, the footer says it waits for the running tasks.
    ///   - now: the time since some fixed start; the default is the continuous clock.
    ///   - write: receives the text, newlines included.
    public init(
        total: Int, upToDate: Int = 0, style: Style, packages: [String: String] = [:],
        redrawInterval: Duration = .milliseconds(250), stop: GracefulStop? = nil,
        now: (@Sendable () -> Duration)? = nil, write: @escaping @Sendable (String) -> Void
    ) {
        self.style = style
        self.packages = packages
        self.redrawInterval = redrawInterval
        self.stop = stop
        if let now {
            self.now = now
        } else {
            let clock = ContinuousClock()
            let origin = clock.now
            self.now = { origin.duration(to: clock.now) }
        }
        self.write = write
        state = Mutex(State(total: total + upToDate, completed: upToDate, upToDate: upToDate))
    }

    /// The counts now.
    public var snapshot: Snapshot {
        let time = now()
        return state.withLock { state in
            Snapshot(
                total: state.total, completed: state.completed, upToDate: state.upToDate, failed: state.failed,
                running: runningTasks(state, at: time), current: state.current
            )
        }
    }

    public func schedulerEvent(_ event: SchedulerEvent) async {
        let time = now()
        state.withLock { state in
            guard !state.finished else { return }
            var lines: [String] = []
            switch event {
            case .started(let task):
                state.current = state.completed + state.running.count + state.failed.count + 1
                state.running.append((task, time))
                lines.append(ProgressText.runningTask(task, number: state.current, of: state.total))
                lines.append(ProgressText.taskEvent(task, package: package(task), "Started"))
            case .skipped(let task):
                // BitBake numbers a noexec task like any other and counts it as completed.
                state.current = state.completed + state.running.count + state.failed.count + 1
                state.completed += 1
                lines.append(ProgressText.runningTask(task, number: state.current, of: state.total, noexec: true))
            case .finished(let task, let outcome):
                state.running.removeAll { $0.task == task }
                switch outcome {
                case .succeeded:
                    state.completed += 1
                    lines.append(ProgressText.taskEvent(task, package: package(task), "Succeeded"))
                case .failed(let reason):
                    state.failed.append(task)
                    state.errors += 1
                    lines.append(ProgressText.taskEvent(task, package: package(task), "Failed"))
                    lines.append(ProgressText.taskFailed(task, reason: reason))
                }
            case .waiting:
                return
            }
            state.changed = true
            emit(lines, &state, at: time)
        }
    }

    /// Redraws the live footer when it is due, so elapsed times advance between events.
    /// Does nothing for plain output.
    public func tick() {
        let time = now()
        state.withLock { state in
            guard !state.finished else { return }
            emit([], &state, at: time)
        }
    }

    /// Runs `body` while a child task calls `tick()` every `redrawInterval`, and stops it
    /// when `body` returns.
    public func ticking<T: Sendable>(_ body: () async -> T) async -> T {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: redrawInterval)
                    tick()
                }
            }
            let result = await body()
            group.cancelAll()
            return result
        }
    }

    /// Clears the footer and writes the closing summary; later events are ignored.
    ///
    /// - Parameter report: the run's report; only whether it was interrupted is read from
    ///   it, the counts are this observer's own.
    public func finish(_ report: ScheduleReport) {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            var text = ProgressText.eraseFooter(lines: state.footerDrawn ? state.footerLines : 0)
            state.footerDrawn = false
            let lines = ProgressText.summary(
                completed: state.completed, upToDate: state.upToDate, failed: state.failed, errors: state.errors,
                interrupted: report.cancelled || report.stopped
            )
            for line in lines { text += line + "\n" }
            write(text)
        }
    }

    // MARK: Output policy

    /// Writes `lines` and, on a terminal, redraws the footer when due.
    private func emit(_ lines: [String], _ state: inout State, at time: Duration) {
        guard case .terminal(let rows, let columns) = style else {
            if !lines.isEmpty { write(lines.map { $0 + "\n" }.joined()) }
            return
        }
        // knotty keeps the NOTE lines about task starts and ends off a terminal; the rest
        // (errors) goes above the footer, which must then be redrawn at once.
        let shown = lines.filter { !($0.hasPrefix("NOTE: Running") || $0.hasPrefix("NOTE: recipe ")) }
        var text = ""
        if !shown.isEmpty, state.footerDrawn {
            text += ProgressText.eraseFooter(lines: state.footerLines)
            state.footerDrawn = false
        }
        for line in shown { text += line + "\n" }
        let sinceDraw = state.lastDraw.map { time - $0 }
        let due = !state.footerDrawn
            || (state.changed && sinceDraw.map { $0 >= redrawInterval } ?? true)
            || (sinceDraw.map { $0 > .seconds(5) } ?? true)
        if due {
            let footer = ProgressText.footer(
                running: runningTasks(state, at: time), current: state.current, total: state.total,
                stopping: stop?.isRequested ?? false, rows: rows, columns: columns
            )
            if state.footerDrawn { text += ProgressText.eraseFooter(lines: state.footerLines) }
            for line in footer { text += line + "\n" }
            state.footerLines = footer.reduce(0) { $0 + ProgressText.screenLines($1, columns: columns) }
            state.footerDrawn = true
            state.lastDraw = time
            state.changed = false
        }
        if !text.isEmpty { write(text) }
    }

    private func runningTasks(_ state: State, at time: Duration) -> [ProgressText.RunningTask] {
        state.running.map { ProgressText.RunningTask(task: $0.task, package: package($0.task), elapsed: time - $0.started) }
    }

    private func package(_ task: TaskID) -> String { packages[task.recipe] ?? task.recipe }
}
