import BakeExecutor
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the test only where the host probe found every one of `features`; otherwise the test
    /// is skipped with the probe's reason for each missing feature.
    static func requiresSandbox(_ features: SandboxFeature...) -> Self {
        let missing = features.compactMap { SandboxCapabilities.host.limitations[$0] }
        let reason = missing.map { "\($0.feature): \($0.reason)" }.joined(separator: "; ")
        return .enabled(if: missing.isEmpty, Comment(rawValue: "this host has no \(reason)"))
    }
}
