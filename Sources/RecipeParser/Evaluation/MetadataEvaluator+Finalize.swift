import BakeBasics

extension MetadataEvaluator {
    /// BitBake's `multi_finalize`: bbappends, then `finalize` on a copy, then one more copy per
    /// `BBCLASSEXTEND` variant (each inheriting its class, deferred). A `SkipRecipe` marks a
    /// datastore `__SKIPPED` with its reason instead of failing.
    func finalizeRecipe(_ file: String, store safe: DataStore) throws(EvaluationError) -> ParsedRecipe {
        for append in splitWords(try safe.getVar("__BBAPPEND")?.pythonString ?? "") {
            try handle(append, into: safe, include: true)
        }
        // `variant in onlyfinalise`: BitBake's `-e VARIANT` sets a string, so this is a
        // substring test ("native" is in "nativesdk": both variants are finalised).
        let onlyFinalise = try safe.getVar("__ONLYFINALISE", expand: false)
        func wanted(_ name: String) -> Bool {
            switch onlyFinalise {
            case nil, .none?: true
            case .string(let text)?: text.isEmpty || text.contains(name)
            case .list(let items)?: items.isEmpty || items.contains(.string(name))
            case let value?: !value.isTruthy
            }
        }
        let main = safe.createCopy()
        try finalizeSkipping(file, store: main)

        var variants: [(name: String, store: DataStore)] = []
        let extended = try main.getVar("BBCLASSEXTEND")?.pythonString ?? ""
        if !extended.isEmpty {
            let pn = try main.getVar("PN")?.pythonString ?? "None"
            try safe.setVar("BBCLASSEXTEND", .string(extended))
            for name in splitWords(extended) where wanted(name) {
                let parts = name.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                let variant = safe.createCopy()
                if parts.count > 1 {
                    try variant.setVar("BBEXTENDCURR", .string(parts[0]))
                    try variant.setVar("BBEXTENDVARIANT", .string(parts[1]))
                } else {
                    try variant.setVar("PN", .string("\(pn)-\(name)"))
                }
                try TaskList.deferInherit(parts[0], file: file, line: 0, store: variant)
                variants.append((name, variant))
            }
            for (name, variant) in variants {
                do {
                    try finalizeSkipping(file, store: variant)
                } catch {
                    throw error.located(at: SourceLocation(file: file, line: 0)).withContext("in BBCLASSEXTEND variant \(name)")
                }
            }
        }
        return ParsedRecipe(main: main, variants: variants)
    }

    private func finalizeSkipping(_ file: String, store: DataStore) throws(EvaluationError) {
        do {
            try finalize(file, store: store)
        } catch where error.kind == .skipRecipe {
            try store.setVar("__SKIPPED", .string(error.message))
        }
    }

    /// BitBake's `finalize`: deferred inherits, event handlers, key expansion, anonymous
    /// functions, task processing and `BBINCLUDED`.
    func finalize(_ file: String, store: DataStore) throws(EvaluationError) {
        // Event handlers live in Python: before Python has started none can be registered, so
        // a recipe without handlers costs nothing here. The handler table is restored at the
        // end (empty if Python started during this finalisation), as BitBake's finalize does.
        let saved = pythonStarted ? try python().saveHandlers() : nil
        defer { if pythonStarted, let python = try? python() { python.restoreHandlers(saved) } }
        func fire(_ event: String, _ arguments: [Value]) throws(EvaluationError) {
            guard pythonStarted else { return }
            try python().fireEvent(event, arguments: arguments, store: store)
        }

        let deferred = try store.getVar("__BBDEFINHERITS", expand: false)?.listItems ?? []
        try fire("RecipePreDeferredInherits", [.string(file), .list(deferred.map { $0.listItems?.first ?? .string("") })])
        while true {
            var pending = try store.getVar("__BBDEFINHERITS", expand: false)?.listItems ?? []
            guard !pending.isEmpty else { break }
            let first = pending.removeFirst()
            try store.setVar("__BBDEFINHERITS", .list(pending))
            guard case .list(let parts) = first, parts.count == 3 else { continue }
            let origin = parts[1].pythonString
            let line = if case .int(let l) = parts[2] { l } else { 0 }
            do {
                try inherit(parts[0].pythonString, from: origin, line: line, store: store, deferred: true)
            } catch {
                throw error.kind == .skipRecipe ? error : error.located(at: SourceLocation(file: origin, line: line))
            }
        }

        let recipeHandlers = try eventHandlers(store)
        if !recipeHandlers.isEmpty { try python().registerHandlers(recipeHandlers, store: store) }
        try fire("RecipePreFinalise", [.string(file)])
        try store.expandKeys { [weak self] message in
            self?.warnings.append(Diagnostic(.warning, .expansion, message))
        }
        try fire("RecipePostKeyExpansion", [.string(file)])

        let anonymous = (try store.getVar("__BBANONFUNCS", expand: false)?.listItems ?? []).compactMap(\.stringValue)
        if !anonymous.isEmpty { try python().runFunctions(anonymous, store: store) }

        let tasks = try store.getVar("__BBTASKS", expand: false)?.listItems ?? []
        try fire("RecipeTaskPreProcess", [.string(file), .list(tasks)])
        let taskNames = tasks.compactMap(\.stringValue)
        try remapVirtualProviders(taskNames, store: store)
        try processTasks(taskNames, store: store)

        let included = store.fileDependencies.map(absolutePath)
        try store.setVar("BBINCLUDED", .string(included.joined(separator: " ")))
        if try store.getVar("__BBAUTOREV_SEEN")?.isTruthy == true, try store.getVar("__BBSRCREV_SEEN")?.isTruthy == true,
           try store.getVar("__BBAUTOREV_ACTED_UPON")?.isTruthy != true {
            throw EvaluationError(.fatal, "AUTOREV/SRCPV set too late for the fetcher to work properly, please set the "
                + "variables earlier in parsing.")
        }
        try fire("RecipeParsed", [.string(file)])
    }

