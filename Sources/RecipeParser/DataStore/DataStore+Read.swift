extension DataStore {
    public func getVar(
        _ name: String, expand: Bool = true, noWeakDefault: Bool = false, parsing: Bool = false
    ) throws(EvaluationError) -> Value? {
        try getVarFlag(name, Variable.content, expand: expand, noWeakDefault: noWeakDefault, parsing: parsing)
    }

    /// The final string value of a variable, or nil when unset (or not a string).
    public func string(_ name: String) throws(EvaluationError) -> String? {
        try getVar(name)?.stringValue
    }

    public func getVarFlag(
        _ name: String, _ flag: String, expand: Bool = true, noWeakDefault: Bool = false, parsing: Bool = false
    ) throws(EvaluationError) -> Value? {
        try lookup(name, flag, expand: expand, noWeakDefault: noWeakDefault, parsing: parsing, wantParser: false).0
    }

    /// The part of `name` before its first `:`, nil when there is none.
    private static func filterBase(_ name: String) -> String? {
        guard let colon = name.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return String(name[..<colon])
    }

    /// `setVarFilter`: an expanded value goes through the bb.filter expression set for its
    /// base name (the part before any `:`), in Python as BitBake runs it.
    private func applyFilter(_ name: String, base: String, _ value: Value) throws(EvaluationError) -> Value {
        guard let expression = filters[base], let python else { return value }
        expansions.ranPython()
        let code = "bb.filter.apply_filters(\(value.pythonRepr), [\(Value.pythonQuoted(expression))])"
        do {
            return .string(try python.evaluateInline(code, variable: name, store: self))
        } catch {
            switch error {
            case .error(let e): throw e
            case .unterminatedString: throw EvaluationError(.python, "filter \(expression) of \(base) is not valid Python")
            }
        }
    }

    /// Sets or (with nil) removes the value filter of `name`. As in BitBake, values already
    /// expanded keep their old filtering until the next write.
    public func setVarFilter(_ name: String, _ expression: String?) {
        expansions.filterChanged(name)
        filters[name] = expression
    }

    /// BitBake's `getVarFlag`, step for step: override selection, weak defaults, pending
    /// appends and prepends, expansion, then removals. Results are cached until something
    /// they read is written (`ExpansionCache`).
    func lookup(
        _ name: String, _ flag: String, expand: Bool, noWeakDefault: Bool, parsing: Bool, wantParser: Bool
    ) throws(EvaluationError) -> (Value?, Expansion?) {
        // Unexpanded reads and `noWeakDefault` reads are neither cached nor served from it.
        guard !noWeakDefault, expand || wantParser else {
            expansions.read(name)
            return try compute(name, flag, expand: expand, noWeakDefault: noWeakDefault, parsing: parsing, wantParser: wantParser)
        }
        let cacheFlag = flag == Variable.content ? "" : flag
        let node = expansions.node(name)
        expansions.read(node)
        if let cached = expansions.result(node, cacheFlag, pythonEpoch: pythonEpoch) {
            return expand ? (cached.value, cached) : (cached.unexpanded, cached)
        }
        expansions.begin(node, cacheFlag)
        let result: (Value?, Expansion?)
        do {
            result = try compute(name, flag, expand: expand, noWeakDefault: noWeakDefault, parsing: parsing, wantParser: wantParser)
        } catch {
            expansions.abandon()
            throw error
        }
        if let parser = result.1 { expansions.end(storing: parser, pythonEpoch: pythonEpoch) } else { expansions.abandon() }
        return result
    }

    private func pythonEpoch() -> Int { python?.definitionEpoch ?? 0 }

    private func compute(
        _ name: String, _ flag: String, expand: Bool, noWeakDefault: Bool, parsing: Bool, wantParser: Bool
    ) throws(EvaluationError) -> (Value?, Expansion?) {
        let isContent = flag == Variable.content
        let local = findVar(name)
        var value: Value?
        var removes: Set<String> = []

        if isContent && !parsing, let entries = overrideData[name] {
            try needOverrides()
            if let match = selectOverride(entries) {
                let (v, sub) = try lookup(match, Variable.content, expand: false, noWeakDefault: false, parsing: false, wantParser: true)
                value = v
                if let carried = sub?.removes { removes = carried }
            }
        }

        if let local, value == nil {
            if let own = local[flag] {
                value = own
            } else if isContent && !noWeakDefault, let weak = local[Variable.defaultValue] {
                value = weak
            } else if !noWeakDefault, let weak = local.weakDefault(of: flag) {
                value = weak
            }
            if value == Value.none { value = nil }
        }

        if isContent, !parsing, let local {
            if !local.appends.isEmpty {
                try needOverrides()
                for op in local.appends where try conditionMatches(op.override) {
                    value = try Self.concatenate(value ?? .string(""), op.value)
                }
            }
            if !local.prepends.isEmpty {
                try needOverrides()
                for op in local.prepends where try conditionMatches(op.override) {
                    value = try Self.concatenate(op.value, value ?? .string(""))
                }
            }
        }

        var parser: Expansion?
        if expand || wantParser {
            parser = try expandWithReferences(
                value, variable: isContent ? name : name + "[" + flag + "]", collectReferences: false)
        }
        if expand { value = parser?.value }

        if isContent, !parsing, value?.isTruthy == true {
            if let local, !local.removes.isEmpty {
                try needOverrides()
                for op in local.removes where try conditionMatches(op.override) {
                    if case .string(let r) = op.value { removes.insert(r) }
                }
            }
            if !removes.isEmpty, let parser, case .string(let full)? = parser.value {
                var expanded: [String: [String]] = [:]
                for r in removes { expanded[r] = splitWords(try self.expand(r)) }
                var applied: Set<String> = []
                var kept = ""
                for token in Self.splitKeepingWhitespace(full) {
                    var skip = false
                    for r in removes where expanded[r]!.contains(token) {
                        applied.insert(r)
                        skip = true
                    }
                    if !skip { kept += token }
                }
                parser.removes = applied
                parser.value = .string(kept)
                if expand { value = parser.value }
            }
        }

        // `setVarFilter` filters apply by base name, inside the lookup: what is cached (and
        // what an override selection carries) is the filtered value, as in BitBake.
        if expand, isContent, let unfiltered = value, unfiltered.isTruthy {
            let base = Self.filterBase(name)
            if let base { expansions.read(base) }
            if !filters.isEmpty {
                value = try applyFilter(name, base: base ?? name, unfiltered)
                parser?.value = value
            }
        }
        return (value, parser)
    }

    /// Picks the override variable that wins under `OVERRIDES`, replaying BitBake's loop
    /// (later overrides win; multi-part chains are peeled one active part at a time).
    func selectOverride(_ entries: OverrideList) -> String? {
        var active = OrderedPairs()
        for entry in entries where isActive(entry.override) {
            active[entry.override] = entry.variable
        }
        guard !active.isEmpty else { return nil }
        var match: String?
        var modified = true
        let order = overrides ?? []
        while modified {
            modified = false
            for o in order {
                let suffix = ":" + o
                for key in active.keys {
                    guard let target = active[key] else { continue }
                    if key.hasSuffix(suffix) {
                        active[key] = nil
                        active[Self.replacingAll(key, suffix, with: "")] = target
                        modified = true
                    } else if key == o {
                        match = target
                        active[key] = nil
                    }
                }
            }
        }
        return match
    }

    /// Python's `re.split(r'(\s)', s)`: words and single whitespace characters, in order.
    static func splitKeepingWhitespace(_ s: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if ScalarClass.isSpace(c) {
                tokens.append(String(current))
                current = .init()
                tokens.append(String(c))
            } else {
                current.append(c)
            }
        }
        tokens.append(String(current))
        return tokens
    }

    /// Python's `str.replace(old, new)`: every non-overlapping occurrence, left to right.
    static func replacingAll(_ s: String, _ old: String, with new: String) -> String {
        s.replacingText(old, with: new)
    }

    /// Flags of a variable as BitBake's `getVarFlags` returns them (nil when there are none).
    public func getVarFlags(_ name: String, expand: Set<String> = [], internalFlags: Bool = false) throws(EvaluationError) -> [(String, Value)]? {
        guard let local = findVar(name) else { return nil }
        var result = OrderedValues()
        for (flag, value) in local.flags {
            var key = flag
            if flag.hasPrefix(Variable.defaultFlagPrefix) && !internalFlags {
                key = String(flag.dropFirst(Variable.defaultFlagPrefix.count))
                if !local.has(key) { result[key] = value }
            } else if (flag.hasPrefix("_") || flag.hasPrefix(":")) && !internalFlags {
                continue
            } else {
                result[key] = value
            }
            if expand.contains(key), let current = result[key] {
                result[key] = try expandValue(current, variable: name + "[" + key + "]")
            }
        }
        if internalFlags {
            for keyword in OverrideKeyword.allCases {
                let pending = local.pending(keyword)
                if !pending.isEmpty {
                    result[keyword.rawValue] = .list(pending.map { .list([$0.value, $0.override.map(Value.string) ?? .none]) })
                }
            }
        }
        return result.isEmpty ? nil : result.pairs
    }
}

/// A small insertion-ordered map with Python dict semantics (re-assigning keeps the position).
struct OrderedPairs {
    private(set) var keys: [String] = []
    private var values: [String] = []
    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> String? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}

struct OrderedValues {
    private(set) var pairs: [(String, Value)] = []
    var isEmpty: Bool { pairs.isEmpty }

    subscript(key: String) -> Value? {
        get { pairs.first { $0.0 == key }?.1 }
        set {
            if let i = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[i].1 = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }
}

