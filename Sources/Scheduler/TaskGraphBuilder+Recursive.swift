/// A task with a `[recrdeptask]` flag, waiting for the recursive pass.
struct RecursiveTask {
    var index: Int
    /// The task names of `[recrdeptask]`.
    var names: Set<String>
    /// The flag names the task itself (`do_a[recrdeptask] = "do_a do_b"`).
    var selfReference: Bool
    /// `[recideptask]`: own tasks whose dependencies also count as this task's.
    var alsoFollowing: [Int]
}

extension TaskGraphBuilder {
    /// BitBake's `recrdeptask` "part B" (`RunQueueData.prepare`).
    ///
    /// By now each recursive task already waits for the named tasks of its direct `DEPENDS`
    /// and `RDEPENDS` providers ("part A", done with the other flags). Here it also comes to
    /// wait for the named tasks of every recipe reachable from its dependencies:
    ///
    /// 1. For every task, the set of recipes reachable from it through the graph as it stands
    ///    (every edge kind, computed once, before this pass adds anything).
    /// 2. Until nothing changes: a recursive task gains the named tasks of every recipe reached
    ///    from its dependencies, and from its `[recideptask]` tasks and their dependencies.
    ///    The recipe's own tasks count when the walk comes back to the recipe, but a task
    ///    never waits for itself. A recursive task also inherits, from any recursive task it
    ///    waits for, those of its dependencies whose names it lists, which carries the walk
    ///    across recipes linked only by `DEPENDS`/`RDEPENDS` when the flag names itself.
    /// 3. Recursive tasks that name themselves stop waiting for each other, so that
    ///    `do_a[recrdeptask] = "do_a do_b"` means "do_b everywhere below", not a chain of do_a.
    ///
    /// Both rules of step 2 only add edges, so the result is their least fixed point whatever
    /// the visiting order. A task `r:n` is fully named by its recipe and task name, so for each
    /// recursive task and each name the pass keeps the recipes it already waits on as a bit
    /// set, and both rules become bit-set unions instead of walks over edge lists.
    static func addRecursiveDependencies(
        to graph: inout TaskGraph, _ recursive: [RecursiveTask], recipeOfTask: [Int], taskIndex: [[String: Int]]
    ) {
        guard !recursive.isEmpty else { return }
        let recipeCount = taskIndex.count
        let empty = RecipeSet(capacity: recipeCount)

        var reachable = [RecipeSet](repeating: empty, count: graph.count)
        // Kahn's order lists a task after everything it waits for; tasks in a loop are left
        // out with empty sets, and the loop is reported once the graph is complete.
        for task in graph.kahn().order {
            for dependency in graph.dependencies[task] {
                reachable[task].insert(recipeOfTask[dependency])
                reachable[task].formUnion(reachable[dependency])
            }
        }

        // Every name any recursive task lists, numbered; per name, the recipes having it.
        let names = Array(Set(recursive.flatMap(\.names))).sorted()
        let nameNumber = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var having = [RecipeSet](repeating: empty, count: names.count)
        for (recipe, tasks) in taskIndex.enumerated() {
            for (name, number) in nameNumber where tasks[name] != nil { having[number].insert(recipe) }
        }

        // position[task]: the task's entry in `recursive`, or -1.
        var position = [Int](repeating: -1, count: graph.count)
        for (i, entry) in recursive.enumerated() { position[entry.index] = i }
        // waitsOn[entry][name]: recipes whose task of that name the entry already waits for.
        var waitsOn = [[RecipeSet]](repeating: [RecipeSet](repeating: empty, count: names.count), count: recursive.count)
        for (i, entry) in recursive.enumerated() {
            for dependency in graph.dependencies[entry.index] {
                if let number = nameNumber[graph.nodes[dependency].id.task] {
                    waitsOn[i][number].insert(recipeOfTask[dependency])
                }
            }
        }
        let entryNames = recursive.map { $0.names.map { nameNumber[$0]! }.sorted() }

        /// Adds `entry` → `recipe`'s task `name` for every recipe in `recipes` it lacks.
        func addEdges(_ i: Int, name: Int, recipes: RecipeSet) -> Bool {
            var missing = recipes
            missing.formIntersection(having[name])
            missing.subtract(waitsOn[i][name])
            var added = false
            for recipe in missing {
                let other = taskIndex[recipe][names[name]]!
                guard other != recursive[i].index else { continue }
                graph.addEdge(recursive[i].index, on: other)
                waitsOn[i][name].insert(recipe)
                added = true
            }
            return added
        }

        var changed = true
        while changed {
            changed = false
            for (i, entry) in recursive.enumerated() {
                var recipes = empty
                for dependency in graph.dependencies[entry.index] { recipes.formUnion(reachable[dependency]) }
                for own in entry.alsoFollowing {
                    recipes.formUnion(reachable[own])
                    for dependency in graph.dependencies[own] { recipes.formUnion(reachable[dependency]) }
                }
                for name in entryNames[i] where addEdges(i, name: name, recipes: recipes) { changed = true }

                let recursiveDependencies = graph.dependencies[entry.index].filter { position[$0] >= 0 }
                for name in entryNames[i] {
                    var inherited = empty
                    for dependency in recursiveDependencies { inherited.formUnion(waitsOn[position[dependency]][name]) }
                    if addEdges(i, name: name, recipes: inherited) { changed = true }
                }
            }
        }

        let selfReferencing = Set(recursive.filter(\.selfReference).map(\.index))
        for task in selfReferencing {
            for dependency in graph.dependencies[task] where selfReferencing.contains(dependency) {
                graph.removeEdge(task, on: dependency)
            }
        }
    }
}
