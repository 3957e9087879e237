/// Shell code that BitBake's shell parser (pysh) rejects, so no signature can be computed.
///
/// BitBake stops parsing the recipe in that case; bake reports which function and why.
public struct ShellSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "shell syntax error: " + message }
}
