public import BakeRecipeParser

extension RecipeTasks {
    /// Reads the scheduler's view of a finalised recipe datastore, as BitBake's
    /// `CoreRecipeInfo` and `bb.build.add_tasks` do.
    ///
    /// - Parameter store: a datastore from `MetadataEvaluator.evaluateRecipe(at:)`.
    /// - Throws: `TaskGraphError` with code `.metadata` when a variable fails to expand, or
    ///   `.malformedDependency` when a `depends`/`rdepends` flag entry is not `name:do_task`.
    public init(store: DataStore) throws(TaskGraphError) {
        do {
            try self.init(reading: store)
        } catch let error as TaskGraphError {
            throw error
        } catch {
            throw TaskGraphError(.metadata, "cannot read the recipe's tasks", cause: error)
        }
    }

    private init(reading store: DataStore) throws {
        let file = try store.getVar("FILE", expand: false)?.stringValue ?? ""
        let pn = try Self.words(store, "PN").first ?? Self.nameFromFile(file)
        var packages = try Self.words(store, "PACKAGES")
        if packages.isEmpty { packages = [pn] }

        var rdepends = try Self.explodedDeps(store, "RDEPENDS")
        var rrecommends = try Self.explodedDeps(store, "RRECOMMENDS")
        var rprovides = try Self.explodedDeps(store, "RPROVIDES")
        for package in packages {
            rdepends += try Self.explodedDeps(store, "RDEPENDS:" + package)
            rrecommends += try Self.explodedDeps(store, "RRECOMMENDS:" + package)
            rprovides += try Self.explodedDeps(store, "RPROVIDES:" + package)
        }

        let names = try store.getVar("__BBTASKS", expand: false).map(Self.strings) ?? []
        let known = Set(names)
        var tasks: [TaskDeclaration] = []
        for name in names {
            let after = try store.getVarFlag(name, "deps", expand: false).map(Self.strings) ?? []
            var task = TaskDeclaration(name, after: RecipeTasks.unique(after.filter(known.contains)))
            task.depends = try Self.taskReferences(store, name, "depends", recipe: pn)
            task.rdepends = try Self.taskReferences(store, name, "rdepends", recipe: pn)
            task.deptask = try Self.flagWords(store, name, "deptask")
            task.rdeptask = try Self.flagWords(store, name, "rdeptask")
            task.recrdeptask = try Self.flagWords(store, name, "recrdeptask")
            task.recideptask = try Self.flagWords(store, name, "recideptask")
            // BitBake tests these flags for presence, whatever their value (it only warns
            // about values other than "1").
            task.noexec = try store.getVarFlag(name, "noexec", expand: false) != nil
            task.nostamp = try store.getVarFlag(name, "nostamp", expand: false) != nil
            tasks.append(task)
        }

        self.init(
            name: pn,
            provides: RecipeTasks.unique(try Self.explodedDeps(store, "PROVIDES")),
            depends: RecipeTasks.unique(try Self.explodedDeps(store, "DEPENDS")),
            rdepends: RecipeTasks.unique(rdepends),
            rrecommends: RecipeTasks.unique(rrecommends),
            packages: packages,
            rprovides: RecipeTasks.unique(rprovides),
            tasks: tasks
        )
    }

    /// `d.getVar(name)` split on whitespace, empty when unset.
    private static func words(_ store: DataStore, _ name: String) throws -> [String] {
        guard let value = try store.getVar(name) else { return [] }
        return splitWords(value.stringValue ?? value.pythonString)
    }

    private static func flagWords(_ store: DataStore, _ task: String, _ flag: String) throws -> [String] {
        guard let value = try store.getVarFlag(task, flag) else { return [] }
        return splitWords(value.stringValue ?? value.pythonString)
    }

    /// `bb.utils.explode_deps`: the names of a `DEPENDS`-style list, `(>= 1.0)` constraints dropped.
    private static func explodedDeps(_ store: DataStore, _ name: String) throws -> [String] {
        explodeDeps(try words(store, name))
    }

    static func explodeDeps(_ words: [String]) -> [String] {
        var names: [String] = []
        var inVersion = false
        for word in words {
            if word.hasPrefix("(") { inVersion = true }
            if !inVersion { names.append(word) }
            if inVersion && word.hasSuffix(")") { inVersion = false }
        }
        return names
    }

    /// A `depends`/`rdepends` task flag: `name:do_task` entries.
    private static func taskReferences(
        _ store: DataStore, _ task: String, _ flag: String, recipe: String
    ) throws -> [TaskID] {
        try flagWords(store, task, flag).map { entry throws(TaskGraphError) in
            guard let reference = TaskID(parsing: entry) else {
                throw TaskGraphError(
                    .malformedDependency,
                    "\(recipe):\(task)[\(flag)]: dependency \(entry) does not contain exactly one ':' character; "
                        + "it should be written 'packagename:task'"
                )
            }
            return reference
        }
    }

    /// Items of a list value (`__BBTASKS`, `deps`) as strings.
    private static func strings(_ value: Value) -> [String] {
        guard case .list(let items) = value else { return splitWords(value.stringValue ?? "") }
        return items.compactMap(\.stringValue)
    }

    /// `bb.parse.vars_from_file`: `PN` from a recipe file name when the metadata sets none
    /// (`zlib_1.3.bb` gives `zlib`).
    static func nameFromFile(_ path: String) -> String {
        var base = Substring(path.split(separator: "/").last ?? "")
        if base.hasSuffix(".bb") { base = base.dropLast(3) }
        return String(base.split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false).first ?? base)
    }
}

/// Python's `str.split()`: runs of whitespace separate words.
func splitWords(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
        .map(String.init)
}
