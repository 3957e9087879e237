/// Runs the Python of `${@...}` expressions for a datastore (the embedded interpreter).
public protocol InlinePythonEvaluator: AnyObject {
    /// Evaluates `code` as a Python expression with `d` bound to `store`; returns `str()` of the
    /// result. Throws `InlinePythonFailure.unterminatedString` for the syntax error BitBake
    /// tolerates (the expression is then left unexpanded).
    func evaluateInline(_ code: String, variable: String?, store: DataStore) throws(InlinePythonFailure) -> String
    /// Changes whenever a metadata function is (re)defined: inline Python may call them, so
    /// its cached results are only valid while this is unchanged.
    var definitionEpoch: Int { get }
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
    var vars: [String: Variable] = [:] {
        didSet { version &+= 1 }
    }
    /// Bumped by every change to `vars` (a simple `didSet` keeps in-place mutation): flattened
    /// snapshots of a parent chain record the versions they were built from.
    private(set) var version = 0
    /// Lookups that missed `vars` here and went on to the parents since the last snapshot.
    var fallThroughs = 0
    /// This store and its parents merged into one table, valid while every version matches.
    var flattened: FlatSnapshot?
    private(set) var parent: DataStore?
    /// Names created in this datastore that contain `${` (candidates for key expansion).
    var referencingNames: [String] = []
    /// Override base names that contain `${` (copied with `overrideData`).
    var overrideBasesWithReferences: [String] = []
    /// For each base name, the `NAME:o1:o2` variables that override it and their override chain.
    var overrideData: [String: OverrideList] = [:]
    /// Variables whose change can change `OVERRIDES` (it, and what it references).
    var overrideVars: NameSet = ["OVERRIDES", "FILE"]
    var overrides: [String]?
    /// Bumped whenever a write here resets `overrides`.
    var overridesVersion = 0
    /// The parent's `overridesVersion` when this copy was made: while the parent's is
    /// unchanged, and this copy has written no override variable, the parent's computed
    /// overrides are this copy's too (BitBake computes them again in every copy, from the same
    /// values).
    var parentOverridesVersion: Int?
    var overridesSet: Set<String> = []
    var inOverride = false
    /// Expansion results by variable (or `VAR[flag]`), each kept until what it read changes.
    var expansions = ExpansionCache()
    var renamedVariables: [String: String] = DataStore.bitbakeRenamedVariables {
        didSet { renamedNames = NameSet(renamedVariables.keys) }
    }
    /// The names in `renamedVariables`, which every write checks (most by length alone).
    var renamedNames = NameSet(DataStore.bitbakeRenamedVariables.keys)
    /// Names given the `export` or `unexport` flag, in order.
    public internal(set) var exportList: [String] = []
    var history: VariableHistory?
    /// `setVarFilter` expressions by base variable name.
    var filters: [String: String] = [:]

    /// Runs `${@...}`; inherited by copies. (The evaluators are process-wide, so holding one
    /// strongly creates no cycle.)
    public var python: (any InlinePythonEvaluator)?
    /// The Python object standing for this datastore while Python holds one (borrowed).
    var pythonWrapper: UnsafeMutableRawPointer?
    /// Files the parse read or looked for, in order (BitBake's `__depends`).
    var ownDependencies = FileDependencyList()
    /// The configuration's files (`__base_depends`, which BitBake renames `__depends` to once
    /// the configuration is parsed, so recipes start a list of their own).
    var baseDependencies: [String] = []

    /// Every file the datastore depends on: the configuration's, then its own.
    public var fileDependencies: [String] { baseDependencies + ownFileDependencies }
    /// The files this datastore's own parse (a recipe's, not its configuration's) read or
    /// looked for: what a cached recipe parse depends on beyond the configuration, whose
    /// content the cache key covers (as BitBake's cache checks a recipe's `__depends`).
    public var ownFileDependencies: [String] { ownDependencies.paths }

    public init() {
        vars.reserveCapacity(64)
    }

    struct OverrideEntry: Hashable, Sendable {
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
        copy.overrideBasesWithReferences = overrideBasesWithReferences
        copy.overrideVars = overrideVars
        copy.parentOverridesVersion = overridesVersion
        copy.renamedVariables = renamedVariables
        copy.renamedNames = renamedNames
        copy.exportList = exportList
        copy.history = history?.copy()
        copy.python = python
        copy.ownDependencies = ownDependencies
        copy.baseDependencies = baseDependencies
        copy.filters = filters
        return copy
    }

    /// `name` is being written: drops the expansions that read it.
    @inline(__always)
    func invalidateExpansions(of name: String) {
        expansions.written(name)
    }

    /// The variable as this datastore sees it: its own entry, else its parents'.
    ///
    /// A recipe sits five copies deep over the configuration, so a miss would hash the name at
    /// every level; a parent that is read through often and no longer written (the finished
    /// configuration) answers from a flattened snapshot of itself and its parents instead.
    func findVar(_ name: String) -> Variable? {
        if let v = vars[name] { return v }
        var store = parent
        while let s = store {
            if s.parent != nil, let flat = s.snapshot() { return flat[name] }
            if let v = s.vars[name] { return v }
            store = s.parent
        }
        return nil
    }

    /// Fall-throughs after which a store with parents builds a snapshot: enough that a store
    /// still being written (a configuration mid-parse, a recipe) rarely pays for one.
    static let snapshotThreshold = 4096

    /// The flattened view of this store and its parents, when one is current or worth building.
    private func snapshot() -> [String: Variable]? {
        if let flat = flattened {
            if flat.isCurrent(for: self) { return flat.vars }
            flattened = nil
            fallThroughs = 0
        }
        fallThroughs &+= 1
        guard fallThroughs >= Self.snapshotThreshold else { return nil }
        let built = FlatSnapshot(flattening: self)
        flattened = built
        return built.vars
    }

    /// BitBake's `_makeShadowCopy`: a local entry to write to, copied from the parents.
    func shadow(_ name: String) {
        if vars.index(forKey: name) == nil {
            vars[name] = parent?.findVar(name) ?? Variable()
            if name.containsText("${") { referencingNames.append(name) }
        }
    }

    /// Shadows `name` and mutates its local entry in place: one hash lookup, whether or not
    /// the entry exists yet (a new one starts as the parents' copy).
    @inline(__always)
    func mutate<R>(_ name: String, _ body: (inout Variable) throws(EvaluationError) -> R) throws(EvaluationError) -> R {
        var created = false
        let result = try body(&vars[name, default: { () -> Variable in
            created = true
            return parent?.findVar(name) ?? Variable()
        }()])
        if created, name.containsText("${") { referencingNames.append(name) }
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

/// A datastore chain merged into one dictionary, with the version of each store it read.
final class FlatSnapshot {
    let vars: [String: Variable]
    private let versions: [Int]

    init(flattening top: DataStore) {
        var chain: [DataStore] = []
        var store: DataStore? = top
        while let s = store {
            chain.append(s)
            store = s.parent
        }
        var merged = chain.last!.vars
        for s in chain.dropLast().reversed() {
            merged.merge(s.vars) { _, child in child }
        }
        vars = merged
        versions = chain.map(\.version)
    }

    func isCurrent(for top: DataStore) -> Bool {
        var store: DataStore? = top
        for v in versions {
            guard let s = store, s.version == v else { return false }
            store = s.parent
        }
        return true
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
