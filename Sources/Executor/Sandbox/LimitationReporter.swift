import Foundation
import Synchronization

/// Tells the user, once per process and feature, what the sandbox could not enforce on this host.
///
/// Shared by every `Sandbox` that uses it, so a build of a thousand tasks prints each missing
/// feature once, not a thousand times.
public final class LimitationReporter: Sendable {
    private let reported = Mutex<Set<SandboxFeature>>([])
    private let sink: @Sendable (SandboxLimitation) -> Void

    /// - Parameter sink: receives each limitation the first time it is reported.
    public init(_ sink: @escaping @Sendable (SandboxLimitation) -> Void) {
        self.sink = sink
    }

    /// Writes "bake: warning: sandbox: ..." lines to standard error.
    public static let standardError = LimitationReporter { limitation in
        FileHandle.standardError.write(Data("bake: warning: sandbox: \(limitation)\n".utf8))
    }

    /// Passes `limitation` to the sink unless its feature was reported before.
    public func report(_ limitation: SandboxLimitation) {
        let isNew = reported.withLock { $0.insert(limitation.feature).inserted }
        if isNew { sink(limitation) }
    }
}
