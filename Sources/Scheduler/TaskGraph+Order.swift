extension TaskGraph {
    /// Every task after all of its dependencies; among tasks free at the same time, the one
    /// added first comes first, so equal graphs give equal orders.
    ///
    /// - Throws: `TaskGraphError` with code `.cycle` and one loop when the tasks cannot be ordered.
    public func topologicalOrder() throws(TaskGraphError) -> [TaskID] {
        try topologicalIndices().map { nodes[$0].id }
    }

    /// `topologicalOrder()` as dense indices.
    package func topologicalIndices() throws(TaskGraphError) -> [Int] {
        let (order, _) = kahn()
        if order.count == count { return order }
        let loop = findCycle() ?? []
        throw TaskGraphError(
            .cycle,
            "\(count - order.count) tasks cannot run because they depend on each other in a loop",
            cycle: loop
        )
    }

    /// One dependency loop, or nil when the graph has none. The loop starts at its smallest
    /// task (as BitBake prints loops from the lowest task id); each task depends on the next,
    /// and the last on the first.
    public func findCycle() -> [TaskID]? {
        let (order, _) = kahn()
        guard order.count < count else { return nil }
        var stuck = [Bool](repeating: true, count: count)
        for i in order { stuck[i] = false }
        // Every task Kahn's pass could not order still waits on another unordered task, so
        // walking "smallest unordered dependency" from any of them must come back around.
        guard var current = (0..<count).filter({ stuck[$0] }).min(by: { nodes[$0].id < nodes[$1].id }) else {
            return nil
        }
        var walk: [Int] = []
        var position: [Int: Int] = [:]
        while position[current] == nil {
            position[current] = walk.count
            walk.append(current)
            current = dependencies[current].filter { stuck[$0] }.min { nodes[$0].id < nodes[$1].id }!
        }
        let loop = walk[position[current]!...].map { nodes[$0].id }
        let start = loop.indices.min { loop[$0] < loop[$1] }!
        return Array(loop[start...] + loop[..<start])
    }

    /// Kahn's algorithm over dense indices: the orderable tasks, dependencies first, and how
    /// many unfinished dependencies every task had left at the end.
    package func kahn() -> (order: [Int], remaining: [Int]) {
        var remaining = dependencies.map(\.count)
        var ready = MinHeap<Int>()
        for i in 0..<count where remaining[i] == 0 { ready.push(i) }
        var order: [Int] = []
        order.reserveCapacity(count)
        while let i = ready.pop() {
            order.append(i)
            for dependent in dependents[i] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.push(dependent) }
            }
        }
        return (order, remaining)
    }

    /// The tasks `roots` need, themselves included, with their edges: BitBake's "mark active"
    /// pass, which drops every task no requested target waits for.
    public func subgraph(reachableFrom roots: [TaskID]) -> TaskGraph {
        subgraph(reachableFrom: roots.compactMap { index(of: $0) })
    }

    package func subgraph(reachableFrom roots: [Int]) -> TaskGraph {
        var keep = [Bool](repeating: false, count: count)
        var stack = roots
        while let i = stack.popLast() {
            guard !keep[i] else { continue }
            keep[i] = true
            stack.append(contentsOf: dependencies[i])
        }
        var result = TaskGraph()
        var newIndex = [Int](repeating: -1, count: count)
        // Old insertion order is kept, so orders derived from the subgraph stay stable.
        for i in 0..<count where keep[i] { newIndex[i] = result.add(nodes[i]) }
        for i in 0..<count where keep[i] {
            for d in dependencies[i] { result.addEdge(newIndex[i], on: newIndex[d]) }
        }
        return result
    }
}
