/// Runs the Python of `${@...}` expressions for a datastore (the embedded interpreter).
public protocol InlinePythonEvaluator: AnyObject {
    /// Evaluates `code` as a Python expression with `d` bound to `store`; returns `str()` of the
    /// result. Throws `InlinePythonFailure.unterminatedString` for the syntax error BitBake
    /// tolerates (the expression is then left unexpanded).
    func evaluateInline(_ code: String, variable: String?, store: DataStore) throws(InlinePythonFailure) -> String
}

public enum InlinePythonFailure: Error {
    case unterminatedString
    case error(EvaluationError)
}

/// BitBake's datastore (`bb.data_smart.DataSmart`) with the same observable semantics: weak and
/// default values, flags, conditional overrides chosen by `OVERRIDES`, pending `:append`,
/// `:prepend` and `:remove`, lazy expansion with a cache, and variable history.
///
/// A copy (`createCopy`) is cheap: storage is copy-on-write, so a recipe starts from the parsed
/// configuration without duplicating it until it writes.
public final class DataStore {
    /// Variables set in this datastore; others are read through `parent`, live, as BitBake's
    /// chained dictionaries are (an empty entry hides the parent's variable).
    var vars: [String: Variable] = [:]
    private(set) var parent: DataStore?
    /// Names created in this datastore that contain `${` (candidates for key expansion).
    var referencingNames: [String] = []
    /// For each base name, the `NAME:o1:o2` variables that override it and their override chain.
    var overrideData: [String: [OverrideEntry]] = [:]
    /// Variables whose change can change `OVERRIDES` (it, and what it references).
    var overrideVars: Set<String> = ["OVERRIDES", "FILE"]
    var overrides: [String]?
    var overridesSet: Set<String> = []
    var inOverride = false
    /// Expansion results by variable (or `VAR[flag]`), valid while `generation` is unchanged.
    var expandCache: [String: Expansion] = [:]
    /// Bumped by every write: BitBake drops its whole expansion cache on any write; bake
    /// invalidates in O(1) and lets stale entries be overwritten.
    var generation = 0
    var renamedVariables: [String: String] = DataStore.bitbakeRenamedVariables {
        didSet { renamedLengths = Set(renamedVariables.keys.map(\.utf8.count)) }
    }
    /// The name lengths in `renamedVariables`: most writes are ruled out without hashing.
    var renamedLengths: Set<Int> = Set(DataStore.bitbakeRenamedVariables.keys.map(\.utf8.count))
    /// Names given the `export` or `unexport` flag, in order.
    public internal(set) var exportList: [String] = []
    var history: VariableHistory?
    var expansionDepth = 0

    /// Runs `${@...}`; inherited by copies. (The evaluators are process-wide, so holding one
    /// strongly creates no cycle.)
    public var python: (any InlinePythonEvaluator)?
    /// The Python object standing for this datastore while Python holds one (borrowed).
    var pythonWrapper: UnsafeMutableRawPointer?
    /// Files the parse read or looked for, in order (BitBake's `__depends`).
    public internal(set) var fileDependencies: [String] = []

    public init() {
        vars.reserveCapacity(64)
    }

    struct OverrideEntry: Equatable, Sendable {
        var variable: String
        var override: String
    }

    static let bitbakeRenamedVariables: [String: String] = [
        "BB_ENV_WHITELIST": "BB_ENV_PASSTHROUGH",
        "BB_ENV_EXTRAWHITE": "BB_ENV_PASSTHROUGH_ADDITIONS",
        "BB_HASHBASE_WHITELIST": "BB_BASEHASH_IGNORE_VARS",
        "BB_HASHCONFIG_WHITELIST": "BB_HASHCONFIG_IGNORE_VARS",
        "BB_HASHTASK_WHITELIST": "BB_TASKHASH_IGNORE_TASKS",
        "BB_SETSCENE_ENFORCE_WHITELIST": "BB_SETSCENE_ENFORCE_IGNORE_TASKS",
        "MULTI_PROVIDER_WHITELIST": "BB_MULTI_PROVIDER_ALLOWED",
        "BB_STAMP_WHITELIST": "is a deprecated variable and support has been removed",
        "BB_STAMP_POLICY": "is a deprecated variable and support has been removed",
    ]

    /// A copy layered over `self`: O(1), and it sees later changes to variables it has not
    /// written itself, exactly as BitBake's `createCopy` does.
    public func createCopy() -> DataStore {
        let copy = DataStore()
        copy.parent = self
        copy.overrideData = overrideData
        copy.overrideVars = overrideVars
        copy.renamedVariables = renamedVariables
        copy.renamedLengths = renamedLengths
        copy.exportList = exportList
        copy.history = history?.copy()
        copy.python = python
        copy.fileDependencies = fileDependencies
        return copy
    }

    /// Any write may change any expansion, as in BitBake (whose cache is cleared on every write).
    @inline(__always)
    func invalidateExpansions() {
        generation &+= 1
        if expandCache.count > 8192 { expandCache.removeAll(keepingCapacity: true) }
    }

