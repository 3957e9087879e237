/// What a piece of metadata Python refers to, as BitBake's code parser reports it for task
/// signatures (`bb.codeparser.PythonParser`).
public struct PythonCodeFacts: Sendable, Equatable, Codable {
    /// Variables read with a literal name (`d.getVar("X")`), and flags as `X[flag]`.
    public var references: Set<String>
    /// Names of called functions (`foo()`, `bb.utils.mkdirhier()`), plus the literal names
    /// given to `bb.build.exec_func`.
    public var execs: Set<String>
    /// `bb.utils.contains("X", "word", ...)`-style tests: for each variable, the words tested.
    public var contains: [String: Set<String>]

    public init(references: Set<String> = [], execs: Set<String> = [], contains: [String: Set<String>] = [:]) {
        self.references = references
        self.execs = execs
        self.contains = contains
    }
}
