import BakeScheduler

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Scheduler benchmark: scheduling overhead per task and simulated makespans against the lower
// bound, on seeded graphs of 100,000 tasks. Run: swift run -c release scheduler-benchmark
// Exits 1 when a target is missed (overhead 20 µs per task, makespan 5% over the bound).

/// A runner that returns at once: what remains is the scheduler's own cost.
struct ImmediateRunner: TaskRunner {
    func run(_ task: TaskNode) async -> TaskOutcome { .succeeded }
}

let taskCount = 100_000
let seed: UInt64 = 20_261_125
let workerCounts = [2, 8, 32]
let overheadTarget = Duration.microseconds(20)
let makespanTarget = 1.05

func measure<T>(_ body: () throws -> T) rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (result, start.duration(to: clock.now))
}

func measure<T>(_ body: () async -> T) async -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = await body()
    return (result, start.duration(to: clock.now))
}

func microseconds(_ duration: Duration, per count: Int) -> String {
    let (seconds, attoseconds) = duration.components
    let total = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    return format(total / Double(count))
}

func seconds(_ duration: Duration) -> Double {
    let (s, atto) = duration.components
    return Double(s) + Double(atto) / 1e18
}

func format(_ value: Double, decimals: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    let fraction = text.split(separator: ".").last.map(\.count) ?? 0
    if !text.contains(".") { text += "." }
    return text + String(repeating: "0", count: max(0, decimals - fraction))
}

var missed: [String] = []
print("Scheduler benchmark: \(taskCount) tasks per graph, seed \(seed)\n")

for shape in GraphShape.allCases {
    let (graph, buildTime) = measure { shape.graph(tasks: taskCount, seed: seed) }
    print("## \(shape.rawValue): \(graph.count) tasks, \(graph.edgeCount) edges (generated in \(format(seconds(buildTime))) s)")

    // Critical path: best of three.
    var plan: CriticalPath!
    var best = Duration.seconds(1_000)
    for _ in 0..<3 {
        let (computed, time) = try measure { try CriticalPath(graph: graph) }
        plan = computed
        best = min(best, time)
    }
    print("critical path: \(format(seconds(best) * 1000)) ms (\(microseconds(best, per: graph.count)) µs per task); "
        + "length \(format(seconds(plan.length))) s, total work \(format(seconds(plan.totalWork))) s")

    print("| workers | scheduler overhead per task | makespan | lower bound | ratio |")
    print("|---:|---:|---:|---:|---:|")
    for workers in workerCounts {
        // Scheduling overhead: the real scheduler, a runner that returns at once; best of three.
        var overhead = Duration.seconds(1_000)
        for _ in 0..<3 {
            let (report, time) = await measure {
                await Scheduler(maxConcurrentTasks: workers).run(plan, runner: ImmediateRunner())
            }
            precondition(report.succeeded && report.completionOrder.count == graph.count, "a benchmark run failed")
            overhead = min(overhead, time)
        }
        let makespan = ScheduleSimulator(workers: workers).makespan(of: plan)
        let bound = plan.makespanLowerBound(workers: workers)
        let ratio = seconds(makespan) / seconds(bound)
        let perTask = overhead / graph.count
        print("| \(workers) | \(microseconds(overhead, per: graph.count)) µs | \(format(seconds(makespan))) s "
            + "| \(format(seconds(bound))) s | \(format(ratio, decimals: 4)) |")
        if perTask > overheadTarget { missed.append("\(shape) on \(workers) workers: overhead \(perTask) per task") }
        if ratio > makespanTarget { missed.append("\(shape) on \(workers) workers: makespan \(format(ratio, decimals: 3))x the bound") }
    }
    print("")
}

if missed.isEmpty {
    print("All targets met: overhead under 20 µs per task, makespans within 5% of the bound.")
} else {
    print("Targets missed:")
    for line in missed { print("  \(line)") }
    exit(1)
}
