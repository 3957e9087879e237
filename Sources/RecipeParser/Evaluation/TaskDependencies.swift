/// BitBake's `_task_deps`: the dict `bb.build.add_tasks` leaves in each finalised recipe,
/// with the task list, each task's parents (`addtask ... after`) and its dependency flags
/// expanded.
///
/// bake's scheduler reads tasks from the datastore itself (`RecipeTasks`), so this exists for
/// what users see: `bake -e` prints `_task_deps` as `bitbake -e` does, the `str()` of the
/// dict. The variable holds that text (not a Python dict): nothing in metadata reads it.
struct TaskDependencies {
    /// The flags recorded per task, in the order BitBake creates their entries.
    static let flags = ["mcdepends", "depends", "rdepends", "deptask", "rdeptask", "recrdeptask",
                        "recideptask", "nostamp", "fakeroot", "noexec", "umask"]

    private var tasks: [String] = []
    private var parents = OrderedEntries<[String]>()
    private var byFlag: [String: OrderedEntries<Value>] = [:]

    /// One task of `add_tasks`' loop; a task seen again keeps its place and gets new values.
    mutating func add(_ task: String, flags: [String: Value], parents taskParents: [String]) {
        if !tasks.contains(task) { tasks.append(task) }
        for name in Self.flags {
            var entries = byFlag[name] ?? OrderedEntries()
            if let value = flags[name] { entries[task] = value }
            byFlag[name] = entries
        }
        parents[task] = taskParents
    }

    /// Python's `str()` of the dict.
    var pythonText: String {
        func quoted(_ s: String) -> String { Value.pythonQuoted(s) }
        func list(_ items: [String]) -> String { "[" + items.map(quoted).joined(separator: ", ") + "]" }
        var parts = ["'tasks': " + list(tasks),
                     "'parents': {" + parents.map { quoted($0.key) + ": " + list($0.value) }.joined(separator: ", ") + "}"]
        // The flag entries exist once a task was processed, even when empty.
        if !tasks.isEmpty {
            for name in Self.flags {
                let entries = byFlag[name] ?? OrderedEntries()
                parts.append(quoted(name) + ": {" + entries.map { quoted($0.key) + ": " + $0.value.pythonRepr }.joined(separator: ", ") + "}")
            }
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}

/// A Python dict's insertion order: assigning an existing key keeps its place.
private struct OrderedEntries<V>: Sequence {
    private var keys: [String] = []
    private var values: [String: V] = [:]

    subscript(key: String) -> V? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            values[key] = newValue
        }
    }

    func makeIterator() -> some IteratorProtocol<(key: String, value: V)> {
        keys.lazy.map { (key: $0, value: self.values[$0]!) }.makeIterator()
    }
}
