import BakeRecipeParser
import BakeScheduler
import Testing

/// A cut-down `base.bbclass`: OE's task chain and the flags that link recipes.
private let miniClass = """
    addtask fetch
    addtask unpack after do_fetch
    addtask configure after do_unpack
    addtask compile after do_configure
    addtask install after do_compile
    addtask populate_sysroot after do_install
    addtask package after do_install
    addtask package_write after do_package
    addtask build after do_populate_sysroot do_package_write
    do_configure[deptask] = "do_populate_sysroot"
    do_package_write[rdeptask] = "do_package"
    do_build[noexec] = "1"
    do_build[nostamp] = "1"

    # As OE's utility-tasks.bbclass
    addtask fetchall after do_fetch
    do_fetchall[recrdeptask] = "do_fetchall do_fetch"
    do_fetchall[recideptask] = "do_build"
    do_fetchall[noexec] = "1"
    """

/// app DEPENDS on libfoo (which DEPENDS on zlib) and RDEPENDS on tool; tool RDEPENDS on
/// libz, which zlib RPROVIDES. zlib sets no PN: its name comes from the file name.
private let layer: [String: String] = [
    "classes/mini.bbclass": miniClass,
    "app.bb": """
        PN = "app"
        inherit mini
        DEPENDS = "libfoo"
        RDEPENDS:${PN} = "tool"
        do_install[depends] = "virtual/foo:do_populate_sysroot"
        """,
    "libfoo.bb": """
        PN = "libfoo"
        inherit mini
        PROVIDES = "virtual/foo"
        DEPENDS = "zlib (>= 1.2)"
        """,
    "zlib_1.3.bb": """
        inherit mini
        PACKAGES = "zlib zlib-dev"
        RPROVIDES:zlib = "libz"
        """,
    "tool.bb": """
        PN = "tool"
        inherit mini
        RDEPENDS:${PN} = "libz"
        """,
]

/// Every test here parses recipes, and the embedded Python interpreter behind the evaluator
/// is one per process: the suite runs its tests one at a time.
@Suite("Task graphs from parsed recipes", .serialized, .usesPython)
struct ParsedRecipeGraphTests {
    /// The layer, parsed once for the whole suite: parsing may touch the process-wide Python
    /// interpreter (once any test has started it), so the less often the better.
    private static let parsedLayer = Result { try parse(layer) }

    private static func parse(_ files: [String: String]) throws -> [String: RecipeTasks] {
        let fixture = try RecipeFixture(files)
        defer { fixture.remove() }
        return try fixture.parseRecipes()
    }

    private func parse(_ files: [String: String]) throws -> [String: RecipeTasks] {
        files == layer ? try Self.parsedLayer.get() : try Self.parse(files)
    }

