public import BakeRecipeParser

extension ShellTask {
    /// Reads a shell task out of a parsed recipe the way `bb.build._exec_task` sees it: on a copy
    /// with `task-NAME` added to OVERRIDES, exports and functions expanded as `bb.data.emit_func`
    /// writes them, the task's flags expanded.
    ///
    /// - Parameters:
    ///   - store: the finalised recipe.
    ///   - task: "do_compile".
    ///   - functions: the shell functions the task calls, from dependency analysis; the task's own
    ///     and its shell pre/postfuncs are added.
    ///   - writablePaths: directories the task writes besides `${T}`, `[dirs]` and `[cleandirs]`.
    ///   - asTask: add `task-NAME` to OVERRIDES, as for a task; false for a function that
    ///     `bb.build.exec_func` runs from within a task, whose `d` has its task's already.
    /// - Throws: `EvaluationError` when the task is not a shell function, `T` is unset, or an
    ///   expansion fails.
    ///
    /// Python prefuncs and postfuncs are left out (they run in embedded Python, not here); the
    /// caller runs them around this task.
    public init(
        store: DataStore, task: String, functions: [String] = [], writablePaths: [String] = [], asTask: Bool = true
    ) throws(EvaluationError) {
        let data = store.createCopy()
        if asTask {
            let overrides = try data.getVar("OVERRIDES", expand: false)?.stringValue ?? ""
            let taskOverride = "task-" + task.dropFirst(task.hasPrefix("do_") ? 3 : 0).replacing("_", with: "-")
            try data.setVar("OVERRIDES", .string("\(taskOverride):\(overrides)"))
        }
        try data.expandKeys()

        guard try data.getVar(task, expand: false) != nil else {
            throw EvaluationError(.fatal, "No such task function: \(task)")
        }
        if Self.flag(try data.getVarFlag(task, "python", expand: false)) {
            throw EvaluationError(.fatal, "\(task) is a Python function, not a shell task")
        }
        guard let temp = try data.string("T"), !temp.isEmpty else {
            throw EvaluationError(.fatal, "T variable not set, unable to build")
        }
        func words(_ flag: String) throws(EvaluationError) -> [String] {
            let text = try data.getVarFlag(task, flag, expand: true)?.stringValue ?? ""
            return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        }
        func isShellFunction(_ name: String) throws(EvaluationError) -> Bool {
            guard try data.getVar(name, expand: false) != nil else { return false }
            return !Self.flag(try data.getVarFlag(name, "python", expand: false))
        }
        func shellFunctions(_ flag: String) throws(EvaluationError) -> [String] {
            var names: [String] = []
            for name in try words(flag) where try isShellFunction(name) { names.append(name) }
            return names
        }
        let prefuncs = try shellFunctions("prefuncs")
        let postfuncs = try shellFunctions("postfuncs")

        var bodies: [String: String] = [:]
        for name in Set([task] + prefuncs + postfuncs + functions) where try isShellFunction(name) {
            bodies[name] = try data.string(name) ?? ""
        }
        var exports: [String: String] = [:]
        var unexports: [String] = []
        for key in try data.keys() where !key.hasPrefix("__") {
            if Self.flag(try data.getVarFlag(key, "func", expand: false)) { continue }
            if Self.flag(try data.getVarFlag(key, "unexport", expand: false)) {
                unexports.append(key)
            } else if Self.flag(try data.getVarFlag(key, "export", expand: false)) {
                // BitBake writes a comment and goes on when one export fails to expand.
                if let value = try? data.string(key) { exports[key] = value }
            }
        }
        var umaskText = try data.getVarFlag(task, "umask", expand: true)?.stringValue
        if umaskText == nil { umaskText = try data.string("BB_DEFAULT_UMASK") }
        var recipe = try data.string("PF")
        if recipe == nil { recipe = try data.string("PN") }

        self.init(
            name: task, recipe: recipe ?? "recipe", functions: bodies,
            exports: exports, unexports: unexports.sorted(), tempDirectory: temp, dirs: try words("dirs"),
            cleanDirs: try words("cleandirs"), umask: umaskText.flatMap(Self.parseUmask),
            lockFiles: try words("lockfiles"), prefuncs: prefuncs, postfuncs: postfuncs,
            networkAllowed: Self.flag(try data.getVarFlag(task, "network", expand: true)),
            writablePaths: writablePaths)
    }

    /// bb.utils.to_boolean over a flag value; unset or unrecognised is false.
    static func flag(_ value: Value?) -> Bool {
        switch value {
        case .bool(let flag): flag
        case .int(let number): number != 0
        case .string(let text): ["1", "y", "yes", "t", "true", "on"].contains(text.lowercased())
        default: false
        }
    }
}
