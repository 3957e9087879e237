extension TaskGraphBuilder {
    /// The recipes a build needs and, per recipe, the recipes its `DEPENDS` and its
    /// `RDEPENDS`/`RRECOMMENDS` resolve to (BitBake's `depids`/`rdepids` after provider
    /// selection; `ASSUME_PROVIDED` names dropped).
    struct Resolution {
        /// Every needed `PN`, sorted so node numbering never depends on hashing.
        var recipes: [String]
        var buildDependencies: [String: [String]]
        var runtimeDependencies: [String: [String]]
    }

    /// Walks from `roots` through every build and runtime dependency, breadth first, so a
    /// missing provider is reported with the shortest chain that needs it.
    ///
    /// BitBake resolves runtime dependencies of every recipe it pulls in, whatever tasks were
    /// asked for, so a missing `RDEPENDS` fails even `-c fetch`; bake does the same.
    func resolve(roots: [String]) throws(TaskGraphError) -> Resolution {
        /// How a recipe was first reached: the name that pulled it in and the recipe needing it.
        var reachedBy: [String: (name: String, parent: String?)] = [:]
        var queue: [String] = []
        var head = 0
        var buildDependencies: [String: [String]] = [:]
        var runtimeDependencies: [String: [String]] = [:]

        func chain(to pn: String?) -> [String] {
            var names: [String] = []
            var current = pn
            while let recipe = current, let step = reachedBy[recipe] {
                names.append(step.name)
                current = step.parent
            }
            return names.reversed()
        }

        func provider(of name: String, runtime: Bool, neededBy parent: String?) throws(TaskGraphError) -> String {
            let map = runtime ? providers.runtime : providers.build
            if let pn = map[name], recipes[pn] != nil {
                if reachedBy[pn] == nil {
                    reachedBy[pn] = (name, parent)
                    queue.append(pn)
                }
                return pn
            }
            let verb = runtime ? "RPROVIDES" : "PROVIDES"
            var message = "Nothing \(verb) '\(name)'"
            if let parent { message += " (but \(parent) \(runtime ? "RDEPENDS" : "DEPENDS") on or otherwise requires it)" }
            if let pn = map[name] { message += "; its provider \(pn) is not among the parsed recipes" }
            throw TaskGraphError(
                runtime ? .noRuntimeProvider : .noProvider, message, dependencyChain: chain(to: parent) + [name]
            )
        }

        for root in roots { _ = try provider(of: root, runtime: false, neededBy: nil) }
        while head < queue.count {
            let pn = queue[head]
            head += 1
            let recipe = recipes[pn]!
            var build: [String] = []
            var runtime: [String] = []
            for name in recipe.depends where !providers.isAssumeProvided(name) {
                build.append(try provider(of: name, runtime: false, neededBy: pn))
            }
            for name in recipe.runtimeDependencies where !providers.isAssumeProvided(name) {
                runtime.append(try provider(of: name, runtime: true, neededBy: pn))
            }
            for task in recipe.tasks {
                for reference in task.depends where !providers.isAssumeProvided(reference.recipe) {
                    _ = try provider(of: reference.recipe, runtime: false, neededBy: pn)
                }
                for reference in task.rdepends where !providers.isAssumeProvided(reference.recipe) {
                    _ = try provider(of: reference.recipe, runtime: true, neededBy: pn)
                }
            }
            buildDependencies[pn] = RecipeTasks.unique(build)
            runtimeDependencies[pn] = RecipeTasks.unique(runtime)
        }
        return Resolution(
            recipes: queue.sorted(),
            buildDependencies: buildDependencies,
            runtimeDependencies: runtimeDependencies
        )
    }
}
