import BakeScheduler
import Testing

@Suite("Critical path priorities")
struct CriticalPathTests {
    /// s(1) fans out to x(5) and y(2), which both feed t(1).
    private let diamond = makeGraph(
        ["r:do_x": ["r:do_s"], "r:do_y": ["r:do_s"], "r:do_t": ["r:do_x", "r:do_y"]],
        durations: ["r:do_s": .seconds(1), "r:do_x": .seconds(5), "r:do_y": .seconds(2), "r:do_t": .seconds(1)]
    )

    @Test("Priority is a task's duration plus the longest chain after it")
    func chain() throws {
        let graph = makeGraph(["r:do_b": ["r:do_a"], "r:do_c": ["r:do_b"]])
        let plan = try CriticalPath(
            graph: graph, estimates: [tid("r:do_a"): .seconds(2), tid("r:do_b"): .seconds(3), tid("r:do_c"): .seconds(1)]
        )
        #expect(plan.priority(of: tid("r:do_c")) == .seconds(1))
        #expect(plan.priority(of: tid("r:do_b")) == .seconds(4))
        #expect(plan.priority(of: tid("r:do_a")) == .seconds(6))
        #expect(plan.length == .seconds(6))
    }

    @Test("In a diamond the longer branch sets the priority, and ready order follows it")
    func diamondPriorities() throws {
        let plan = try CriticalPath(graph: diamond)
        #expect(plan.priority(of: tid("r:do_t")) == .seconds(1))
        #expect(plan.priority(of: tid("r:do_x")) == .seconds(6))
        #expect(plan.priority(of: tid("r:do_y")) == .seconds(3))
        #expect(plan.priority(of: tid("r:do_s")) == .seconds(7))
        #expect(plan.readyOrder == [tid("r:do_s"), tid("r:do_x"), tid("r:do_y"), tid("r:do_t")])
        #expect(plan.path == [tid("r:do_s"), tid("r:do_x"), tid("r:do_t")])
    }

    @Test("The makespan bound is the longer of the critical path and the work per worker")
    func makespanLowerBound() throws {
        let plan = try CriticalPath(graph: diamond)
        #expect(plan.totalWork == .seconds(9))
        #expect(plan.makespanLowerBound(workers: 1) == .seconds(9))
        #expect(plan.makespanLowerBound(workers: 2) == .seconds(7))
        #expect(plan.makespanLowerBound(workers: 64) == .seconds(7))

        let wide = makeGraph(["r:do_a": [], "r:do_b": [], "r:do_c": [], "r:do_d": []])
        #expect(try CriticalPath(graph: wide).makespanLowerBound(workers: 3) == .seconds(4) / 3)
    }

    @Test("Estimates override node durations; unknown tasks get the default; noexec tasks cost nothing")
    func estimateSources() throws {
        var graph = makeGraph(["r:do_build": ["r:do_compile"], "r:do_compile": ["r:do_fetch"]], noexec: ["r:do_build"])
        graph.setEstimatedDuration(.seconds(30), for: tid("r:do_compile"))
        let plan = try CriticalPath(
            graph: graph, estimates: [tid("r:do_fetch"): .milliseconds(500)], defaultEstimate: .seconds(2)
        )
        #expect(plan.duration(of: tid("r:do_fetch")) == .milliseconds(500))
        #expect(plan.duration(of: tid("r:do_compile")) == .seconds(30))
        #expect(plan.duration(of: tid("r:do_build")) == .zero)
        #expect(plan.priority(of: tid("r:do_fetch")) == .milliseconds(30_500))

        let defaulted = try CriticalPath(graph: makeGraph(["r:do_a": []]))
        #expect(defaulted.duration(of: tid("r:do_a")) == .seconds(1))
    }

    @Test("Equal priorities: more direct dependents first, then the smaller task id")
    func tieBreak() throws {
        let graph = makeGraph([
            "b:do_x": [], "a:do_x": [], "c:do_x": [],
            "z:do_after1": ["c:do_x"], "z:do_after2": ["c:do_x"], "z:do_after3": ["b:do_x"], "z:do_after4": ["a:do_x"],
        ])
        // Give the leaves no time, so the three roots all have priority 1 s.
        let leaves = ["z:do_after1", "z:do_after2", "z:do_after3", "z:do_after4"]
        let plan = try CriticalPath(graph: graph, estimates: Dictionary(uniqueKeysWithValues: leaves.map { (tid($0), .zero) }))
        #expect(Array(plan.readyOrder.prefix(3)) == [tid("c:do_x"), tid("a:do_x"), tid("b:do_x")])
        #expect(try CriticalPath(graph: graph, estimates: Dictionary(uniqueKeysWithValues: leaves.map { (tid($0), .zero) }))
            .readyOrder == plan.readyOrder)
    }

    @Test("A graph with a loop has no critical path")
    func cycle() {
        let graph = makeGraph(["r:do_a": ["r:do_b"], "r:do_b": ["r:do_a"]])
        let error = #expect(throws: TaskGraphError.self) { try CriticalPath(graph: graph) }
        #expect(error?.cycle == [tid("r:do_a"), tid("r:do_b")])
    }
}
