/// Task priorities from expected durations: a task's priority is its own duration plus the
/// longest chain of durations that must run after it (its "bottom level"). Starting the
/// highest-priority ready task first keeps the longest remaining chain moving, which is the
/// classic list-scheduling heuristic for a fixed number of workers.
///
/// BitBake's "speed" scheduler ranks by a task-count weight instead; durations from earlier
/// builds make the same idea aware of a 20-minute `do_compile` next to a 1-second `do_fetch`.
public struct CriticalPath: Sendable {
    /// The graph the priorities belong to.
    public let graph: TaskGraph
    /// Duration used for each task, by dense index.
    package let durations: [Duration]
    /// Priority (bottom level) by dense index.
    package let priorities: [Duration]
    /// `ranks[i]`: position of task `i` in `readyOrder`; lower starts first.
    package let ranks: [Int]
    /// Every task, most urgent first.
    public let readyOrder: [TaskID]
    /// The graph's "waited for by" edges, frozen flat for the hot loops of the scheduler:
    /// the dependents of task `i` are `dependentList[dependentStart[i]..<dependentStart[i + 1]]`.
    package let dependentStart: [Int]
    package let dependentList: [Int]
    /// How many tasks each task waits for.
    package let dependencyCounts: [Int]

    /// Computes priorities for `graph`.
    ///
    /// Each task's duration is the first of: `estimates[id]`, the node's
    /// `estimatedDuration`, zero for a `noexec` task (it never runs), `defaultEstimate`.
    ///
    /// - Parameters:
    ///   - graph: the tasks to rank.
    ///   - estimates: expected durations, typically from earlier builds.
    ///   - defaultEstimate: the duration assumed for a task nobody has timed.
    /// - Throws: `TaskGraphError` with code `.cycle` when the graph has a dependency loop.
    public init(
        graph: TaskGraph, estimates: [TaskID: Duration] = [:], defaultEstimate: Duration = .seconds(1)
    ) throws(TaskGraphError) {
        let order = try graph.topologicalIndices()
        let durations = graph.nodes.map { node in
            estimates[node.id] ?? node.estimatedDuration ?? (node.noexec ? .zero : defaultEstimate)
        }
        var dependentStart = [Int](repeating: 0, count: graph.count + 1)
        var dependentList: [Int] = []
        dependentList.reserveCapacity(graph.edgeCount)
        for task in 0..<graph.count {
            dependentList.append(contentsOf: graph.dependents[task])
            dependentStart[task + 1] = dependentList.count
        }
        var priorities = [Duration](repeating: .zero, count: graph.count)
        // Reverse topological order visits every dependent before the task it waits for.
        for task in order.reversed() {
            var after = Duration.zero
            for edge in dependentStart[task]..<dependentStart[task + 1] {
                after = max(after, priorities[dependentList[edge]])
            }
            priorities[task] = durations[task] + after
        }
        // Ties: the task more others wait for directly goes first (it unblocks more work),
        // then the smaller id, so the order never depends on hashing.
        let sorted = (0..<graph.count).sorted { a, b in
            if priorities[a] != priorities[b] { return priorities[a] > priorities[b] }
            let fanA = dependentStart[a + 1] - dependentStart[a]
            let fanB = dependentStart[b + 1] - dependentStart[b]
            if fanA != fanB { return fanA > fanB }
            return graph.nodes[a].id < graph.nodes[b].id
        }
        var ranks = [Int](repeating: 0, count: graph.count)
        for (rank, task) in sorted.enumerated() { ranks[task] = rank }

        self.graph = graph
        self.durations = durations
        self.priorities = priorities
        self.ranks = ranks
        self.readyOrder = sorted.map { graph.nodes[$0].id }
        self.dependentStart = dependentStart
        self.dependentList = dependentList
        self.dependencyCounts = graph.dependencyCounts
    }

    /// The task's duration plus the longest chain of durations after it; nil for a task not
    /// in the graph.
    public func priority(of id: TaskID) -> Duration? {
        graph.index(of: id).map { priorities[$0] }
    }

    /// The duration the ranking assumed for a task.
    public func duration(of id: TaskID) -> Duration? {
        graph.index(of: id).map { durations[$0] }
    }

    /// The longest chain of durations through the graph: no number of workers can finish sooner.
    public var length: Duration { priorities.max() ?? .zero }

    /// The sum of every task's duration: one worker's time.
    public var totalWork: Duration { durations.reduce(.zero, +) }

    /// One longest chain, first task first: from the most urgent task, always on to the most
    /// urgent task waiting for it.
    public var path: [TaskID] {
        guard var current = ranks.indices.min(by: { ranks[$0] < ranks[$1] }) else { return [] }
        var chain = [graph.nodes[current].id]
        while let next = graph.dependents[current].min(by: { ranks[$0] < ranks[$1] }) {
            chain.append(graph.nodes[next].id)
            current = next
        }
        return chain
    }

    /// No schedule on `workers` workers can finish sooner than the longer of the critical path
    /// and the total work shared evenly.
    ///
    /// - Parameter workers: concurrent job slots, at least 1.
    public func makespanLowerBound(workers: Int) -> Duration {
        precondition(workers >= 1, "makespanLowerBound(workers:) needs at least one worker")
        return max(length, totalWork / workers)
    }
}
