/// Runs a task graph with at most `maxConcurrentTasks` tasks at once, always starting the
/// ready task with the highest critical-path priority.
///
/// Each task runs as a child of one task group, so cancelling the caller cancels the runs in
/// flight and nothing outlives `run`. After a failure the scheduler starts nothing new unless
/// `keepGoing` is set (BitBake's `-k`); tasks already running are waited for either way, as
/// BitBake lets them finish.
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
    /// - Returns: every task's end state.
    public func run(
        _ plan: CriticalPath, runner: some TaskRunner, observer: (any SchedulerObserver)? = nil
    ) async -> ScheduleReport {
        let graph = plan.graph
        var state = RunState(graph: graph, ranks: plan.ranks)
        var stopping = false

        await withTaskGroup(of: (Int, TaskOutcome).self) { group in
            var running = 0
            while true {
                if Task.isCancelled && !state.cancelled {
                    state.cancelled = true
                    stopping = true
                }
                while !stopping, running < maxConcurrentTasks, let task = state.popReady() {
                    let node = graph.nodes[task]
                    if node.noexec {
                        state.finish(task, .skipped)
                        await observer?.schedulerEvent(.skipped(node.id))
                        continue
                    }
                    running += 1
                    await observer?.schedulerEvent(.started(node.id))
                    group.addTask { (task, await runner.run(node)) }
                }
                guard running > 0 else { break }
                await observer?.schedulerEvent(.waiting(running: running))
                guard let (task, outcome) = await group.next() else { break }
                running -= 1
                switch outcome {
                case .succeeded:
                    state.finish(task, .succeeded)
                case .failed(let reason):
                    state.finish(task, .failed(reason: reason))
                    if !keepGoing { stopping = true }
                }
                await observer?.schedulerEvent(.finished(graph.nodes[task].id, outcome))
            }
        }
        return state.report()
    }
}

/// The scheduler's bookkeeping for one run, by dense task index.
private struct RunState {
    let graph: TaskGraph
    let ranks: [Int]
    /// Unfinished dependencies per task; a task is ready at zero.
    var waitingOn: [Int]
    /// End state per task; nil while pending or running.
    var status: [ScheduleReport.Status?]
    /// Ready tasks as (rank, index): the heap pops the lowest rank, the most urgent task.
    var ready = MinHeap<Rank>()
    var completionOrder: [TaskID] = []
    var cancelled = false

    struct Rank: Comparable {
        var rank: Int
        var task: Int
        static func < (a: Rank, b: Rank) -> Bool { a.rank < b.rank }
    }

    init(graph: TaskGraph, ranks: [Int]) {
        self.graph = graph
        self.ranks = ranks
        waitingOn = graph.dependencies.map(\.count)
        status = Array(repeating: nil, count: graph.count)
        for task in 0..<graph.count where waitingOn[task] == 0 {
            ready.push(Rank(rank: ranks[task], task: task))
        }
    }

    mutating func popReady() -> Int? { ready.pop()?.task }

    /// Records an end state; success releases the dependents whose last dependency this was.
    mutating func finish(_ task: Int, _ end: ScheduleReport.Status) {
        status[task] = end
        completionOrder.append(graph.nodes[task].id)
        guard end == .succeeded || end == .skipped else { return }
        for dependent in graph.dependents[task] {
            waitingOn[dependent] -= 1
            if waitingOn[dependent] == 0 { ready.push(Rank(rank: ranks[dependent], task: dependent)) }
        }
    }

    /// Fills in the tasks that never ran: below a failure they are `dependencyFailed`,
    /// elsewhere `notStarted`.
    func report() -> ScheduleReport {
        var final = status
        var stack = (0..<graph.count).filter { if case .failed = status[$0] { true } else { false } }
        while let task = stack.popLast() {
            for dependent in graph.dependents[task] where final[dependent] == nil {
                final[dependent] = .dependencyFailed
                stack.append(dependent)
            }
        }
        var statuses: [TaskID: ScheduleReport.Status] = [:]
        for task in 0..<graph.count { statuses[graph.nodes[task].id] = final[task] ?? .notStarted }
        return ScheduleReport(statuses: statuses, completionOrder: completionOrder, cancelled: cancelled)
    }
}
