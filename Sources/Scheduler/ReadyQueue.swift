/// The scheduler's bookkeeping for one run, by dense task index: which tasks are ready, in
/// which order they start, and what each ended as.
///
/// `Scheduler` and `ScheduleSimulator` both drive this type, so the simulated makespans the
/// benchmark reports come from the same priority decisions as a real build.
package struct ReadyQueue {
    /// Ready tasks as (rank, index): the heap pops the lowest rank, the most urgent task.
    private struct Entry: Comparable {
        var rank: Int
        var task: Int
        static func < (a: Entry, b: Entry) -> Bool { a.rank < b.rank }
    }

    package let graph: TaskGraph
    private let ranks: [Int]
    private let dependentStart: [Int]
    private let dependentList: [Int]
    /// Unfinished dependencies per task; a task is ready at zero.
    private var waitingOn: [Int]
    /// End state per task; nil while pending or running.
    private var status: [ScheduleReport.Status?]
    private var ready = MinHeap<Entry>()
    /// Dense indices in the order tasks ended.
    private var completionOrder: [Int] = []

    /// - Parameter plan: the graph and its ranks (`CriticalPath.ranks`).
    package init(_ plan: CriticalPath) {
        graph = plan.graph
        ranks = plan.ranks
        dependentStart = plan.dependentStart
        dependentList = plan.dependentList
        waitingOn = plan.dependencyCounts
        status = Array(repeating: nil, count: graph.count)
        completionOrder.reserveCapacity(graph.count)
        for task in 0..<graph.count where waitingOn[task] == 0 {
            ready.push(Entry(rank: ranks[task], task: task))
        }
    }

    /// Whether any task is ready to start.
    package var hasReady: Bool { !ready.isEmpty }

    /// Takes the most urgent ready task.
    package mutating func popReady() -> Int? { ready.pop()?.task }

    /// Records an end state; success (or a skipped `noexec` task) releases the dependents
    /// whose last dependency this was.
    package mutating func finish(_ task: Int, _ end: ScheduleReport.Status) {
        status[task] = end
        completionOrder.append(task)
        guard end == .succeeded || end == .skipped else { return }
        for edge in dependentStart[task]..<dependentStart[task + 1] {
            let dependent = dependentList[edge]
            waitingOn[dependent] -= 1
            if waitingOn[dependent] == 0 { ready.push(Entry(rank: ranks[dependent], task: dependent)) }
        }
    }

    /// The report for the run so far. Tasks that never ran are `dependencyFailed` below a
    /// failure and `notStarted` elsewhere.
    ///
    /// - Parameters:
    ///   - runTimes: how long each task's runner took, by dense index (nil: did not run).
    ///   - cancelled: whether the caller's task was cancelled.
    ///   - stopped: whether a graceful stop was requested and honoured.
    package func report(runTimes: [Duration?], cancelled: Bool, stopped: Bool) -> ScheduleReport {
        var final = status
        var stack = (0..<graph.count).filter { if case .failed = status[$0] { true } else { false } }
        while let task = stack.popLast() {
            for dependent in dependentList[dependentStart[task]..<dependentStart[task + 1]] where final[dependent] == nil {
                final[dependent] = .dependencyFailed
                stack.append(dependent)
            }
        }
        var statuses: [TaskID: ScheduleReport.Status] = [:]
        statuses.reserveCapacity(graph.count)
        var times: [TaskID: Duration] = [:]
        times.reserveCapacity(runTimes.count { $0 != nil })
        for task in 0..<graph.count {
            let id = graph.nodes[task].id
            statuses[id] = final[task] ?? .notStarted
            if let time = runTimes[task] { times[id] = time }
        }
        return ScheduleReport(
            statuses: statuses, completionOrder: completionOrder.map { graph.nodes[$0].id }, runTimes: times,
            cancelled: cancelled, stopped: stopped
        )
    }
}
