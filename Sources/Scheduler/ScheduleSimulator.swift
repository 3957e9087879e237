/// A discrete-event simulation of `Scheduler` on a fixed number of workers: each task takes
/// exactly its `CriticalPath` duration, and the ready queue is the scheduler's own
/// (`ReadyQueue`), so the schedule is the one a real run with those durations would follow.
///
/// Like the scheduler, it handles one finished task at a time and fills free slots after
/// each, and `noexec` tasks finish at once without taking a slot.
package struct ScheduleSimulator {
    /// A running task and when it ends; the earliest end pops first, ties by dense index.
    private struct Completion: Comparable {
        var end: Duration
        var task: Int
        static func < (a: Completion, b: Completion) -> Bool {
            a.end != b.end ? a.end < b.end : a.task < b.task
        }
    }

    package let workers: Int

    /// - Parameter workers: job slots, at least 1.
    package init(workers: Int) {
        precondition(workers >= 1, "a simulation needs at least one worker")
        self.workers = workers
    }

    /// Simulates every task of `plan.graph` and returns when the last one ends.
    package func makespan(of plan: CriticalPath) -> Duration {
        var queue = ReadyQueue(plan)
        var running = MinHeap<Completion>()
        var now = Duration.zero
        let nodes = plan.graph.nodes
        while true {
            while running.count < workers, let task = queue.popReady() {
                if nodes[task].noexec {
                    queue.finish(task, .skipped)
                } else {
                    running.push(Completion(end: now + plan.durations[task], task: task))
                }
            }
            guard let done = running.pop() else { break }
            now = done.end
            queue.finish(done.task, .succeeded)
        }
        return now
    }
}
