public import BakeRecipeParser

/// The base hashes of a recipe's tasks, computed from its datastore as BitBake computes them
/// at parse time (`generate_dependencies` then `generate_dependency_hash`).
public struct RecipeSignatures: Sendable {
    /// The recipe (`PN`).
    public var recipe: String
    public var graph: VariableDependencyGraph
    /// For each task, every name it depends on directly or indirectly.
    public var taskVariables: [String: Set<String>]
    /// For each task, SHA-256 of its code followed by each name it depends on (in code-point
    /// order) and that name's text.
    public var basehashes: [String: String]

    /// - Parameter store: a finalised recipe datastore.
    /// - Throws: `SignatureError` when the recipe's code cannot be analysed.
    public init(store: DataStore) throws(SignatureError) {
        let graph = try VariableDependencyGraph(store: store)
        let recipe: String
        do {
            let pn = try store.getVar("PN")?.pythonString ?? ""
            let file = try store.getVar("FILE", expand: false)?.pythonString ?? ""
            recipe = pythonSplit(pn).first ?? RecipeTasks.nameFromFile(file)
        } catch {
            throw SignatureError(.metadata, "cannot read PN", cause: error)
        }
        self.init(recipe: recipe, graph: graph)
    }

    public init(recipe: String, graph: VariableDependencyGraph) {
        self.recipe = recipe
        self.graph = graph
        var taskVariables: [String: Set<String>] = [:]
        var basehashes: [String: String] = [:]
        for task in graph.tasks {
            let reachable = graph.reachable(from: task)
            var data = (graph.values[task] ?? nil) ?? ""
            for name in reachable.pythonSorted() {
                data += name
                if let value = graph.values[name] ?? nil { data += value }
            }
            taskVariables[task] = reachable
            basehashes[task] = TaskSignature.sha256(data)
        }
        self.taskVariables = taskVariables
        self.basehashes = basehashes
    }

    /// The full signature of one task, once the hashes of the tasks it depends on are known.
    ///
    /// - Parameters:
    ///   - task: a task of this recipe (`do_compile`).
    ///   - dependencies: the tasks it runs after, with their task hashes.
    ///   - fileChecksums: the local files it reads (`file://` entries of `SRC_URI`).
    ///   - taint: a forced-run taint, if any.
    /// - Returns: nil when the recipe has no such task.
    public func signature(
        of task: String, dependencies: [DependencyHash] = [], fileChecksums: [FileChecksum] = [], taint: String? = nil
    ) -> TaskSignature? {
        guard let basehash = basehashes[task] else { return nil }
        let names = taskVariables[task] ?? []
        var variables: [String: String?] = [task: graph.values[task] ?? nil]
        var references: [String: [String]] = [task: (graph.dependencies[task] ?? []).pythonSorted()]
        for name in names where !graph.ignoredVariables.contains(name) {
            variables[name] = graph.values[name] ?? nil
            references[name] = (graph.dependencies[name] ?? []).pythonSorted()
        }
        let (hash, orderedDependencies, orderedFiles) = TaskSignature.taskhash(
            basehash: basehash, dependencies: dependencies, fileChecksums: fileChecksums, taint: taint)
        return TaskSignature(
            task: task, recipe: recipe, basehash: basehash, taskhash: hash, variables: variables,
            references: references, ignoredVariables: graph.ignoredVariables.pythonSorted(),
            dependencies: orderedDependencies, fileChecksums: orderedFiles, taint: taint)
    }
}
