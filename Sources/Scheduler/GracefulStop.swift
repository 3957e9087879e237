import Synchronization

/// A request to stop a build the way BitBake's first Ctrl-C does: start nothing new, let the
/// tasks already running finish, then return. Cancelling the caller's task is the second
/// Ctrl-C: running tasks are cancelled too.
///
/// A reference shared between whoever catches the interrupt and the scheduler; requesting is
/// idempotent and safe from any thread.
public final class GracefulStop: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Asks the scheduler to start no more tasks.
    public func request() { requested.store(true, ordering: .releasing) }

    /// Whether `request()` has been called.
    public var isRequested: Bool { requested.load(ordering: .acquiring) }
}
