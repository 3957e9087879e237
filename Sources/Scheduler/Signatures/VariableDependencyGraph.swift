public import BakeRecipeParser

/// Which variables and functions each task's code depends on, and the text of each, as
/// BitBake's `bb.data.generate_dependencies` finds them for a parsed recipe.
///
/// Starting from each task, every name it refers to is analysed in turn: shell functions
/// by the commands they run (those that are datastore names) and the `${VAR}` they expand
/// plus the exported variables, Python functions by their `d.getVar("X")`-style reads and
/// calls, other variables by their `${...}` references; `[vardeps]`, `[vardepsexclude]`,
/// `[vardepvalue]`, `[vardepvalueexclude]`, `[prefuncs]`, `[postfuncs]`, `[exports]` and
/// `BB_BASEHASH_IGNORE_VARS` adjust the result.
public struct VariableDependencyGraph: Sendable, Equatable {
    /// The recipe's tasks (`__BBTASKS`), in order.
    public var tasks: [String]
    /// For each task and each name reached from one, the names it refers to directly.
    public var dependencies: [String: Set<String>]
    /// For each of those names, the text that goes into the signature: the unexpanded value
    /// (or `[vardepvalue]`), plus lines for `contains` tests and `:remove` operations. Nil
    /// only for a `VAR[flag]` reference to an unset flag.
    public var values: [String: String?]
    /// `BB_BASEHASH_IGNORE_VARS`: names never followed.
    public var ignoredVariables: Set<String>

    public init(
        tasks: [String], dependencies: [String: Set<String>], values: [String: String?], ignoredVariables: Set<String>
    ) {
        self.tasks = tasks
        self.dependencies = dependencies
        self.values = values
        self.ignoredVariables = ignoredVariables
    }

    /// Analyses a finalised recipe datastore.
    ///
    /// - Parameter store: a datastore from `MetadataEvaluator.evaluateRecipe(at:)`.
    /// - Throws: `SignatureError` when a variable fails to expand or a function is not valid
    ///   shell or Python.
    public init(store: DataStore) throws(SignatureError) {
        var analyser = try DependencyAnalyser(store: store)
        let tasks = try analyser.taskNames()
        var dependencies: [String: Set<String>] = [:]
        var values: [String: String?] = [:]
        for task in tasks {
            let (deps, value) = try analyser.dependencies(of: task)
            dependencies[task] = deps
            values[task] = value
            var pending = deps
            var seen: Set<String> = []
            while !pending.isEmpty {
                seen.formUnion(pending)
                var next: Set<String> = []
                for name in pending {
                    if dependencies[name] == nil {
                        let (deps, value) = try analyser.dependencies(of: name)
                        dependencies[name] = deps
                        values[name] = value
                    }
                    next.formUnion(dependencies[name]!)
                }
                pending = next.subtracting(seen)
            }
        }
        self.init(tasks: tasks, dependencies: dependencies, values: values, ignoredVariables: analyser.ignored)
    }

    /// Every name a task depends on, directly or through other names.
    public func reachable(from task: String) -> Set<String> {
        var seen: Set<String> = []
        var pending = dependencies[task] ?? []
        while !pending.isEmpty {
            seen.formUnion(pending)
            var next: Set<String> = []
            for name in pending { next.formUnion(dependencies[name] ?? []) }
            pending = next.subtracting(seen)
        }
        return seen
    }
}
