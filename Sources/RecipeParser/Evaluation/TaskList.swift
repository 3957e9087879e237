/// BitBake's task bookkeeping in the datastore (`bb.build.addtask`/`deltask`): `__BBTASKS`,
/// each task's `task` flag and its `deps` list.
enum TaskList {
    static func prefixed(_ name: String) -> String { name.hasPrefix("do_") ? name : "do_" + name }

    static func add(_ name: String, before: String, after: String, store: DataStore) throws(EvaluationError) {
        let task = prefixed(name)
        try store.setVarFlag(task, "task", .int(1))
        var tasks = try store.getVar("__BBTASKS", expand: false)?.listItems ?? []
        if !tasks.contains(.string(task)) { tasks.append(.string(task)) }
        try store.setVar("__BBTASKS", .list(tasks))

        var existing = try store.getVarFlag(task, "deps", expand: false)?.listItems ?? []
        for entry in splitWords(after).map(prefixed) where !existing.contains(.string(entry)) {
            existing.append(.string(entry))
        }
        try store.setVarFlag(task, "deps", .list(existing))
        for entry in splitWords(before).map(prefixed) {
            let deps = try store.getVarFlag(entry, "deps", expand: false)?.listItems ?? []
            if !deps.contains(.string(task)) {
                try store.setVarFlag(entry, "deps", .list([.string(task)] + deps))
            }
        }
    }

    static func delete(_ name: String, store: DataStore) throws(EvaluationError) {
        let task = prefixed(name)
        var tasks = try store.getVar("__BBTASKS", expand: false)?.listItems ?? []
        if let i = tasks.firstIndex(of: .string(task)) {
            tasks.remove(at: i)
            store.delVarFlag(task, "task")
            try store.setVar("__BBTASKS", .list(tasks))
        }
        store.delVarFlag(task, "deps")
        for other in try store.getVar("__BBTASKS", expand: false)?.listItems ?? [] {
            guard let otherName = other.stringValue,
                  var deps = try store.getVarFlag(otherName, "deps", expand: false)?.listItems,
                  let i = deps.firstIndex(of: .string(task)) else { continue }
            deps.remove(at: i)
            try store.setVarFlag(otherName, "deps", .list(deps))
        }
    }

    /// `inherit_defer`: remembered as (expression, file, line) until finalisation.
    static func deferInherit(_ expression: String, file: String, line: Int, store: DataStore) throws(EvaluationError) {
        var pending = try store.getVar("__BBDEFINHERITS", expand: false)?.listItems ?? []
        pending.append(.list([.string(expression), .string(file), .int(line)]))
        try store.setVar("__BBDEFINHERITS", .list(pending))
    }
}
