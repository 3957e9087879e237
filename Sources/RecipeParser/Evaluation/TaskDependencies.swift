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
        // In place: a copy taken out of the dictionary would be copied again on write.
        for (name, value) in flags where Self.flags.contains(name) {
            byFlag[name, default: OrderedEntries()][task] = value
        }
        parents[task] = taskParents
    }

    /// Python's `str()` of the dict. (Built into one buffer: it is made for every recipe.)
    var pythonText: String {
        var out = "{'tasks': ["
        out.reserveCapacity(64 * tasks.count + 256)
        appendList(tasks, to: &out)
        out += "], 'parents': {"
        var first = true
        for (task, list) in parents {
            if !first { out += ", " }
            first = false
            appendQuoted(task, to: &out)
            out += ": ["
            appendList(list, to: &out)
            out += "]"
        }
        out += "}"
        // The flag entries exist once a task was processed, even when empty.
        if !tasks.isEmpty {
            for name in Self.flags {
                out += ", '"
                out += name
                out += "': {"
                guard let entries = byFlag[name] else {
                    out += "}"
                    continue
                }
                var first = true
                for (task, value) in entries {
                    if !first { out += ", " }
                    first = false
                    appendQuoted(task, to: &out)
                    out += ": "
                    if case .string(let text) = value { appendQuoted(text, to: &out) } else { out += value.pythonRepr }
                }
                out += "}"
            }
        }
        out += "}"
        return out
    }

    private func appendList(_ items: [String], to out: inout String) {
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            appendQuoted(item, to: &out)
        }
    }

    /// `repr` of a str; plain ASCII text (task names, most flag values) needs no escaping.
    private func appendQuoted(_ text: String, to out: inout String) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\\") }) {
            out += "'"
            out += text
            out += "'"
        } else {
            out += Value.pythonQuoted(text)
        }
    }
}

/// A Python dict's insertion order: assigning an existing key keeps its place. (A recipe has
/// a few dozen tasks: a scan finds a key faster than hashing it, and iteration is a walk.)
private struct OrderedEntries<V>: Sequence {
    private var entries: [(key: String, value: V)] = []

    subscript(key: String) -> V? {
        get { entries.first { $0.key == key }?.value }
        set {
            // Entries are only ever added or replaced (`add_tasks` never deletes one).
            guard let newValue else { return }
            if let i = entries.firstIndex(where: { $0.key == key }) {
                entries[i].value = newValue
            } else {
                entries.append((key, newValue))
            }
        }
    }

    func makeIterator() -> IndexingIterator<[(key: String, value: V)]> { entries.makeIterator() }
}
