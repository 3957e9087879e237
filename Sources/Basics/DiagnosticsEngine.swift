import Synchronization

/// Collects diagnostics from every part of a run; safe to share between tasks.
public final class DiagnosticsEngine: Sendable {
    private let state = Mutex<[Diagnostic]>([])
    private let handler: @Sendable (Diagnostic) -> Void

    /// - Parameter handler: called for each diagnostic as it is emitted (for instance, print it).
    public init(handler: @escaping @Sendable (Diagnostic) -> Void = { _ in }) {
        self.handler = handler
    }

    public func emit(_ diagnostic: Diagnostic) {
        state.withLock { $0.append(diagnostic) }
        handler(diagnostic)
    }

    public var diagnostics: [Diagnostic] { state.withLock { $0 } }

    public var hasErrors: Bool { state.withLock { $0.contains { $0.level == .error } } }
}
