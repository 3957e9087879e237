import BakeRecipeParser
import BakeScheduler
import Foundation

/// `"recipe:do_task"` as a `TaskID`.
func tid(_ text: String) -> TaskID {
    guard let id = TaskID(parsing: text) else { fatalError("not a task id: \(text)") }
    return id
}

/// A graph from `task: [tasks it waits for]`; tasks only named as dependencies are added too.
func makeGraph(
    _ edges: KeyValuePairs<String, [String]>, noexec: Set<String> = [], durations: [String: Duration] = [:]
) -> TaskGraph {
    var graph = TaskGraph()
    var names: [String] = []
    for (task, dependencies) in edges { names += [task] + dependencies }
    for name in names where !graph.contains(tid(name)) {
        graph.add(TaskNode(tid(name), noexec: noexec.contains(name), estimatedDuration: durations[name]))
    }
    for (task, dependencies) in edges {
        for dependency in dependencies { graph.addDependency(tid(task), on: tid(dependency)) }
    }
    return graph
}

/// Sorted `"recipe:do_task"` strings of a task list, for readable expectations.
func names(_ ids: [TaskID]) -> [String] { ids.sorted().map(\.description) }

/// A temporary layer of `.bb` and `.bbclass` files, parsed with the real metadata evaluator.
struct RecipeFixture {
    let directory: URL

    /// - Parameter files: path relative to the layer → file text.
    init(_ files: [String: String]) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bake-scheduler-tests-\(UUID().uuidString)")
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true
            )
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// Parses every `.bb` file of the layer, BBPATH set to the layer so `inherit` finds its
    /// classes. One evaluator for all of them, as `bake` parses a layer.
    func parseRecipes() throws -> [String: RecipeTasks] {
        let evaluator = MetadataEvaluator()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".bb") }.sorted()
        var recipes: [String: RecipeTasks] = [:]
        for file in files {
            let store = try evaluator.evaluateRecipe(
                at: directory.appendingPathComponent(file).path, bbpath: directory.path
            )
            let recipe = try RecipeTasks(store: store)
            // The parse cache keeps a RecipeInfo, not the datastore: it must give the same tasks.
            let path = directory.appendingPathComponent(file).path
            let info = try RecipeInfo(ParsedTarget(virtualFile: path, file: path, variant: "", skipReason: nil, store: store))
            guard try RecipeTasks(info: info) == recipe else {
                throw TaskGraphError(.metadata, "RecipeTasks(info:) differs from RecipeTasks(store:) for \(file)")
            }
            recipes[recipe.name] = recipe
        }
        return recipes
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
