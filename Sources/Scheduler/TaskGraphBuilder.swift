/// Turns recipes into a task graph with BitBake's dependency meanings (`taskdata.py` and
/// `RunQueueData.prepare` in `runqueue.py`):
///
/// - `addtask ... after`/`before`: edges inside one recipe;
/// - `[depends] = "name:do_task"`: that task of whichever recipe provides `name`;
///   `[rdepends]` the same through runtime providers;
/// - `[deptask] = "do_x"`: `do_x` of every `DEPENDS` provider that has one;
/// - `[rdeptask] = "do_x"`: `do_x` of every `RDEPENDS`/`RRECOMMENDS` provider that has one;
/// - `[recrdeptask] = "do_x ..."`: `do_x` of every recipe this task reaches, recursively,
///   with `[recideptask]` widening the walk (see `TaskGraphBuilder+Recursive.swift`).
///
/// Building is two passes, as in BitBake: first every recipe the targets need is found
/// through the provider map (a name nobody provides stops the build with the chain that
/// needed it), then each task's flags become edges.
public struct TaskGraphBuilder: Sendable {
    /// `PN` → recipe.
    public var recipes: [String: RecipeTasks]
    public var providers: ProviderMap

    /// - Parameters:
    ///   - recipes: every parsed recipe, by `PN`.
    ///   - providers: provider choices; nil derives them from `recipes`.
    public init(recipes: [String: RecipeTasks], providers: ProviderMap? = nil) {
        self.recipes = recipes
        self.providers = providers ?? ProviderMap(recipes: recipes)
    }

    /// The graph of the tasks `targets` need, and nothing else.
    ///
    /// - Parameter targets: `name:do_task` pairs; `name` may be any build-time provided name.
    ///   Targets in `ASSUME_PROVIDED` are ignored, as BitBake does.
    /// - Throws: `TaskGraphError` with code `.noProvider`/`.noRuntimeProvider` (with the chain
    ///   of names that led there), `.missingTask` or `.cycle`.
    public func build(targets: [TaskID]) throws(TaskGraphError) -> TaskGraph {
        let wanted = targets.filter { !providers.isAssumeProvided($0.recipe) }
        let resolution = try resolve(roots: wanted.map(\.recipe))
        let full = try expand(resolution)
        var roots: [Int] = []
        for target in wanted {
            let pn = providers.build[target.recipe]!
            guard let index = full.index(of: TaskID(pn, target.task)) else {
                throw TaskGraphError(
                    .missingTask,
                    "Task \(target.task) does not exist for target \(target.recipe)"
                        + (pn == target.recipe ? "" : " (provided by \(pn))")
                )
            }
            roots.append(index)
        }
        let graph = full.subgraph(reachableFrom: roots)
        _ = try graph.topologicalIndices()
        return graph
    }

    /// The graph of every task of every recipe (and of whatever they depend on).
    ///
    /// - Throws: as `build(targets:)`.
    public func buildAll() throws(TaskGraphError) -> TaskGraph {
        let resolution = try resolve(roots: recipes.keys.sorted())
        let graph = try expand(resolution)
        _ = try graph.topologicalIndices()
        return graph
    }

    /// Adds one node per task of every resolved recipe, then every edge the flags ask for.
    func expand(_ resolution: Resolution) throws(TaskGraphError) -> TaskGraph {
        var graph = TaskGraph()
        // recipe number (position in `resolution.recipes`) → task name → node index
        var taskIndex: [[String: Int]] = []
        var recipeOfTask: [Int] = []
        for (number, pn) in resolution.recipes.enumerated() {
            var byName: [String: Int] = [:]
            for task in recipes[pn]!.tasks {
                let node = TaskNode(TaskID(pn, task.name), noexec: task.noexec, nostamp: task.nostamp)
                byName[task.name] = graph.add(node)
                recipeOfTask.append(number)
            }
            taskIndex.append(byName)
        }
        let recipeNumber = Dictionary(uniqueKeysWithValues: resolution.recipes.enumerated().map { ($1, $0) })

        var recursive: [RecursiveTask] = []
        for (number, pn) in resolution.recipes.enumerated() {
            let buildDeps = resolution.buildDependencies[pn, default: []].map { recipeNumber[$0]! }
            let runtimeDeps = resolution.runtimeDependencies[pn, default: []].map { recipeNumber[$0]! }
            for task in recipes[pn]!.tasks {
                let index = taskIndex[number][task.name]!
                // Tasks a dependency recipe lacks are skipped: `deptask` and friends only
                // ask for the task "if it exists there".
                func addTasks(_ names: [String], of dependencies: [Int]) {
                    for dependency in dependencies {
                        for name in names {
                            if let other = taskIndex[dependency][name] { graph.addEdge(index, on: other) }
                        }
                    }
                }
                // BitBake drops `after` entries naming tasks the recipe does not have.
                for name in task.after {
                    if let other = taskIndex[number][name] { graph.addEdge(index, on: other) }
                }
                addTasks(task.deptask, of: buildDeps)
                addTasks(task.rdeptask, of: runtimeDeps)
                for (reference, runtime) in task.depends.map({ ($0, false) }) + task.rdepends.map({ ($0, true) }) {
                    guard !providers.isAssumeProvided(reference.recipe) else { continue }
                    let provider = (runtime ? providers.runtime : providers.build)[reference.recipe]!
                    guard let other = taskIndex[recipeNumber[provider]!][reference.task] else {
                        throw TaskGraphError(
                            .missingTask,
                            "Task \(task.name) in \(pn) \(runtime ? "rdepends" : "depends") upon non-existent task "
                                + "\(reference.task) in \(provider)"
                        )
                    }
                    graph.addEdge(index, on: other)
                }
                if !task.recrdeptask.isEmpty {
                    addTasks(task.recrdeptask, of: buildDeps)
                    addTasks(task.recrdeptask, of: runtimeDeps)
                    recursive.append(
                        RecursiveTask(
                            index: index,
                            names: Set(task.recrdeptask),
                            selfReference: task.recrdeptask.contains(task.name),
                            alsoFollowing: task.recideptask.compactMap { taskIndex[number][$0] }
                        )
                    )
                }
            }
        }
        Self.addRecursiveDependencies(to: &graph, recursive, recipeOfTask: recipeOfTask, taskIndex: taskIndex)
        return graph
    }
}
