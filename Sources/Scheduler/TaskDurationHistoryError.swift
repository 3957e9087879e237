/// Saving the task duration history failed. (Loading never fails: a bad file is ignored with
/// a warning.)
public struct TaskDurationHistoryError: Error, Sendable, CustomStringConvertible {
    /// The history file.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}
