/// Runs a task graph with at most `maxConcurrentTasks` tasks at once, always starting the
/// ready task with the highest critical-path priority.
///
/// Each task runs as a child of one task group, so cancelling the caller cancels the runs in
/// flight and nothing outlives `run`. How a run ends early follows BitBake:
///
/// - A failure without `keepGoing`: nothing new starts; running tasks finish and are recorded.
/// - A failure with `keepGoing` (`-k`): everything that does not depend on a failed task still
///   runs; the dependents of a failure are `dependencyFailed`.
/// - A `GracefulStop` (the first Ctrl-C): nothing new starts, even with `keepGoing`; running
///   tasks finish.
/// - Cancelling the caller's task (the second Ctrl-C): nothing new starts and the running
///   tasks' `run` calls are cancelled; the scheduler still waits for them to return.
public struct Scheduler: Sendable {
    public var maxConcurrentTasks: Int
    /// Keep starting tasks that do not depend on a failed one.
    public var keepGoing: Bool

    /// - Parameters:
    ///   - maxConcurrentTasks: job slots, at least 1 (BitBake's `BB_NUMBER_THREADS`).
    ///   - keepGoing: continue past failures with whatever does not depend on them.
    public init(maxConcurrentTasks: Int, keepGoing: Bool = false) {
        precondition(maxConcurrentTasks >= 1, "a scheduler needs at least one job slot")
        self.maxConcurrentTasks = maxConcurrentTasks
        self.keepGoing = keepGoing
    }

    /// Runs every task of `plan.graph` through `runner`.
    ///
    /// - Parameters:
    ///   - plan: the graph with its priorities.
    ///   - runner: runs each task; never sees `noexec` tasks.
    ///   - observer: told of every start, finish and skip, in order.
    ///   - stop: when requested, no further task starts; running ones finish.
    /// - Returns: every task's end state.
    public func run(
        _ plan: CriticalPath, runner: some TaskRunner, observer: (any SchedulerObserver)? = nil,
        stop: GracefulStop? = nil
    ) async -> ScheduleReport {
        let graph = plan.graph
        var queue = ReadyQueue(plan)
        var runTimes = [Duration?](repeating: nil, count: graph.count)
        var cancelled = false
        var stopped = false
        var failed = false

        await withTaskGroup(of: (task: Int, outcome: TaskOutcome, time: Duration).self) { group in
            var running = 0
            while true {
                if !cancelled && Task.isCancelled { cancelled = true }
                if !stopped, let stop, stop.isRequested, queue.hasReady || running > 0 { stopped = true }
                let starting = !cancelled && !stopped && !(failed && !keepGoing)
                while starting, running < maxConcurrentTasks, let task = queue.popReady() {
                    let node = graph.nodes[task]
                    if node.noexec {
                        queue.finish(task, .skipped)
                        await observer?.schedulerEvent(.skipped(node.id))
                        continue
                    }
                    running += 1
                    await observer?.schedulerEvent(.started(node.id))
                    group.addTask {
                        let clock = ContinuousClock()
                        let start = clock.now
                        let outcome = await runner.run(node)
                        return (task, outcome, start.duration(to: clock.now))
                    }
                }
                guard running > 0 else { break }
                await observer?.schedulerEvent(.waiting(running: running))
                guard let (task, outcome, time) = await group.next() else { break }
                running -= 1
                runTimes[task] = time
                switch outcome {
                case .succeeded:
                    queue.finish(task, .succeeded)
                case .failed(let reason):
                    queue.finish(task, .failed(reason: reason))
                    failed = true
                }
                await observer?.schedulerEvent(.finished(graph.nodes[task].id, outcome))
            }
        }
        return queue.report(runTimes: runTimes, cancelled: cancelled, stopped: stopped)
    }
}
