/// Why a task graph could not be built: a dependency nobody provides, a task that does not
/// exist, a malformed flag, a dependency loop, or metadata that failed to evaluate.
public struct TaskGraphError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. A struct over a private enum, so new codes do not break exhaustive
    /// switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case noProvider, noRuntimeProvider, missingTask, malformedDependency, cycle, metadata
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Nothing `PROVIDES` a name in `DEPENDS`, a task `depends` flag or the targets.
        public static let noProvider = Code(.noProvider)
        /// Nothing `RPROVIDES` (or packages) a name in `RDEPENDS`, `RRECOMMENDS` or a task
        /// `rdepends` flag.
        public static let noRuntimeProvider = Code(.noRuntimeProvider)
        /// A target or a `depends`/`rdepends` flag names a task its recipe does not have.
        public static let missingTask = Code(.missingTask)
        /// A `depends`/`rdepends` flag entry is not of the form `name:do_task`.
        public static let malformedDependency = Code(.malformedDependency)
        /// The tasks depend on each other in a loop; `TaskGraphError.cycle` lists it.
        public static let cycle = Code(.cycle)
        /// Reading the recipe's variables failed; `cause` holds the evaluation error.
        public static let metadata = Code(.metadata)

        public var description: String { String(describing: wrapped) }
    }

    /// Where the error was thrown in bake's own source, for bug reports.
    public struct ThrowSite: Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var description: String { "\(file):\(line)" }
    }

    public var code: Code
    public var message: String
    /// For `noProvider`/`noRuntimeProvider`: the names from the requested target down to the
    /// missing one, e.g. `["app", "libfoo", "zlib"]` (BitBake's "Missing or unbuildable
    /// dependency chain"). Empty for other codes.
    public var dependencyChain: [String]
    /// For `cycle`: the tasks of one loop, starting at the smallest `TaskID`; each task
    /// depends on the next and the last depends on the first. Empty for other codes.
    public var cycle: [TaskID]
    public var cause: (any Error)?
    public var throwSite: ThrowSite

    public init(
        _ code: Code, _ message: String, dependencyChain: [String] = [], cycle: [TaskID] = [],
        cause: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.dependencyChain = dependencyChain
        self.cycle = cycle
        self.cause = cause
        self.throwSite = ThrowSite(file: file, line: line)
    }

    public var description: String {
        var text = message
        if !dependencyChain.isEmpty {
            text += "\nMissing or unbuildable dependency chain was: " + dependencyChain.joined(separator: " -> ")
        }
        if !cycle.isEmpty, let first = cycle.first {
            text += "\nDependency loop (each task waits for the next): " + (cycle + [first]).map(\.description).joined(separator: " -> ")
        }
        if let cause { text += "\nCaused by: \(cause)" }
        return text
    }
}