    /// The recipe's `addhandler` functions, as `bb.event.register` would take them.
    func eventHandlers(_ store: DataStore) throws(EvaluationError) -> [PythonInterpreter.Handler] {
        var handlers: [PythonInterpreter.Handler] = []
        var seen: Set<String> = []
        for entry in try store.getVar("__BBHANDLERS", expand: false)?.listItems ?? [] {
            let name = entry.pythonString
            guard let file = try store.getVarFlag(name, "filename", expand: false), file.isTruthy else {
                throw EvaluationError(.fatal, "Undefined event handler function '\(name)'")
            }
            guard seen.insert(name).inserted else { continue }
            let line = Int(try store.getVarFlag(name, "lineno", expand: false)?.pythonString ?? "") ?? 0
            handlers.append(.init(
                name: name, code: try store.getVar(name, expand: false)?.pythonString ?? "",
                mask: try store.getVarFlag(name, "eventmask")?.pythonString ?? "",
                file: file.pythonString, line: line))
        }
        return handlers
    }

    /// `handleVirtRecipeProviders`: rewrites DEPENDS and task `depends` through
    /// `BB_RECIPE_VIRTUAL_PROVIDERS` (and, like BitBake, always writes them back).
    private func remapVirtualProviders(_ tasks: [String], store: DataStore) throws(EvaluationError) {
        let virtuals = Set(splitWords(try store.getVar("BB_RECIPE_VIRTUAL_PROVIDERS")?.pythonString ?? ""))
        func provider(_ name: String) throws(EvaluationError) -> String {
            guard let p = try store.getVar("PREFERRED_PROVIDER_" + name), p.isTruthy else {
                throw EvaluationError(.fatal, "Error, recipe virtual provider PREFERRED_PROVIDER_\(name) not set")
            }
            return p.pythonString
        }
        var depends: [String] = []
        for dep in splitWords(try store.getVar("DEPENDS")?.pythonString ?? "") {
            depends.append(virtuals.contains(dep) ? try provider(dep) : dep)
        }
        try store.setVar("DEPENDS", .string(depends.joined(separator: " ")))
        for task in tasks {
            var remapped: [String] = []
            for entry in splitWords(try store.getVarFlag(task, "depends")?.pythonString ?? "") {
                let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw EvaluationError(.fatal, "Error, incorrect format for task dependency (task '\(task)'): \(entry)")
                }
                let recipe = virtuals.contains(String(parts[0])) ? try store.getVar("PREFERRED_PROVIDER_" + parts[0])?.pythonString ?? "None" : String(parts[0])
                remapped.append(recipe + ":" + parts[1])
            }
            try store.setVarFlag(task, "depends", .string(remapped.joined(separator: " ")))
        }
    }

    /// `d.expand(flags[name])` of `add_tasks`, through the flag's cached lookup (the same
    /// text, expanded the same way) so that `RecipeInfo`, which reads these flags next, finds
    /// them expanded. A failure is reported as `d.expand` reports it.
    private func expandTaskFlag(_ task: String, _ name: String, _ value: Value, store: DataStore) throws(EvaluationError) -> Value {
        guard case .string(let text) = value else { return value }
        do {
            if case .string(let expanded)? = try store.getVarFlag(task, name) { return .string(expanded) }
        } catch {}
        return .string(try store.expand(text))
    }

    /// `bb.build.add_tasks`: marks each task, expands its dependency flags (an expansion
    /// error there fails the parse, as in BitBake) and records them in `_task_deps`.
    private func processTasks(_ tasks: [String], store: DataStore) throws(EvaluationError) {
        var taskDependencies = TaskDependencies()
        for raw in tasks {
            let task = try store.expand(raw)
            try store.setVarFlag(task, "task", .int(1))
            let flags = try store.getVarFlags(task) ?? []
            var expanded: [String: Value] = [:]
            for (name, value) in flags where TaskDependencies.flags.contains(name) {
                // d.expand: text is expanded, other Python values are kept as they are.
                let result = try expandTaskFlag(task, name, value, store: store)
                if ["noexec", "fakeroot", "nostamp"].contains(name), result != .string("1") {
                    warnings.append(Diagnostic(.warning, .fatal,
                        "In a future version of BitBake, setting the '\(name)' flag to something other than '1' "
                            + "will result in the flag not being set. See YP bug #13808."))
                }
                expanded[name] = result
            }
            var parents: [String] = []
            for (name, value) in flags where name == "deps" {
                for dep in value.listItems ?? [] {
                    if case .string(let s) = dep { parents.append(try store.expand(s)) }
                }
            }
            taskDependencies.add(task, flags: expanded, parents: parents)
        }
        try store.setVar("_task_deps", .string(taskDependencies.pythonText))
    }
}
