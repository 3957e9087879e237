/// What the cooker keeps of one parsed target (BitBake's `CoreRecipeInfo`): enough for `-p`,
/// `-s`, provider choice and the task graph, without the datastore. This is what the parse
/// cache stores and what parse workers send back.
///
/// Lists of names are `bb.utils.explode_deps` results: version constraints dropped, order kept.
public struct RecipeInfo: Sendable, Equatable {
    /// One task with the flags that add edges to it (the Scheduler's `TaskDeclaration`, unresolved).
    public struct Task: Sendable, Equatable {
        public var name: String
        /// The `deps` flag as `addtask` left it (may name tasks the recipe does not have).
        public var after: [String]
        /// `[depends]` and `[rdepends]`: `name:do_task` entries, as written.
        public var depends: [String]
        public var rdepends: [String]
        public var deptask: [String]
        public var rdeptask: [String]
        public var recrdeptask: [String]
        public var recideptask: [String]
        /// Whether the flag is present at all (BitBake tests presence, not value).
        public var noexec: Bool
        public var nostamp: Bool

        public init(name: String, after: [String] = [], depends: [String] = [], rdepends: [String] = [],
                    deptask: [String] = [], rdeptask: [String] = [], recrdeptask: [String] = [],
                    recideptask: [String] = [], noexec: Bool = false, nostamp: Bool = false) {
            self.name = name
            self.after = after
            self.depends = depends
            self.rdepends = rdepends
            self.deptask = deptask
            self.rdeptask = rdeptask
            self.recrdeptask = recrdeptask
            self.recideptask = recideptask
            self.noexec = noexec
            self.nostamp = nostamp
        }
    }

    /// `RDEPENDS:pkg`, `RRECOMMENDS:pkg` and `RPROVIDES:pkg` of one entry of `PACKAGES`.
    public struct Package: Sendable, Equatable {
        public var name: String
        public var rdepends: [String]
        public var rrecommends: [String]
        public var rprovides: [String]
    }

    /// `virtual:native:/path/foo_1.0.bb` for a variant, the file itself otherwise.
    public var virtualFile: String
    public var file: String
    /// `""` for the recipe itself, else the `BBCLASSEXTEND` entry.
    public var variant: String
    public var skipReason: String?
    /// `PN` as set (empty when unset: users fall back to the file name, as `vars_from_file`).
    public var pn: String
    public var pe: String
    public var pv: String
    public var pr: String
    public var defaultPreference: String
    public var provides: [String]
    public var rprovides: [String]
    public var depends: [String]
    public var rdepends: [String]
    public var rrecommends: [String]
    public var packages: [String]
    public var packagesDynamic: [String]
    public var packageRelations: [Package]
    /// `BB_DONT_CACHE`: the recipe must be parsed on every run (its metadata changes with
    /// something no file signature catches, such as a source revision looked up remotely).
    public var dontCache: Bool
    /// In `__BBTASKS` order; empty for a skipped target.
    public var tasks: [Task]

    public init(virtualFile: String, file: String, variant: String, skipReason: String? = nil,
                pn: String, pe: String = "", pv: String = "", pr: String = "", defaultPreference: String = "",
                provides: [String] = [], rprovides: [String] = [], depends: [String] = [], rdepends: [String] = [],
                rrecommends: [String] = [], packages: [String] = [], packagesDynamic: [String] = [],
                packageRelations: [Package] = [], dontCache: Bool = false, tasks: [Task] = []) {
        self.virtualFile = virtualFile
        self.file = file
        self.variant = variant
        self.skipReason = skipReason
        self.pn = pn
        self.pe = pe
        self.pv = pv
        self.pr = pr
        self.defaultPreference = defaultPreference
        self.provides = provides
        self.rprovides = rprovides
        self.depends = depends
        self.rdepends = rdepends
        self.rrecommends = rrecommends
        self.packages = packages
        self.packagesDynamic = packagesDynamic
        self.packageRelations = packageRelations
        self.dontCache = dontCache
        self.tasks = tasks
    }

    /// Reads a parsed target's datastore.
    ///
    /// - Throws: `EvaluationError` when a variable of a target that did not skip itself fails
    ///   to expand. A skipped target keeps what can be read (BitBake's `SkippedPackage`).
    public init(_ target: ParsedTarget) throws(EvaluationError) {
        let store = target.store
        self.init(virtualFile: target.virtualFile, file: target.file, variant: target.variant,
                  skipReason: target.skipReason, pn: "")
        let skipped = target.skipReason != nil
        func text(_ name: String) throws(EvaluationError) -> String {
            do {
                return try Self.text(store.getVar(name))
            } catch {
                if skipped { return "" }
                throw error
            }
        }
        func names(_ name: String) throws(EvaluationError) -> [String] { Self.explodeDeps(splitWords(try text(name))) }
        pn = try text("PN")
        pe = try text("PE")
        pv = try text("PV")
        pr = try text("PR")
        defaultPreference = try text("DEFAULT_PREFERENCE")
        provides = try names("PROVIDES")
        rprovides = try names("RPROVIDES")
        dontCache = (try? store.getVar("BB_DONT_CACHE", expand: true))??.isTruthy ?? false
        guard !skipped else { return }
        depends = try names("DEPENDS")
        rdepends = try names("RDEPENDS")
        rrecommends = try names("RRECOMMENDS")
        packages = splitWords(try text("PACKAGES"))
        packagesDynamic = try names("PACKAGES_DYNAMIC")
        for package in packages.isEmpty ? [pn] : packages {
            packageRelations.append(Package(
                name: package, rdepends: try names("RDEPENDS:" + package), rrecommends: try names("RRECOMMENDS:" + package),
                rprovides: try names("RPROVIDES:" + package)))
        }
        let taskNames = try store.getVar("__BBTASKS", expand: false).map(Self.strings) ?? []
        for name in taskNames {
            func flag(_ flag: String) throws(EvaluationError) -> [String] {
                splitWords(try Self.text(store.getVarFlag(name, flag)))
            }
            tasks.append(Task(
                name: name, after: try store.getVarFlag(name, "deps", expand: false).map(Self.strings) ?? [],
                depends: try flag("depends"), rdepends: try flag("rdepends"), deptask: try flag("deptask"),
                rdeptask: try flag("rdeptask"), recrdeptask: try flag("recrdeptask"), recideptask: try flag("recideptask"),
                noexec: try store.getVarFlag(name, "noexec", expand: false) != nil,
                nostamp: try store.getVarFlag(name, "nostamp", expand: false) != nil))
        }
    }

    private static func text(_ value: Value?) -> String {
        guard let value else { return "" }
        return value.stringValue ?? value.pythonString
    }

    /// Items of a list value (`__BBTASKS`, `deps`) as strings.
    private static func strings(_ value: Value) -> [String] {
        guard case .list(let items) = value else { return splitWords(value.stringValue ?? "") }
        return items.compactMap(\.stringValue)
    }

    /// `bb.utils.explode_deps`: the names of a `DEPENDS`-style list, `(>= 1.0)` constraints dropped.
    public static func explodeDeps(_ words: [String]) -> [String] {
        var names: [String] = []
        var inVersion = false
        for word in words {
            if word.hasPrefix("(") { inVersion = true }
            if !inVersion { names.append(word) }
            if inVersion && word.hasSuffix(")") { inVersion = false }
        }
        return names
    }
}
