/// Why the sandbox could not run a task: a policy it cannot honour, or a system call that failed
/// while setting it up (in bake, or in the child between clone and exec).
///
/// A task that runs and fails is not an error: it is a `SandboxExit` with a nonzero status.
public struct SandboxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String
    /// The C function that failed (with its main argument, if any), for `.systemCall`.
    public var call: String?
    /// errno of the failed call.
    public var errorNumber: Int32?

    public init(_ code: Code, _ message: String, call: String? = nil, errorNumber: Int32? = nil) {
        self.code = code
        self.message = message
        self.call = call
        self.errorNumber = errorNumber
    }

    /// A failed C call: `call` names the function, `argument` what it was applied to.
    static func systemCall(_ call: String, argument: String? = nil, errno number: Int32) -> SandboxError {
        let name = argument.map { "\(call) \($0)" } ?? call
        let symbol = LinuxSystem.symbol(errno: number).map { " (\($0))" } ?? ""
        return SandboxError(
            .systemCall, "\(name): \(LinuxSystem.describe(errno: number))\(symbol)", call: name, errorNumber: number)
    }

    public var description: String { "sandbox: \(message)" }
}

extension SandboxError {
    /// What kind of failure a `SandboxError` is: a struct over a private enum, so codes can grow
    /// without breaking callers' `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidPolicy
            case systemCall
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The policy cannot be run: no argv, a missing program, a writable path that is not a directory.
        public static let invalidPolicy = Code(.invalidPolicy)
        /// A system call failed; `call` and `errorNumber` say which and why.
        public static let systemCall = Code(.systemCall)

        public var description: String {
            switch value {
            case .invalidPolicy: "invalid policy"
            case .systemCall: "system call failed"
            }
        }
    }
}
