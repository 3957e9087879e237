import BakeScheduler
import Testing

/// Short for the declarations these tests write by the dozen.
private typealias TaskDecl = RecipeTasks.TaskDeclaration

/// A recipe with the given tasks, each `after` the one before it unless it says otherwise.
private func recipe(
    _ name: String, depends: [String] = [], rdepends: [String] = [], provides: [String] = [], _ tasks: [TaskDecl]
) -> RecipeTasks {
    RecipeTasks(name: name, provides: provides, depends: depends, rdepends: rdepends, tasks: tasks)
}

private func recipes(_ list: [RecipeTasks]) -> [String: RecipeTasks] {
    Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
}

@Suite("Task graph builder: BitBake's dependency flags")
struct TaskGraphBuilderTests {
    @Test("deptask skips dependency recipes that lack the task")
    func deptaskSkipsMissingTasks() throws {
        let graph = try TaskGraphBuilder(recipes: recipes([
            recipe("a", depends: ["b", "c"], [TaskDecl("do_configure", deptask: ["do_populate_sysroot"])]),
            recipe("b", [TaskDecl("do_populate_sysroot")]),
            recipe("c", [TaskDecl("do_fetch")]),
        ])).build(targets: [tid("a:do_configure")])
        #expect(names(graph.dependencies(of: tid("a:do_configure"))) == ["b:do_populate_sysroot"])
    }

    @Test("A depends flag on a task the provider lacks is an error")
    func dependsOnMissingTask() {
        let builder = TaskGraphBuilder(recipes: recipes([
            recipe("a", [TaskDecl("do_compile", depends: [tid("b:do_nothing")])]),
            recipe("b", [TaskDecl("do_fetch")]),
        ]))
        let error = #expect(throws: TaskGraphError.self) { try builder.build(targets: [tid("a:do_compile")]) }
        #expect(error?.code == .missingTask)
        #expect(error?.message == "Task do_compile in a depends upon non-existent task do_nothing in b")
    }

    @Test("A target task the recipe lacks is an error")
    func missingTargetTask() {
        let builder = TaskGraphBuilder(recipes: recipes([recipe("a", [TaskDecl("do_fetch")])]))
        let error = #expect(throws: TaskGraphError.self) { try builder.build(targets: [tid("a:do_deploy")]) }
        #expect(error?.code == .missingTask)
    }

    @Test("A missing runtime provider reports the chain, runtime links included")
    func missingRuntimeProvider() {
        let builder = TaskGraphBuilder(recipes: recipes([
            recipe("image", rdepends: ["app"], [TaskDecl("do_rootfs")]),
            recipe("app", depends: ["lib"], [TaskDecl("do_compile")]),
            recipe("lib", rdepends: ["ghost"], [TaskDecl("do_compile")]),
        ]))
        let error = #expect(throws: TaskGraphError.self) { try builder.build(targets: [tid("image:do_rootfs")]) }
        #expect(error?.code == .noRuntimeProvider)
        #expect(error?.dependencyChain == ["image", "app", "lib", "ghost"])
        #expect(error?.description.contains("image -> app -> lib -> ghost") == true)
    }

