/// One shell word split into literal text and quoted or expansion groups, as pysh's
/// `make_wordtree` does: `a"$(b)"` is the text `a` then a `"` group holding a `$(` group.
///
/// A group keeps its opening and closing delimiters (`"`/`"`, `$(`/`)`, `` ` ``/`` ` ``,
/// `${`/`}`, `'`/`'`, `$`/`` for `$NAME`, `\`/`` for an escaped character). Groups with an
/// empty opener are plain text that the lexer had to look at (a lone `$`, a line continuation).
indirect enum ShellWordPart: Equatable, Sendable {
    case text(String)
    case group(open: String, parts: [ShellWordPart], close: String)

    /// The source text again (line continuations removed): pysh's `wordtree_as_string`.
    var source: String {
        switch self {
        case .text(let s): return s
        case .group(let open, let parts, let close): return open + parts.map(\.source).joined() + close
        }
    }

    /// The text with quotes removed and expansions left as written (`unquote_wordtree`).
    var unquoted: String {
        switch self {
        case .text(let s): return s
        case .group(let open, let parts, let close):
            let inner = parts.map(\.unquoted).joined()
            return ["", "'", "\"", "\\"].contains(open) ? inner : open + inner + close
        }
    }
}

/// pysh's `WordLexer` and `make_wordtree`: delimits quoted strings and expansions.
enum ShellWordTree {
    typealias Scalars = [Unicode.Scalar]

    /// Splits a whole word into its top-level parts.
    static func parts(of word: String) throws(ShellSyntaxError) -> [ShellWordPart] {
        let s = Array(word.unicodeScalars)
        var parts: [ShellWordPart] = []
        var literal = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if "\\$`'\"".unicodeScalars.contains(s[i]) {
                if !literal.isEmpty { parts.append(.text(String(literal))); literal = .init() }
                parts.append(try group(s, &i, enclosing: nil))
            } else {
                literal.append(s[i])
                i += 1
            }
        }
        if !literal.isEmpty { parts.append(.text(String(literal))) }
        return parts
    }

    private static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_".unicodeScalars)
    private static let specialParameters = Set("@*#?-$!0".unicodeScalars)

    /// Whether a backslash may escape `c` inside the group opened by `enclosing` (nil: the
    /// backslash is not inside any group, where it escapes anything).
    private static func escapable(_ c: Unicode.Scalar, enclosing: String?) -> Bool {
        switch enclosing {
        case nil: return true
        case "`"?: return c == "$" || c == "\\" || c == "`"
        case "\""?: return c == "$" || c == "\\" || c == "`" || c == "\""
        case "'"?: return false
        default: return true
        }
    }

    private static func unterminated(_ open: String) -> ShellSyntaxError {
        ShellSyntaxError("unterminated \(open) in shell code")
    }

    /// Delimits the group starting at `s[i]` (one of `\ $ ` ' "`), leaving `i` after it.
    static func group(_ s: Scalars, _ i: inout Int, enclosing: String?) throws(ShellSyntaxError) -> ShellWordPart {
        let opener = s[i]
        i += 1
        switch opener {
        case "'":
            guard let close = s[i...].firstIndex(of: "'") else { throw unterminated("'") }
            let content = String(String.UnicodeScalarView(s[i..<close]))
            i = close + 1
            return .group(open: "'", parts: [.text(content)], close: "'")
        case "\\":
            guard i < s.count else { throw unterminated("\\") }
            let c = s[i]
            i += 1
            if c == "\n" { return .group(open: "", parts: [.text("")], close: "") }
            if escapable(c, enclosing: enclosing) { return .group(open: "\\", parts: [.text(String(c))], close: "") }
            return .group(open: "", parts: [.text("\\" + String(c))], close: "")
        case "\"":
            return try delimited(s, &i, open: "\"", stops: "$\\`\"", close: "\"")
        case "`":
            return try delimited(s, &i, open: "`", stops: "$\\`\"'", close: "`")
        default:  // "$"
            guard i < s.count else { throw unterminated("$") }
            if s[i] == "(" {
                guard i + 1 < s.count else { throw unterminated("$(") }
                // pysh has no arithmetic expansion: BitBake fails on it.
                if s[i + 1] == "(" { throw ShellSyntaxError("$(( arithmetic expansion is not supported by BitBake's shell parser") }
                i += 1
                return try delimited(s, &i, open: "$(", stops: "$\\`\"')", close: ")")
            }
            if s[i] == "{" {
                i += 1
                return try delimited(s, &i, open: "${", stops: "$\\`\"'}", close: "}")
            }
            if specialParameters.contains(s[i]) {
                i += 1
                return .group(open: "$", parts: [.text(String(s[i - 1]))], close: "")
            }
            var name = String.UnicodeScalarView()
            while i < s.count, nameCharacters.contains(s[i]) {
                name.append(s[i])
                i += 1
            }
            if name.isEmpty { return .group(open: "", parts: [.text("$")], close: "") }
            return .group(open: "$", parts: [.text(String(name))], close: "")
        }
    }

    /// A group read up to `close`; any other character of `stops` opens a nested group.
    private static func delimited(
        _ s: Scalars, _ i: inout Int, open: String, stops: String, close: String
    ) throws(ShellSyntaxError) -> ShellWordPart {
        let stopSet = Set(stops.unicodeScalars)
        let closing = close.unicodeScalars.first!
        var parts: [ShellWordPart] = []
        var literal = String.UnicodeScalarView()
        while true {
            guard let stop = s[i...].firstIndex(where: stopSet.contains) else { throw unterminated(open) }
            literal.append(contentsOf: s[i..<stop])
            i = stop
            if s[stop] == closing {
                i += 1
                parts.append(.text(String(literal)))
                return .group(open: open, parts: parts, close: close)
            }
            parts.append(.text(String(literal)))
            literal = .init()
            parts.append(try group(s, &i, enclosing: open))
        }
    }
}