    /// The variable as this datastore sees it: its own entry, else its parents'.
    func findVar(_ name: String) -> Variable? {
        var store: DataStore? = self
        while let s = store {
            if let v = s.vars[name] { return v }
            store = s.parent
        }
        return nil
    }

    /// BitBake's `_makeShadowCopy`: a local entry to write to, copied from the parents.
    func shadow(_ name: String) {
        if vars.index(forKey: name) == nil {
            vars[name] = parent?.findVar(name) ?? Variable()
            if name.containsText("${") { referencingNames.append(name) }
        }
    }

    /// Shadows `name` and mutates its local entry in place (one hash lookup when it is local).
    @inline(__always)
    func mutate<R>(_ name: String, _ body: (inout Variable) throws(EvaluationError) -> R) throws(EvaluationError) -> R {
        if let index = vars.index(forKey: name) { return try body(&vars.values[index]) }
        var v = parent?.findVar(name) ?? Variable()
        if name.containsText("${") { referencingNames.append(name) }
        let result = try body(&v)
        vars[name] = v
        return result
    }

    // MARK: History

    public var isTracking: Bool { history != nil }

    public func enableTracking() {
        if history == nil { history = VariableHistory() }
    }

    public func history(of name: String) -> [HistoryEvent] { history?.events[name] ?? [] }

    func record(_ name: String, op: String, detail: @autoclosure () -> String, flag: String? = nil, origin: WriteOrigin?) {
        guard let history, let origin else { return }
        history.events[name, default: []].append(
            HistoryEvent(op: op, file: origin.file, line: origin.line, detail: origin.detail ?? detail(), flag: flag))
    }

    // MARK: Writing