    @Test("A missing provider for the target itself has a one-name chain")
    func missingTarget() {
        let error = #expect(throws: TaskGraphError.self) {
            try TaskGraphBuilder(recipes: [:]).build(targets: [tid("nothing:do_build")])
        }
        #expect(error?.code == .noProvider)
        #expect(error?.dependencyChain == ["nothing"])
    }

    @Test("ASSUME_PROVIDED names are skipped wherever they are depended on")
    func assumeProvided() throws {
        let all = recipes([
            recipe("a", depends: ["gcc-native", "b"], [
                TaskDecl("do_configure", depends: [tid("quilt-native:do_populate_sysroot")], deptask: ["do_install"]),
            ]),
            recipe("b", [TaskDecl("do_install")]),
        ])
        let providers = ProviderMap(recipes: all, assumeProvided: ["quilt-native", "^gcc-"])
        let graph = try TaskGraphBuilder(recipes: all, providers: providers).build(targets: [tid("a:do_configure")])
        #expect(names(graph.dependencies(of: tid("a:do_configure"))) == ["b:do_install"])
    }

    @Test("Targets and DEPENDS go through PROVIDES, with PREFERRED_PROVIDER choosing among several")
    func providers() throws {
        let all = recipes([
            recipe("app", depends: ["virtual/libc"], [TaskDecl("do_configure", deptask: ["do_install"])]),
            recipe("glibc", provides: ["virtual/libc"], [TaskDecl("do_install")]),
            recipe("musl", provides: ["virtual/libc"], [TaskDecl("do_install")]),
        ])
        let byDefault = try TaskGraphBuilder(recipes: all).build(targets: [tid("app:do_configure")])
        #expect(names(byDefault.dependencies(of: tid("app:do_configure"))) == ["glibc:do_install"])

        let preferred = ProviderMap(recipes: all, preferred: ["virtual/libc": "musl"])
        let graph = try TaskGraphBuilder(recipes: all, providers: preferred).build(targets: [tid("app:do_configure")])
        #expect(names(graph.dependencies(of: tid("app:do_configure"))) == ["musl:do_install"])
        #expect(try TaskGraphBuilder(recipes: all, providers: preferred)
            .build(targets: [tid("virtual/libc:do_install")]).taskIDs == [tid("musl:do_install")])
    }

    @Test("recrdeptask follows the task graph: recipes reached through other edges count, own recipe included")
    func recrdeptaskFollowsGraph() throws {
        // Each recipe: do_fetch -> do_configure (deptask populate_sysroot) -> do_populate_sysroot
        // -> do_build, and do_deploy after do_fetch. a DEPENDS b DEPENDS c.
        func chain(_ name: String, _ depends: [String]) -> RecipeTasks {
            recipe(name, depends: depends, [
                TaskDecl("do_fetch"),
                TaskDecl("do_configure", after: ["do_fetch"], deptask: ["do_populate_sysroot"]),
                TaskDecl("do_populate_sysroot", after: ["do_configure"]),
                TaskDecl("do_deploy", after: ["do_fetch"]),
                TaskDecl("do_build", after: ["do_populate_sysroot"], recrdeptask: ["do_deploy"]),
            ])
        }
        let graph = try TaskGraphBuilder(recipes: recipes([chain("a", ["b"]), chain("b", ["c"]), chain("c", [])]))
            .build(targets: [tid("a:do_build")])
        #expect(names(graph.dependencies(of: tid("a:do_build"))) == [
            "a:do_deploy", "a:do_populate_sysroot", "b:do_deploy", "c:do_deploy",
        ])
    }

    @Test("Without a path through the graph, recrdeptask stops at direct dependencies, as in BitBake")
    func recrdeptaskNeedsAPath() throws {
        let graph = try TaskGraphBuilder(recipes: recipes([
            recipe("a", depends: ["b"], [TaskDecl("do_x", recrdeptask: ["do_y"]), TaskDecl("do_y")]),
            recipe("b", depends: ["c"], [TaskDecl("do_x", recrdeptask: ["do_y"]), TaskDecl("do_y")]),
            recipe("c", [TaskDecl("do_x", recrdeptask: ["do_y"]), TaskDecl("do_y")]),
        ])).build(targets: [tid("a:do_x")])
        #expect(names(graph.dependencies(of: tid("a:do_x"))) == ["b:do_y"])
    }

    @Test("A self-referencing recrdeptask crosses DEPENDS and RDEPENDS, then drops the self references")
    func recrdeptaskSelfReference() throws {
        func fetching(_ name: String, depends: [String] = [], rdepends: [String] = []) -> RecipeTasks {
            recipe(name, depends: depends, rdepends: rdepends, [
                TaskDecl("do_fetch"),
                TaskDecl("do_fetchall", after: ["do_fetch"], recrdeptask: ["do_fetchall", "do_fetch"], noexec: true),
            ])
        }
        let graph = try TaskGraphBuilder(recipes: recipes([
            fetching("a", depends: ["b"]), fetching("b", rdepends: ["c"]), fetching("c", depends: ["d"]), fetching("d"),
        ])).build(targets: [tid("a:do_fetchall")])
        #expect(names(graph.dependencies(of: tid("a:do_fetchall"))) == [
            "a:do_fetch", "b:do_fetch", "c:do_fetch", "d:do_fetch",
        ])
        #expect(!graph.contains(tid("b:do_fetchall")))
    }

    @Test("recideptask adds what the named own task waits for to the recursive walk")
    func recideptask() throws {
        // a DEPENDS b and RDEPENDS nothing; b RDEPENDS c. Only a:do_build reaches c (through
        // b:do_build's rdeptask), so only recideptask = do_build lets do_fetchall see c.
        func recipes(recideptask: [String]) -> [String: RecipeTasks] {
            let tasks = { (build: TaskDecl) in [
                TaskDecl("do_fetch"), TaskDecl("do_package"), build,
                TaskDecl("do_fetchall", after: ["do_fetch"], recrdeptask: ["do_fetch"], recideptask: recideptask),
            ] }
            return TaskGraphBuilderTests.index([
                recipe("a", depends: ["b"], tasks(TaskDecl("do_build", deptask: ["do_build"]))),
                recipe("b", rdepends: ["c"], tasks(TaskDecl("do_build", rdeptask: ["do_package"]))),
                recipe("c", tasks(TaskDecl("do_build"))),
            ])
        }
        let without = try TaskGraphBuilder(recipes: recipes(recideptask: [])).build(targets: [tid("a:do_fetchall")])
        #expect(names(without.dependencies(of: tid("a:do_fetchall"))) == ["a:do_fetch", "b:do_fetch"])

        let with = try TaskGraphBuilder(recipes: recipes(recideptask: ["do_build"]))
            .build(targets: [tid("a:do_fetchall")])
        #expect(names(with.dependencies(of: tid("a:do_fetchall"))) == ["a:do_fetch", "b:do_fetch", "c:do_fetch"])
    }

    fileprivate static func index(_ list: [RecipeTasks]) -> [String: RecipeTasks] { recipes(list) }

    @Test("A dependency loop across recipes is reported as the loop itself")
    func cycle() {
        let builder = TaskGraphBuilder(recipes: recipes([
            recipe("a", [TaskDecl("do_top", after: ["do_a"]), TaskDecl("do_a", depends: [tid("b:do_b")])]),
            recipe("b", [TaskDecl("do_b", depends: [tid("c:do_c")])]),
            recipe("c", [TaskDecl("do_c", depends: [tid("b:do_b")])]),
        ]))
        let error = #expect(throws: TaskGraphError.self) { try builder.build(targets: [tid("a:do_top")]) }
        #expect(error?.code == .cycle)
        // a:do_top and a:do_a wait on the loop but are not part of it.
        #expect(error?.cycle == [tid("b:do_b"), tid("c:do_c")])
        #expect(error?.description.contains("b:do_b -> c:do_c -> b:do_b") == true)
    }

    @Test("An in-recipe loop from addtask before/after is reported too")
    func inRecipeCycle() {
        let builder = TaskGraphBuilder(recipes: recipes([
            recipe("a", [TaskDecl("do_x", after: ["do_z"]), TaskDecl("do_y", after: ["do_x"]), TaskDecl("do_z", after: ["do_y"])]),
        ]))
        let error = #expect(throws: TaskGraphError.self) { try builder.buildAll() }
        #expect(error?.cycle == [tid("a:do_x"), tid("a:do_z"), tid("a:do_y")])
    }

    @Test("noexec and nostamp flags reach the graph's nodes")
    func flags() throws {
        let graph = try TaskGraphBuilder(recipes: recipes([
            recipe("a", [TaskDecl("do_build", noexec: true, nostamp: true), TaskDecl("do_fetch")]),
        ])).buildAll()
        #expect(graph.node(tid("a:do_build")) == TaskNode(tid("a:do_build"), noexec: true, nostamp: true))
        #expect(graph.node(tid("a:do_fetch"))?.noexec == false)
    }
}

@Suite("Task graph")
struct TaskGraphTests {
    @Test("Edges are stored both ways, deduplicated, and never from a task to itself")
    func edges() throws {
        var graph = makeGraph(["r:do_b": ["r:do_a"], "r:do_c": ["r:do_a", "r:do_b"]])
        let again = graph.addDependency(tid("r:do_b"), on: tid("r:do_a"))
        let toItself = graph.addDependency(tid("r:do_b"), on: tid("r:do_b"))
        #expect(!again && !toItself)
        #expect(graph.edgeCount == 3)
        #expect(names(graph.dependents(of: tid("r:do_a"))) == ["r:do_b", "r:do_c"])
        #expect(try graph.topologicalOrder() == [tid("r:do_a"), tid("r:do_b"), tid("r:do_c")])
    }

    @Test("TaskID parses recipe:do_task and nothing else")
    func parsing() {
        #expect(TaskID(parsing: "virtual/kernel:do_deploy") == TaskID("virtual/kernel", "do_deploy"))
        #expect(TaskID(parsing: "a:b:c") == nil)
        #expect(TaskID(parsing: "do_build") == nil)
        #expect(TaskID(parsing: ":do_build") == nil)
    }
}
