public import BakeBasics

/// Why the executor could not run a task, fetch a source or set up a sandbox.
///
/// Task failures are outcomes (`TaskOutcome`), not errors; this type is for what goes wrong
/// around them: a missing tool, a bad URL, a checksum mismatch, a syscall that failed.
public struct ExecutorError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The metadata line the failing request came from, when there is one.
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}