    /// `setVar`: `parsing` is true for statements read from files (BitBake's `parsing=True`),
    /// which keeps pending appends and overrides; a write from Python drops them.
    public func setVar(
        _ name: String, _ value: Value, parsing: Bool = false, origin: WriteOrigin? = nil, op: String = "set"
    ) throws(EvaluationError) {
        if Self.hasOldOverrideSyntax(name) {
            throw EvaluationError(
                .fatal, "Variable \(name) contains an operation using the old override syntax. "
                    + "Please convert this layer/metadata before attempting to use with a newer bitbake.")
        }
        if renamedLengths.contains(name.utf8.firstIndex(of: UInt8(ascii: ":")).map { name.utf8.distance(from: name.utf8.startIndex, to: $0) } ?? name.utf8.count) {
            let short = name.utf8.firstIndex(of: UInt8(ascii: ":")).map { String(name[..<$0]) } ?? name
            try checkRenamed(short, fullName: name)
        }
        invalidateExpansions()

        if let (base, keyword, override) = Self.splitKeyword(name) {
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
        if name.containsByte(UInt8(ascii: ":")) { updateOverrides(name) }
        try mutate(name) { $0[Variable.content] = value }
        record(name, op: op, detail: value.pythonString, origin: origin)
        if overrideVars.contains(name) { try updateOverrideVars(name, value) }
    }

    public func setVarFlag(
        _ name: String, _ flag: String, _ value: Value, origin: WriteOrigin? = nil, op: String = "set"
    ) throws(EvaluationError) {
        invalidateExpansions()
        if name == "BB_RENAMED_VARIABLES" { renamedVariables[flag] = value.pythonString }
        if renamedLengths.contains(name.utf8.count) { try checkRenamed(name, fullName: name) }
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
        invalidateExpansions()
        record(name, op: "del", detail: "", origin: origin)
        vars[name] = parent == nil ? nil : Variable()
        overrideData[name] = nil
        walkOverrideChain(of: name) { short, override in
            overrideData[short]?.removeAll { $0 == OverrideEntry(variable: name, override: override) }
        }
    }

    public func delVarFlag(_ name: String, _ flag: String, origin: WriteOrigin? = nil) {
        invalidateExpansions()
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
        invalidateExpansions()
        for (flag, value) in flags where flag != Variable.content {
            record(name, op: "set", detail: value.pythonString, flag: flag, origin: origin)
            shadow(name)
            vars[name]![flag] = value
        }
    }

    /// Drops every flag but keeps the content, as BitBake does.
    public func delVarFlags(_ name: String, origin: WriteOrigin? = nil) {
        invalidateExpansions()
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

    // MARK: Override bookkeeping

    /// BitBake's `__setvar_regexp__`: `BASE:append[:o...]`, the first keyword whose tail is
    /// empty or a `:` and an override chain without capital letters.
    static func splitKeyword(_ name: String) -> (base: String, keyword: OverrideKeyword, override: String?)? {
        let u = name.utf8
        guard u.contains(UInt8(ascii: ":")) else { return nil }
        let bytes = Array(u)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ":") {
                for keyword in OverrideKeyword.allCases {
                    let k = keyword.bytes
                    guard i + k.count <= bytes.count, bytes[i..<(i + k.count)].elementsEqual(k) else { continue }
                    let rest = bytes[(i + k.count)...]
                    let base = String(decoding: bytes[..<i], as: UTF8.self)
                    if rest.isEmpty { return (base, keyword, nil) }
                    if rest.first == UInt8(ascii: ":"), !rest.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                        let add = String(decoding: rest.dropFirst(), as: UTF8.self)
                        return (base, keyword, add.isEmpty ? nil : add)
                    }
                }
            }
            i += 1
        }
        return nil
    }

    /// BitBake refuses names using the pre-2021 `_append`/`_prepend`/`_remove` syntax anywhere
    /// in the name (anonymous function names excepted).
    static func hasOldOverrideSyntax(_ name: String) -> Bool {
        let u = name.utf8
        guard u.contains(UInt8(ascii: "_")), !name.hasPrefix("__anon_") else { return false }
        return name.containsText("_append") || name.containsText("_prepend") || name.containsText("_remove")
    }

    /// `[a-z0-9]+` matched at the start: what BitBake accepts as an override name.
    static func looksLikeOverride(_ s: Substring) -> Bool {
        guard let c = s.unicodeScalars.first else { return false }
        return (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x30 && c.value <= 0x39)
    }

    /// Visits (base, override chain) for `A:b:c` as BitBake registers it: (`A:b`, `c`), (`A`, `b:c`).
    func walkOverrideChain(of name: String, _ visit: (String, String) -> Void) {
        guard let last = name.lastIndex(of: ":") else { return }
        var override = name[name.index(after: last)...]
        var short = name[..<last]
        while !override.isEmpty && Self.looksLikeOverride(override) {
            visit(String(short), String(override))
            override = ""
            if let cut = short.lastIndex(of: ":") {
                override = name[name.index(after: cut)...]
                short = name[..<cut]
                if short.isEmpty { override = "" }
            }
        }
    }

    func updateOverrides(_ name: String) {
        walkOverrideChain(of: name) { short, override in
            let entry = OverrideEntry(variable: name, override: override)
            if overrideData[short]?.contains(entry) != true { overrideData[short, default: []].append(entry) }
        }
    }

    func updateOverrideVars(_ name: String, _ value: Value) throws(EvaluationError) {
        var new = try expandWithReferences(value, variable: name).references
        while !new.isSubset(of: overrideVars) {
            var next: Set<String> = []
            overrideVars.formUnion(new)
            for n in new {
                next.formUnion(try expandWithReferences(try getVar(n), variable: n).references)
            }
            new = next
        }
        overrides = nil
        invalidateExpansions()
    }

    /// Is the override chain `o` (one name or `a:b`) active under the current `OVERRIDES`?
    func isActive(_ override: String) -> Bool {
        if overridesSet.contains(override) { return true }
        guard override.containsByte(UInt8(ascii: ":")) else { return false }
        return override.split(separator: ":", omittingEmptySubsequences: false).allSatisfy { overridesSet.contains(String($0)) }
    }

    /// Conditional appends use list membership over each part (`o2 in self.overrides`).
    func conditionMatches(_ override: String?) throws(EvaluationError) -> Bool {
        guard let override, !override.isEmpty else { return true }
        try needOverrides()
        let list = overrides ?? []
        for part in override.split(separator: ":", omittingEmptySubsequences: false) where !list.contains(String(part)) {
            return false
        }
        return true
    }

    /// Computes `OVERRIDES` until it is stable (at most five rounds), as BitBake does.
    func needOverrides() throws(EvaluationError) {
        if overrides != nil || inOverride { return }
        var stack: [[String]] = []
        for _ in 0..<5 {
            inOverride = true
            overrides = []
            overridesSet = []
            let first: [String]
            do {
                first = Self.splitOverrides(try getVar("OVERRIDES"))
            } catch {
                inOverride = false
                overrides = nil
                throw error
            }
            overrides = first
            overridesSet = Set(first)
            stack.append(first)
            inOverride = false
            invalidateExpansions()
            let again = Self.splitOverrides(try getVar("OVERRIDES"))
            if again == first { return }
            overrides = again
            overridesSet = Set(again)
        }
        throw EvaluationError(
            .fatal, "Overrides could not be expanded into a stable state after 5 iterations: "
                + stack.map { $0.joined(separator: ":") }.joined(separator: "; "))
    }

    private static func splitOverrides(_ value: Value?) -> [String] {
        (value?.stringValue ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    }
}

extension Value {
    var typeName: String {
        switch self {
        case .string: "'str'"
        case .none: "'NoneType'"
        case .int: "'int'"
        case .bool: "'bool'"
        case .list: "'list'"
        case .object: "'object'"
        }
    }
}

/// Per-variable history, shared copy-on-write between a datastore and its copies.
final class VariableHistory {
    var events: [String: [HistoryEvent]] = [:]

    func copy() -> VariableHistory {
        let c = VariableHistory()
        c.events = events
        return c
    }
}
