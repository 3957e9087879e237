extension DataStore {
    /// `setVar`: `parsing` is true for statements read from files (BitBake's `parsing=True`),
    /// which keeps pending appends and overrides; a write from Python drops them.
    public func setVar(
        _ name: String, _ value: Value, parsing: Bool = false, origin: WriteOrigin? = nil, op: String = "set"
    ) throws(EvaluationError) {
        try setVar(name, info: NameInfo.of(name), value, parsing: parsing, origin: origin, op: op)
    }

    /// `setVar` with the name already analysed (statements carry their analysis).
    func setVar(
        _ name: String, info: NameInfo, _ value: Value, parsing: Bool, origin: WriteOrigin?, op: String
    ) throws(EvaluationError) {
        if info.hasOldSyntax {
            throw EvaluationError(
                .fatal, "Variable \(name) contains an operation using the old override syntax. "
                    + "Please convert this layer/metadata before attempting to use with a newer bitbake.")
        }
        if renamedNames.mayHaveLength(info.shortLength) {
            let short = name.utf8.firstIndex(of: UInt8(ascii: ":")).map { String(name[..<$0]) } ?? name
            try checkRenamed(short, fullName: name)
        }
        invalidateExpansions(of: name)

        if let split = info.keyword {
            let (base, keyword, override) = (split.base, split.keyword, split.override)
            try mutate(base) { $0.addPending(PendingOperation(value: value, override: override), keyword) }
            let op = override.map { "\(keyword.rawValue)[\($0)]" } ?? keyword.rawValue
            record(base, op: op, detail: value.pythonString, origin: origin)
            updateOverrides(base)
            if overrideVars.contains(base) { try updateOverrideVars(name, value) }
            return
        }

        if !parsing {
            try mutate(name) { $0.removeAllPending() }
            if let entries = overrideData[name] {
                try needOverrides()
                for entry in entries where isActive(entry.override) { delVar(entry.variable) }
                overrideData[name] = nil
            }
        }
        if info.hasColon { updateOverrides(name) }
        try mutate(name) { $0[Variable.content] = value }
        record(name, op: op, detail: value.pythonString, origin: origin)
        if overrideVars.contains(name) { try updateOverrideVars(name, value) }
    }

    public func setVarFlag(
        _ name: String, _ flag: String, _ value: Value, origin: WriteOrigin? = nil, op: String = "set"
    ) throws(EvaluationError) {
        invalidateExpansions(of: name)
        if name == "BB_RENAMED_VARIABLES" { renamedVariables[flag] = value.pythonString }
        if renamedNames.contains(name) { try checkRenamed(name, fullName: name) }
        record(name, op: op, detail: value.pythonString, flag: flag, origin: origin)
        try mutate(name) { $0[flag] = value }
        if flag == Variable.defaultValue {
            if name.containsByte(UInt8(ascii: ":")) { updateOverrides(name) }
            if overrideVars.contains(name) { try updateOverrideVars(name, value) }
        }
        if flag == "export" || flag == "unexport", !exportList.contains(name) { exportList.append(name) }
    }

    private func checkRenamed(_ short: String, fullName: String) throws(EvaluationError) {
        guard let info = renamedVariables[short] else { return }
        let referenced = fullName != short ? " (referenced as: \(fullName))" : ""
        let message = info.contains(" ")
            ? "Variable \(short) \(info)\(referenced)"
            : "Variable \(short) has been renamed to \(info)\(referenced)"
        throw EvaluationError(.fatal, message)
    }

    public func delVar(_ name: String, origin: WriteOrigin? = nil) {
        invalidateExpansions(of: name)
        record(name, op: "del", detail: "", origin: origin)
        vars[name] = parent == nil ? nil : Variable()
        overrideData[name] = nil
        walkOverrideChain(of: name) { short, override in
            overrideData[short]?.remove(OverrideEntry(variable: name, override: override))
        }
    }

    public func delVarFlag(_ name: String, _ flag: String, origin: WriteOrigin? = nil) {
        invalidateExpansions(of: name)
        guard let local = findVar(name), !local.isEmpty else { return }
        shadow(name)
        guard vars[name]!.has(flag) else { return }
        record(name, op: "delFlag", detail: "", flag: flag, origin: origin)
        vars[name]![flag] = nil
        vars[name]![Variable.defaultFlagPrefix + flag] = nil
    }

    /// `appendVar` is a pending `:append`, as in BitBake.
    public func appendVar(_ name: String, _ value: Value, origin: WriteOrigin? = nil) throws(EvaluationError) {
        record(name, op: "append", detail: value.pythonString, origin: origin)
        try setVar(name + ":append", value, parsing: true)
    }

    public func prependVar(_ name: String, _ value: Value, origin: WriteOrigin? = nil) throws(EvaluationError) {
        record(name, op: "prepend", detail: value.pythonString, origin: origin)
        try setVar(name + ":prepend", value, parsing: true)
    }

    public func appendVarFlag(_ name: String, _ flag: String, _ value: Value, origin: WriteOrigin? = nil) throws(EvaluationError) {
        let old = try getVarFlag(name, flag, expand: false)
        try setVarFlag(name, flag, try Self.concatenate(old ?? .string(""), value), origin: origin, op: "append")
    }

    public func prependVarFlag(_ name: String, _ flag: String, _ value: Value, origin: WriteOrigin? = nil) throws(EvaluationError) {
        let old = try getVarFlag(name, flag, expand: false)
        try setVarFlag(name, flag, try Self.concatenate(value, old ?? .string("")), origin: origin, op: "prepend")
    }

    /// Sets several flags at once without the side effects of `setVarFlag`, as BitBake does.
    public func setVarFlags(_ name: String, _ flags: [(String, Value)], origin: WriteOrigin? = nil) {
        invalidateExpansions(of: name)
        for (flag, value) in flags where flag != Variable.content {
            record(name, op: "set", detail: value.pythonString, flag: flag, origin: origin)
            shadow(name)
            vars[name]![flag] = value
        }
    }

    /// Drops every flag but keeps the content, as BitBake does.
    public func delVarFlags(_ name: String, origin: WriteOrigin? = nil) {
        invalidateExpansions(of: name)
        shadow(name)
        let local = vars[name]!
        record(name, op: "delete flags", detail: "", origin: origin)
        if let content = local[Variable.content] {
            var fresh = Variable()
            fresh[Variable.content] = content
            vars[name] = fresh
        } else {
            vars[name] = nil
        }
    }

    /// Python's `+` on two values, for the cases metadata produces.
    static func concatenate(_ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        default:
            throw EvaluationError(.python, "TypeError: unsupported operand types for +: \(a.typeName) and \(b.typeName)")
        }
    }
}
