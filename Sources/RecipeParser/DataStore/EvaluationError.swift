public import BakeBasics

/// Why evaluating metadata stopped: an expansion, Python or BitBake-level failure, or a skip.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// `${...}` or `${@...}` failed; `variableChain` says through which variables.
        case expansion
        /// A Python exception escaped metadata code.
        case python
        /// `bb.fatal()`, or a construct BitBake refuses (old override syntax, renamed variables).
        case fatal
        /// `bb.parse.SkipRecipe`: not a failure, the recipe is skipped with this reason.
        case skipRecipe
        case syntax
        case missingFile
        case io
    }

    public var kind: Kind
    public var message: String
    public var variableChain: [String]
    public var location: SourceLocation?
    public var sourceLine: String?

    public init(
        _ kind: Kind, _ message: String, variableChain: [String] = [],
        location: SourceLocation? = nil, sourceLine: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.variableChain = variableChain
        self.location = location
        self.sourceLine = sourceLine
    }

    public var description: String {
        var text = message
        if variableChain.count > 1 {
            text += "\nThe variable dependency chain for the failure is: " + variableChain.joined(separator: " -> ")
        }
        return text
    }

    public var diagnostic: Diagnostic {
        let kind: Diagnostic.Kind = switch self.kind {
        case .expansion: .expansion
        case .python: .python
        case .fatal, .skipRecipe: .fatal
        case .syntax: .syntax
        case .missingFile: .missingFile
        case .io: .io
        }
        return Diagnostic(.error, kind, description, at: location, sourceLine: sourceLine)
    }

    /// Adds where the failure happened to the message.
    func withContext(_ context: String) -> EvaluationError {
        var copy = self
        copy.message += " (\(context))"
        return copy
    }

    /// Attaches the statement being evaluated, unless a deeper place is already known.
    func located(at location: SourceLocation, sourceLine: String? = nil) -> EvaluationError {
        guard self.location == nil else { return self }
        var copy = self
        copy.location = location
        copy.sourceLine = sourceLine
        return copy
    }
}

/// A history entry as `bitbake -e` prints it: what was done to a variable, where.
public struct HistoryEvent: Sendable, Equatable {
    public var op: String
    public var file: String
    public var line: Int
    public var detail: String
    public var flag: String?

    public init(op: String, file: String, line: Int, detail: String, flag: String? = nil) {
        self.op = op
        self.file = file
        self.line = line
        self.detail = detail
        self.flag = flag
    }
}

/// Where a datastore write comes from, for the variable history.
public struct WriteOrigin: Sendable {
    public var file: String
    public var line: Int
    /// What the history shows as the operation's text (BitBake records the written
    /// right-hand side, not the combined value); nil shows the value written.
    public var detail: String?
    public init(file: String, line: Int, detail: String? = nil) {
        self.file = file
        self.line = line
        self.detail = detail
    }
}
