extension DataStore {
    /// The names a `for key in d` loop sees: every variable with content or flags, plus the base
    /// names of active override variables.
    public func keys() throws(EvaluationError) -> [String] {
        let overridden = try activeOverrideBases()
        var result: [String] = []
        var seen: Set<String> = overridden
        var store: DataStore? = self
        while let s = store {
            for (name, variable) in s.vars where seen.insert(name).inserted && !variable.isEmpty {
                result.append(name)
            }
            store = s.parent
        }
        result.append(contentsOf: overridden)
        return result
    }

    /// Base names with an active override variable (listed last by `keys()`).
    private func activeOverrideBases() throws(EvaluationError) -> Set<String> {
        try needOverrides()
        var overridden: Set<String> = []
        for (name, entries) in overrideData where entries.contains(where: { isActive($0.override) }) {
            overridden.insert(name)
        }
        return overridden
    }

    /// `[k for k in d.keys() if d.getVarFlag(k, flag)]`, in `keys()` order, without a
    /// Python round trip per key and without collecting every key: only entries that carry
    /// the flag (or its weak default) are looked at.
    public func keys(withFlag flag: String) throws(EvaluationError) -> [String] {
        let weak = Variable.defaultFlagPrefix + flag
        let overridden = try activeOverrideBases()
        var candidates: [String] = []
        var seen: Set<String> = []
        var store: DataStore? = self
        while let s = store {
            for (name, variable) in s.vars where variable.has(flag) || variable.has(weak) {
                guard seen.insert(name).inserted, !overridden.contains(name) else { continue }
                candidates.append(name)
            }
            store = s.parent
        }
        candidates += overridden
        var result: [String] = []
        for name in candidates {
            // The nearest entry decides, as for getVarFlag.
            guard let v = findVar(name), !v.isEmpty, v.has(flag) || v.has(weak) else { continue }
            if try getVarFlag(name, flag)?.isTruthy == true { result.append(name) }
        }
        return result
    }

    /// `bb.data.inherits_class`: does an entry of `__inherit_cache` end with
    /// `/CLASS.bbclass`? Nil when the list holds something other than strings (Python then
    /// decides, and fails, as BitBake would).
    public func inheritsClass(_ name: String) throws(EvaluationError) -> Bool? {
        let needle = "/" + name + ".bbclass"
        guard let cache = try getVar("__inherit_cache", expand: false), cache.isTruthy else { return false }
        switch cache {
        case .string: return false  // Python iterates its characters: none ends with the needle
        case .list(let items):
            for item in items {
                guard case .string(let path) = item else { return nil }
                // Python's endswith compares code points: bytes here, not Characters.
                if path.utf8.count >= needle.utf8.count, path.utf8.suffix(needle.utf8.count).elementsEqual(needle.utf8) {
                    return true
                }
            }
            return false
        default: return nil
        }
    }

    /// The keys whose names contain `${` (what `expandKeys` renames), without listing every key.
    func keysWithReferences() throws(EvaluationError) -> [String] {
        var candidates: [String] = []
        var seen: Set<String> = []
        var store: DataStore? = self
        while let s = store {
            for name in s.referencingNames where seen.insert(name).inserted { candidates.append(name) }
            store = s.parent
        }
        for name in overrideBasesWithReferences where seen.insert(name).inserted { candidates.append(name) }
        guard !candidates.isEmpty else { return [] }
        try needOverrides()
        return candidates.filter { name in
            if let v = findVar(name), !v.isEmpty { return true }
            return overrideData[name]?.contains(where: { isActive($0.override) }) == true
        }
    }

    /// `name in d`: BitBake's Mapping membership, which is `getVar(name, False) is not None`.
    public func contains(_ name: String) throws(EvaluationError) -> Bool {
        try getVar(name, expand: false) != nil
    }

    /// `renameVar`: moves the content and pending operations (not other flags), and renames
    /// every override variable of `key` along with it.
    public func renameVar(_ key: String, to newKey: String, origin: WriteOrigin? = nil) throws(EvaluationError) {
        guard key != newKey else { return }
        var found = false
        let value = try getVar(key, expand: false, parsing: true)
        if let value {
            if let history, let events = history.events[key] { history.events[newKey, default: []].append(contentsOf: events) }
            record(newKey, op: "rename from \(key)", detail: value.pythonString, origin: origin)
            try setVar(newKey, value, parsing: true)
            found = true
        }
        if let source = findVar(key) {
            for keyword in OverrideKeyword.allCases {
                let pending = source.pending(keyword)
                guard !pending.isEmpty else { continue }
                shadow(newKey)
                for op in pending { vars[newKey]!.addPending(op, keyword) }
                invalidateExpansions(of: newKey)
                found = true
            }
        }
        if let entries = overrideData[key] {
            found = true
            if overrideData[newKey] == nil, newKey.containsText("${") { overrideBasesWithReferences.append(newKey) }
            overrideData[newKey] = []
            for entry in entries {
                let renamed = Self.replacingAll(entry.variable, key, with: newKey)
                overrideData[newKey, default: []].append(OverrideEntry(variable: renamed, override: entry.override))
                try renameVar(entry.variable, to: renamed)
            }
        }
        guard found else { return }
        if newKey.containsByte(UInt8(ascii: ":")) && value == nil { updateOverrides(newKey) }
        record(key, op: "rename (to)", detail: newKey, origin: origin)
        delVar(key)
    }

    /// `bb.data.expandKeys`: variables whose names contain `${...}` are renamed to the expanded
    /// name, in sorted order; a collision replaces the existing variable.
    public func expandKeys(warn: (String) -> Void = { _ in }) throws(EvaluationError) {
        var todo: [(String, String)] = []
        for key in try keysWithReferences() {
            let expanded = try expand(key)
            if expanded != key { todo.append((key, expanded)) }
        }
        todo.sort { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) }
        for (key, expanded) in todo {
            if let newValue = try getVar(expanded, expand: false), let old = try getVar(key, expand: false) {
                warn("Variable key \(key) (\(old.pythonString)) replaces original key \(expanded) (\(newValue.pythonString)).")
            }
            try renameVar(key, to: expanded)
        }
    }

    /// Names set directly in this datastore, not through its parents.
    public var localNames: [String] { vars.compactMap { $0.value.isEmpty ? nil : $0.key } }
}
