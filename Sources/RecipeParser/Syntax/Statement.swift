public import BakeBasics

/// One parsed line (or block) of metadata, evaluated in order against a datastore.
public struct Statement: Sendable {
    public var kind: Kind
    /// Where BitBake would report the statement: for blocks, the line that closed them.
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public enum Kind: Sendable {
        case assignment(Assignment)
        /// `include` (required: false) or `require` (required: true) of space-separated files.
        case include(String, required: Bool)
        case includeAll(String)
        case export(String)
        case unset(String)
        case unsetFlag(String, flag: String)
        /// `addpylib DIR NAMESPACE`, only honoured in base configuration files.
        case addPylib(directory: String, namespace: String)
        case addFragments(prefix: String, variable: String, flaggedVariables: String, builtinFragments: String)
        /// A `name() { ... }` block: shell unless `python`; `__anonymous` for `python () {}`.
        case function(Function)
        /// A top-level `def name(...):` Python function with its body lines.
        case pythonDef(name: String, body: [String])
        case exportFunctions([String], className: String)
        case addTask(tasks: String, before: String, after: String)
        case delTask(String)
        case addHandler([String])
        case inherit(String)
        case inheritDefer(String)
    }

    /// (A class: statements are copied out of cached files for every recipe that reads them,
    /// and a reference is one count to bump instead of one per field.)
    public final class Function: Sendable {
        public let name: String
        public let body: [String]
        public let isPython: Bool
        public let isFakeroot: Bool
        /// The body as one text, as the datastore stores it (computed once per parse).
        public let text: String
        /// For an anonymous function, its generated name (see `anonymousName(line:file:)`).
        public let generatedName: String?
        public static let anonymousName = "__anonymous"

        public init(name: String, body: [String], isPython: Bool, isFakeroot: Bool, closedAt location: SourceLocation? = nil) {
            self.name = name
            self.body = body
            self.isPython = isPython
            self.isFakeroot = isFakeroot
            text = body.joined(separator: "\n")
            if name == Self.anonymousName, let location {
                generatedName = Self.anonymousName(line: location.line, file: location.file)
            } else {
                generatedName = nil
            }
        }

        /// BitBake's name for an anonymous function closed at `line` of `file`:
        /// `__anon_LINE_FILE` with `/.+-@%&~` turned into underscores.
        public static func anonymousName(line: Int, file: String) -> String {
            var name = "__anon_\(line)_"
            name.unicodeScalars.append(contentsOf: file.unicodeScalars.map { "/.+-@%&~".unicodeScalars.contains($0) ? "_" : $0 })
            return name
        }
    }
}

/// `[export] NAME[flag] OP "value"`. (A class, as `Statement.Function` is.)
public final class Assignment: Sendable {
    public enum Operator: String, Sendable, CaseIterable {
        case set = "="
        case immediate = ":="
        case weakDefault = "??="
        case defaultValue = "?="
        case append = "+="
        case prepend = "=+"
        case appendNoSpace = ".="
        case prependNoSpace = "=."
    }

    public let exported: Bool
    public let name: String
    /// The name's analysis, done once when the file is parsed.
    let nameInfo: NameInfo
    public let flag: String?
    public let op: Operator
    public let value: String

    public init(exported: Bool, name: String, flag: String?, op: Operator, value: String) {
        self.exported = exported
        self.name = name
        self.flag = flag
        self.op = op
        self.value = value
        nameInfo = NameInfo.of(name)
    }
}
