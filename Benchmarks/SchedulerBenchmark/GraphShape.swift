import BakeScheduler

/// Seeded random task graphs shaped like builds, with random expected durations set on every
/// node (`TaskNode.estimatedDuration`).
enum GraphShape: String, CaseIterable {
    /// OpenEmbedded-like: recipes of ten chained tasks; each recipe `DEPENDS` on up to four
    /// earlier recipes, drawn with a bias towards the first ones (toolchain and core libraries
    /// that almost everything needs), so fan-in is very uneven. A recipe's
    /// `do_prepare_recipe_sysroot` waits for each dependency's `do_populate_sysroot`, and its
    /// `do_package_write_ipk` for each dependency's `do_packagedata`. Durations follow
    /// `TaskDurationHistory`'s per-task defaults, scaled by a random factor of 0.2 to 5.
    case recipes
    /// A generic layered DAG: 100 layers of 1,000 tasks; each task waits for one to four tasks
    /// of the previous three layers. Durations uniform in 1-100 s.
    case layered
    /// The same, 8,333 layers of 12 tasks (waiting on the previous three layers): a deep graph
    /// whose critical path is close to the work per worker at 8 workers and longer than it at
    /// 32, where list scheduling has the least slack.
    case narrow

    static let recipeTasks = [
        "do_fetch", "do_unpack", "do_patch", "do_prepare_recipe_sysroot", "do_configure", "do_compile",
        "do_install", "do_populate_sysroot", "do_packagedata", "do_package_write_ipk",
    ]

    /// Builds a graph of `tasks` tasks (rounded down to whole recipes or layers).
    func graph(tasks: Int, seed: UInt64) -> TaskGraph {
        var random = SplitMix64(seed: seed)
        var graph = TaskGraph()
        switch self {
        case .recipes:
            let perRecipe = Self.recipeTasks.count
            let recipes = tasks / perRecipe
            for recipe in 0..<recipes {
                let name = "recipe\(recipe)"
                var previous: TaskID?
                for task in Self.recipeTasks {
                    let factor = 0.2 + 4.8 * random.unit() * random.unit()
                    let id = TaskID(name, task)
                    graph.add(TaskNode(id, estimatedDuration: TaskDurationHistory.defaultEstimate(forTask: task) * factor))
                    if let previous { graph.addDependency(id, on: previous) }
                    previous = id
                }
                guard recipe > 0 else { continue }
                for _ in 0..<random.below(5) {
                    let u = random.unit()
                    let dependency = "recipe\(Int(Double(recipe) * u * u))"
                    graph.addDependency(
                        TaskID(name, "do_prepare_recipe_sysroot"), on: TaskID(dependency, "do_populate_sysroot")
                    )
                    graph.addDependency(TaskID(name, "do_package_write_ipk"), on: TaskID(dependency, "do_packagedata"))
                }
            }
        case .layered, .narrow:
            let width = self == .layered ? 1_000 : 12
            let layers = tasks / width
            for layer in 0..<layers {
                for slot in 0..<width {
                    let id = TaskID("layer\(layer)", "do_t\(slot)")
                    graph.add(TaskNode(id, estimatedDuration: .milliseconds(1_000 + random.below(99_000))))
                    guard layer > 0 else { continue }
                    for _ in 0..<(1 + random.below(4)) {
                        let from = max(0, layer - 1 - random.below(3))
                        graph.addDependency(id, on: TaskID("layer\(from)", "do_t\(random.below(width))"))
                    }
                }
            }
        }
        return graph
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the same seed
/// gives the same graphs on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, bound).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