    @Test("A recipe's names, dependencies and task flags are read from its datastore")
    func readsRecipe() throws {
        let recipes = try parse(layer)
        #expect(recipes.keys.sorted() == ["app", "libfoo", "tool", "zlib"])

        let app = try #require(recipes["app"])
        #expect(app.depends == ["libfoo"])
        #expect(app.rdepends == ["tool"])
        #expect(app.tasks.map(\.name) == [
            "do_fetch", "do_unpack", "do_configure", "do_compile", "do_install", "do_populate_sysroot",
            "do_package", "do_package_write", "do_build", "do_fetchall",
        ])
        #expect(app.task(named: "do_build")?.after == ["do_populate_sysroot", "do_package_write"])
        #expect(app.task(named: "do_build")?.noexec == true)
        #expect(app.task(named: "do_build")?.nostamp == true)
        #expect(app.task(named: "do_compile")?.noexec == false)
        #expect(app.task(named: "do_configure")?.deptask == ["do_populate_sysroot"])
        #expect(app.task(named: "do_install")?.depends == [tid("virtual/foo:do_populate_sysroot")])
        #expect(app.task(named: "do_fetchall")?.recrdeptask == ["do_fetchall", "do_fetch"])
        #expect(app.task(named: "do_fetchall")?.recideptask == ["do_build"])

        #expect(recipes["libfoo"]?.depends == ["zlib"], "version constraints are dropped")
        #expect(recipes["libfoo"]?.provides == ["virtual/foo"])
        let zlib = try #require(recipes["zlib"], "PN comes from zlib_1.3.bb")
        #expect(zlib.packages == ["zlib", "zlib-dev"])
        #expect(zlib.runtimeNames == ["zlib", "zlib-dev", "libz"])
    }

    @Test("deptask waits for the named task of every DEPENDS provider, not of RDEPENDS")
    func deptask() throws {
        let graph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("app:do_build")])
        #expect(names(graph.dependencies(of: tid("app:do_configure"))) == [
            "app:do_unpack", "libfoo:do_populate_sysroot",
        ])
        #expect(names(graph.dependencies(of: tid("libfoo:do_configure"))) == [
            "libfoo:do_unpack", "zlib:do_populate_sysroot",
        ])
    }

    @Test("rdeptask waits through RDEPENDS, resolved by package names and RPROVIDES")
    func rdeptask() throws {
        let graph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("app:do_build")])
        #expect(names(graph.dependencies(of: tid("app:do_package_write"))) == ["app:do_package", "tool:do_package"])
        // tool's do_package_write is not needed by app:do_build, so the graph leaves it out.
        #expect(!graph.contains(tid("tool:do_package_write")))

        let toolGraph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("tool:do_build")])
        #expect(names(toolGraph.dependencies(of: tid("tool:do_package_write"))) == [
            "tool:do_package", "zlib:do_package",
        ])
    }

    @Test("A depends flag names a task of whichever recipe PROVIDES the name")
    func dependsFlag() throws {
        let graph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("app:do_build")])
        #expect(names(graph.dependencies(of: tid("app:do_install"))) == [
            "app:do_compile", "libfoo:do_populate_sysroot",
        ])
    }

    @Test("recrdeptask with recideptask reaches every recipe below, and self references drop out")
    func recrdeptask() throws {
        let graph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("app:do_fetchall")])
        #expect(names(graph.dependencies(of: tid("app:do_fetchall"))) == [
            "app:do_fetch", "libfoo:do_fetch", "tool:do_fetch", "zlib:do_fetch",
        ])
        // Only do_fetch tasks remain: the do_fetchall of other recipes were dropped with
        // the self references, so nothing else is needed.
        #expect(names(graph.taskIDs) == [
            "app:do_fetch", "app:do_fetchall", "libfoo:do_fetch", "tool:do_fetch", "zlib:do_fetch",
        ])
    }

    @Test("Targets keep only the tasks they need")
    func pruning() throws {
        let builder = try TaskGraphBuilder(recipes: parse(layer))
        #expect(names(try builder.build(targets: [tid("app:do_fetch")]).taskIDs) == ["app:do_fetch"])
        let libfoo = try builder.build(targets: [tid("virtual/foo:do_populate_sysroot")])
        #expect(libfoo.taskIDs.allSatisfy { $0.recipe == "libfoo" || $0.recipe == "zlib" })
        #expect(libfoo.contains(tid("zlib:do_populate_sysroot")))
        #expect(try builder.buildAll().count == 40)
    }

    @Test("A DEPENDS nobody provides names the chain of recipes that needed it")
    func missingProvider() throws {
        var files = layer
        files["zlib_1.3.bb"]! += "\nDEPENDS = \"nosuch-native\"\n"
        let builder = try TaskGraphBuilder(recipes: parse(files))
        let error = #expect(throws: TaskGraphError.self) {
            try builder.build(targets: [tid("app:do_build")])
        }
        #expect(error?.code == .noProvider)
        #expect(error?.dependencyChain == ["app", "libfoo", "zlib", "nosuch-native"])
        #expect(error?.message == "Nothing PROVIDES 'nosuch-native' (but zlib DEPENDS on or otherwise requires it)")
    }

    @Test("A depends flag without exactly one ':' is refused, by the parser or when tasks are read")
    func malformedDependsFlag() throws {
        // BitBake's parser already refuses it when the recipe is finalised...
        let files = ["bad.bb": "addtask compile\ndo_compile[depends] = \"zlib:do_a:do_b\"\n"]
        #expect(throws: EvaluationError.self) { try parse(files) }

        // ...and a datastore filled some other way is checked again.
        let store = DataStore()
        try store.setVar("PN", .string("bad"))
        try store.setVar("__BBTASKS", .list([.string("do_compile")]))
        try store.setVarFlag("do_compile", "depends", .string("zlib:do_a:do_b"))
        let error = #expect(throws: TaskGraphError.self) { try RecipeTasks(store: store) }
        #expect(error?.code == .malformedDependency)
        #expect(error?.message.contains("bad:do_compile[depends]: dependency zlib:do_a:do_b") == true)
    }

    @Test("A parsed graph runs in dependency order under the scheduler")
    func parsedGraphRuns() async throws {
        let graph = try TaskGraphBuilder(recipes: parse(layer)).build(targets: [tid("app:do_build")])
        let plan = try CriticalPath(graph: graph)
        let clock = VirtualClock()
        let runner = FakeTaskRunner(clock: clock)
        let report = await Scheduler(maxConcurrentTasks: 4).run(plan, runner: runner, observer: clock)
        #expect(report.succeeded)
        #expect(report.tasks(withStatus: .skipped) == [tid("app:do_build")])
        let runs = await runner.runs
        #expect(runs.count == graph.count - 1)
        for run in runs {
            for dependency in graph.dependencies(of: run.task) {
                guard let before = await runner.run(of: dependency) else { continue }
                #expect(before.end <= run.start, "\(run.task) started before \(dependency) ended")
            }
        }
    }
}
