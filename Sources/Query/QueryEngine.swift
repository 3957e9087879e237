public import BakeScheduler

/// Answers queries over one task graph.
public struct QueryEngine: Sendable {
    public let graph: TaskGraph

    public init(graph: TaskGraph) {
        self.graph = graph
    }

    /// Evaluates `query` and returns the tasks in dependency order (what a task needs first).
    public func evaluate(_ query: String) throws(QueryError) -> [TaskID] {
        let expression = try QueryParser.parse(query)
        let result = try evaluate(expression, query: query)
        let order = (try? graph.topologicalOrder()) ?? graph.taskIDs
        return order.filter(result.contains)
    }

    func evaluate(_ expression: QueryExpression, query: String) throws(QueryError) -> Set<TaskID> {
        switch expression {
        case .pattern(let pattern):
            let matches = Set(graph.taskIDs.filter { Self.matches(pattern, $0.description) })
            guard !matches.isEmpty else {
                throw QueryError(message: "no task matches '\(pattern)'", column: 0, query: query)
            }
            return matches
        case .deps(let inner, let depth):
            return closure(of: try evaluate(inner, query: query), depth: depth) { graph.dependencies(of: $0) }
        case .rdeps(let inner, let depth):
            return closure(of: try evaluate(inner, query: query), depth: depth) { graph.dependents(of: $0) }
        case .somepath(let from, let to):
            return somePath(from: try evaluate(from, query: query), to: try evaluate(to, query: query))
        case .allpaths(let from, let to):
            let down = closure(of: try evaluate(from, query: query), depth: nil) { graph.dependencies(of: $0) }
            let up = closure(of: try evaluate(to, query: query), depth: nil) { graph.dependents(of: $0) }
            return down.intersection(up)
        case .union(let a, let b):
            return try evaluate(a, query: query).union(try evaluate(b, query: query))
        case .difference(let a, let b):
            return try evaluate(a, query: query).subtracting(try evaluate(b, query: query))
        case .intersection(let a, let b):
            return try evaluate(a, query: query).intersection(try evaluate(b, query: query))
        }
    }

    /// Breadth-first closure along `next`, up to `depth` steps (nil: unbounded).
    private func closure(of start: Set<TaskID>, depth: Int?, next: (TaskID) -> [TaskID]) -> Set<TaskID> {
        var seen = start
        var frontier = Array(start)
        var level = 0
        while !frontier.isEmpty, depth.map({ level < $0 }) ?? true {
            var following: [TaskID] = []
            for task in frontier {
                for n in next(task) where seen.insert(n).inserted { following.append(n) }
            }
            frontier = following
            level += 1
        }
        return seen
    }

    /// One shortest dependency path from any task of `from` to any task of `to`.
    private func somePath(from: Set<TaskID>, to: Set<TaskID>) -> Set<TaskID> {
        var parent: [TaskID: TaskID] = [:]
        var frontier = from.sorted()
        var seen = from
        while !frontier.isEmpty {
            var following: [TaskID] = []
            for task in frontier {
                if to.contains(task) {
                    var path: Set<TaskID> = [task]
                    var current = task
                    while let p = parent[current] {
                        path.insert(p)
                        current = p
                    }
                    return path
                }
                for n in graph.dependencies(of: task) where seen.insert(n).inserted {
                    parent[n] = task
                    following.append(n)
                }
            }
            frontier = following
        }
        return []
    }

    /// `*` matches any run of characters; everything else matches itself.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
