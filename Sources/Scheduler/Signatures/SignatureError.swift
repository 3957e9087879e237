/// Why a recipe's task signatures could not be computed.
public struct SignatureError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case metadata, shellSyntax, pythonSyntax, invalidFlag }
        private let value: Value

        /// A variable failed to expand.
        public static let metadata = Code(value: .metadata)
        /// A shell function is not code BitBake's shell parser accepts.
        public static let shellSyntax = Code(value: .shellSyntax)
        /// A Python function does not compile.
        public static let pythonSyntax = Code(value: .pythonSyntax)
        /// A flag that must be a boolean (`export`, `unexport`) is something else.
        public static let invalidFlag = Code(value: .invalidFlag)

        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String
    /// The variable or function being analysed.
    public var variable: String?
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, variable: String? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.variable = variable
        self.cause = cause
    }

    public var description: String {
        var text = variable.map { "\($0): " } ?? ""
        text += message
        if let cause { text += ": \(cause)" }
        return text
    }
}
