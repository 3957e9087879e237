/// Receives `SchedulerEvent`s, in order, from the scheduler's own loop; the scheduler waits
/// for each call to return, so an observer must be quick.
public protocol SchedulerObserver: Sendable {
    func schedulerEvent(_ event: SchedulerEvent) async
}
