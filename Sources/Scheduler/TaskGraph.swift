/// Tasks and the "must run after" edges between them, stored both ways.
///
/// Tasks get dense integer indices in insertion order (as ninja numbers its nodes), so the
/// builder, the critical-path pass and the scheduler work on arrays rather than hashing
/// `TaskID`s. The graph is a value: build it mutably, then share the frozen copy.
///
/// Invariant: `dependencies[i]` holds `j` exactly when `dependents[j]` holds `i`; no task
/// depends on itself.
public struct TaskGraph: Sendable {
    public private(set) var nodes: [TaskNode] = []
    private var indexByID: [TaskID: Int] = [:]
    /// `dependencies[i]`: the tasks that must finish before task `i` starts.
    package private(set) var dependencies: [Set<Int>] = []
    /// `dependents[i]`: the tasks waiting for task `i`.
    package private(set) var dependents: [Set<Int>] = []

    public init() {}

    public var count: Int { nodes.count }
    public var isEmpty: Bool { nodes.isEmpty }
    public var edgeCount: Int { dependencies.reduce(0) { $0 + $1.count } }

    /// How many tasks each task waits for, by dense index.
    package var dependencyCounts: [Int] { dependencies.map(\.count) }

    /// Every task id, sorted.
    public var taskIDs: [TaskID] { nodes.map(\.id).sorted() }

    public func contains(_ id: TaskID) -> Bool { indexByID[id] != nil }

    public func node(_ id: TaskID) -> TaskNode? { indexByID[id].map { nodes[$0] } }

    package func index(of id: TaskID) -> Int? { indexByID[id] }

    /// Adds a task, or replaces the flags of one already present.
    ///
    /// - Returns: the task's dense index.
    @discardableResult
    public mutating func add(_ node: TaskNode) -> Int {
        if let existing = indexByID[node.id] {
            nodes[existing] = node
            return existing
        }
        let index = nodes.count
        nodes.append(node)
        indexByID[node.id] = index
        dependencies.append([])
        dependents.append([])
        return index
    }

    /// Records that `task` must run after `dependency`. Both must already be in the graph.
    ///
    /// - Returns: false when the edge was already there or would make a task wait for itself.
    @discardableResult
    public mutating func addDependency(_ task: TaskID, on dependency: TaskID) -> Bool {
        guard let t = indexByID[task], let d = indexByID[dependency] else {
            preconditionFailure("addDependency(\(task), on: \(dependency)): both tasks must be added first")
        }
        return addEdge(t, on: d)
    }

    @discardableResult
    package mutating func addEdge(_ task: Int, on dependency: Int) -> Bool {
        guard task != dependency, dependencies[task].insert(dependency).inserted else { return false }
        dependents[dependency].insert(task)
        return true
    }

    package mutating func removeEdge(_ task: Int, on dependency: Int) {
        if dependencies[task].remove(dependency) != nil {
            dependents[dependency].remove(task)
        }
    }

    /// Sets the expected run time of a task already in the graph.
    public mutating func setEstimatedDuration(_ duration: Duration?, for id: TaskID) {
        guard let i = indexByID[id] else { return }
        nodes[i].estimatedDuration = duration
    }

    /// The tasks `id` waits for, sorted.
    public func dependencies(of id: TaskID) -> [TaskID] {
        guard let i = indexByID[id] else { return [] }
        return dependencies[i].map { nodes[$0].id }.sorted()
    }

    /// The tasks waiting for `id`, sorted.
    public func dependents(of id: TaskID) -> [TaskID] {
        guard let i = indexByID[id] else { return [] }
        return dependents[i].map { nodes[$0].id }.sorted()
    }
}
