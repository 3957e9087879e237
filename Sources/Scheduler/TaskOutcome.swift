/// How one task run ended.
public enum TaskOutcome: Hashable, Sendable {
    case succeeded
    case failed(reason: String)

    public var isSuccess: Bool { self == .succeeded }
}
