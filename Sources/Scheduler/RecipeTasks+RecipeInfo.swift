public import BakeRecipeParser

extension RecipeTasks {
    /// The scheduler's view of a cached or freshly parsed target, the same as
    /// `init(store:)` gives for its datastore.
    ///
    /// - Throws: `TaskGraphError` with code `.malformedDependency` when a `depends`/`rdepends`
    ///   flag entry is not `name:do_task`.
    public init(info: RecipeInfo) throws(TaskGraphError) {
        let pn = splitWords(info.pn).first ?? Self.nameFromFile(info.file)
        let packages = info.packages.isEmpty ? [pn] : info.packages
        var rdepends = info.rdepends
        var rrecommends = info.rrecommends
        var rprovides = info.rprovides
        for package in info.packageRelations where packages.contains(package.name) {
            rdepends += package.rdepends
            rrecommends += package.rrecommends
            rprovides += package.rprovides
        }
        let known = Set(info.tasks.map(\.name))
        var tasks: [TaskDeclaration] = []
        for task in info.tasks {
            var declaration = TaskDeclaration(task.name, after: RecipeTasks.unique(task.after.filter(known.contains)))
            declaration.depends = try Self.references(task.depends, task.name, "depends", recipe: pn)
            declaration.rdepends = try Self.references(task.rdepends, task.name, "rdepends", recipe: pn)
            declaration.deptask = task.deptask
            declaration.rdeptask = task.rdeptask
            declaration.recrdeptask = task.recrdeptask
            declaration.recideptask = task.recideptask
            declaration.noexec = task.noexec
            declaration.nostamp = task.nostamp
            tasks.append(declaration)
        }
        self.init(
            name: pn,
            provides: RecipeTasks.unique(info.provides),
            depends: RecipeTasks.unique(info.depends),
            rdepends: RecipeTasks.unique(rdepends),
            rrecommends: RecipeTasks.unique(rrecommends),
            packages: packages,
            rprovides: RecipeTasks.unique(rprovides),
            tasks: tasks
        )
    }

    private static func references(_ entries: [String], _ task: String, _ flag: String, recipe: String) throws(TaskGraphError) -> [TaskID] {
        var references: [TaskID] = []
        for entry in entries {
            guard let reference = TaskID(parsing: entry) else {
                throw TaskGraphError(
                    .malformedDependency,
                    "\(recipe):\(task)[\(flag)]: dependency \(entry) does not contain exactly one ':' character; "
                        + "it should be written 'packagename:task'"
                )
            }
            references.append(reference)
        }
        return references
    }
}
