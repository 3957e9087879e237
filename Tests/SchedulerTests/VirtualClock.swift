import BakeScheduler

/// Simulated time for scheduler tests: a task "sleeps" until the clock reaches its end time,
/// and the clock jumps to the next end time only once the scheduler is waiting and every task
/// it has running is asleep. Runs are therefore exact and repeatable, and take no real time.
actor VirtualClock: SchedulerObserver {
    private struct Sleeper {
        var wake: Duration
        var continuation: CheckedContinuation<Void, Never>
    }

    private(set) var now: Duration = .zero
    private var sleepers: [Sleeper] = []
    /// Set by the scheduler's `.waiting` event, cleared whenever the clock wakes someone (the
    /// scheduler is about to resume and may start more tasks at the current time).
    private var schedulerWaiting = false
    private var running = 0

    func sleep(for duration: Duration) async {
        guard duration > .zero else { return }
        await withCheckedContinuation { continuation in
            sleepers.append(Sleeper(wake: now + duration, continuation: continuation))
            advanceIfIdle()
        }
    }

    func schedulerEvent(_ event: SchedulerEvent) async {
        guard case .waiting(let count) = event else { return }
        schedulerWaiting = true
        running = count
        advanceIfIdle()
    }

    private func advanceIfIdle() {
        guard schedulerWaiting, sleepers.count == running, let next = sleepers.map(\.wake).min() else { return }
        now = next
        schedulerWaiting = false
        let due = sleepers.filter { $0.wake == next }
        sleepers.removeAll { $0.wake == next }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
