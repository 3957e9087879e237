/// A token of shell code, typed as pysh's lexer types it.
struct ShellToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case word, newline, ioNumber, assignment, hereName
        /// Operators: `&&`, `||`, `;;`, `<<`, `>>`, `<&`, `>&`, `<>`, `<<-`, `>|`, `&`, `;`,
        /// `<`, `>`, `(`, `)`.
        case andIf, orIf, doubleSemicolon, hereDocument, hereDocumentStrip, append, duplicateInput
        case duplicateOutput, readWrite, clobber, ampersand, semicolon, less, greater, leftParen, rightParen
        /// Reserved words; pysh reserves them wherever they stand, not only as a command's
        /// first word (its grammar turns some back into words after a command name).
        case ifWord, thenWord, elseWord, elifWord, fiWord, doWord, doneWord, caseWord, esacWord
        case whileWord, untilWord, forWord, leftBrace, rightBrace, bang, inWord, pipe
    }

    var text: String
    var kind: Kind
}

/// pysh's main lexer (`pyshlex.Lexer`), reproduced for what BitBake's dependency scan sees:
/// words keep their quotes, `\`-newline disappears, here-document bodies become one word
/// after the here-document's name, and reserved words are typed wherever they appear.
///
/// Its quirks are kept on purpose, since they decide which commands BitBake finds: a word is
/// only an assignment when it ends the input, `in` is only reserved as the third word of a
/// `for` or `case`, and a comment running into the end of the input is an error.
struct ShellLexer {
    private enum State { case normal, comment, op, quoted, hereDocument }

    private struct PendingHereDocument {
        var op: String?
        var name: String?
        var pending: [(text: String, kind: PendingKind, delimiter: String)] = []
    }

    /// A token's type before `push` settles it.
    private enum PendingKind { case token, op, newline, comment, typed(ShellToken.Kind) }

    private let input: [Unicode.Scalar]
    private var position = 0
    private var token = String.UnicodeScalarView()
    private var kind = PendingKind.token
    private var state = State.normal
    private var hereDocument = PendingHereDocument()
    private var forCount: Int?
    private(set) var tokens: [ShellToken] = []

    private static let operators: [String: ShellToken.Kind] = [
        "&&": .andIf, "||": .orIf, ";;": .doubleSemicolon, "<<": .hereDocument, ">>": .append,
        "<&": .duplicateInput, ">&": .duplicateOutput, "<>": .readWrite, "<<-": .hereDocumentStrip,
        ">|": .clobber, "&": .ampersand, ";": .semicolon, "<": .less, ">": .greater,
        "(": .leftParen, ")": .rightParen,
    ]
    private static let partialOperators: Set<String> = {
        var partials: Set<String> = []
        for op in operators.keys {
            var prefix = ""
            for c in op {
                prefix.append(c)
                partials.insert(prefix)
            }
        }
        return partials
    }()
    private static let reserved: [String: ShellToken.Kind] = [
        "if": .ifWord, "then": .thenWord, "else": .elseWord, "elif": .elifWord, "fi": .fiWord,
        "do": .doWord, "done": .doneWord, "case": .caseWord, "esac": .esacWord, "while": .whileWord,
        "until": .untilWord, "for": .forWord, "{": .leftBrace, "}": .rightBrace, "!": .bang,
        "in": .inWord, "|": .pipe,
    ]

    /// Lexes a whole script.
    static func tokens(of script: String) throws(ShellSyntaxError) -> [ShellToken] {
        var lexer = ShellLexer(input: Array(script.unicodeScalars))
        try lexer.run()
        return lexer.tokens
    }

    private init(input: [Unicode.Scalar]) {
        self.input = input
    }

    private mutating func run() throws(ShellSyntaxError) {
        while true {
            if position >= input.count {
                switch state {
                case .op: break
                case .quoted, .hereDocument:
                    throw ShellSyntaxError("unexpected end of shell code")
                default:
                    try push(delimiter: "")
                    if hereDocument.op != nil { throw ShellSyntaxError("missing here-document delimiter") }
                    return
                }
            }
            switch state {
            case .normal: try lexNormal()
            case .comment: try lexComment()
            case .op: try lexOperator()
            case .quoted: try lexQuoted()
            case .hereDocument: try lexHereDocument()
            }
        }
    }

    private mutating func lexNormal() throws(ShellSyntaxError) {
        let c = input[position]
        if c == "\n" {
            try push(delimiter: "\n")
            token = "\n".unicodeScalars
            kind = .newline
            try push(delimiter: "")
            position += 1
        } else if c == "\\" || c == "'" || c == "\"" || c == "`" || c == "$" {
            state = .quoted
        } else if Self.partialOperators.contains(String(c)) {
            try push(delimiter: String(c))
            kind = .op
            token.append(c)
            position += 1
            state = .op
        } else if c == " " || c == "\t" {
            try push(delimiter: String(c))
            position += 1
        } else if !token.isEmpty {
            token.append(c)
            position += 1
        } else if c == "#" {
            state = .comment
            kind = .comment
            position += 1
        } else {
            token.append(c)
            position += 1
        }
    }

    private mutating func lexOperator() throws(ShellSyntaxError) {
        while true {
            let c = position < input.count ? String(input[position]) : ""
            let candidate = String(token) + c
            if !c.isEmpty && Self.partialOperators.contains(candidate) {
                token = candidate.unicodeScalars
                position += 1
            } else {
                try push(delimiter: c)
                state = .normal
                return
            }
        }
    }

    private mutating func lexComment() throws(ShellSyntaxError) {
        while true {
            guard position < input.count else {
                throw ShellSyntaxError("comment at the end of shell code without a newline")
            }
            if input[position] == "\n" {
                state = .normal
                return
            }
            token.append(input[position])
            position += 1
        }
    }

    private mutating func lexQuoted() throws(ShellSyntaxError) {
        let part = try ShellWordTree.group(input, &position, enclosing: nil)
        token.append(contentsOf: part.source.unicodeScalars)
        state = .normal
    }

    /// Reads a here-document body up to its delimiter line, then releases the tokens that
    /// followed the `<<` on its line.
    private mutating func lexHereDocument() throws(ShellSyntaxError) {
        let strip = hereDocument.op == "<<-"
        let delimiter = hereDocument.name ?? ""
        var body = ""
        while true {
            var escaped = false
            var newline: Int?
            var j = position
            while j < input.count {
                if escaped {
                    escaped = false
                } else if input[j] == "\\" {
                    escaped = true
                } else if input[j] == "\n" {
                    newline = j
                    break
                }
                j += 1
            }
            var line: String
            var end = ""
            if let newline {
                line = String(String.UnicodeScalarView(input[position..<newline]))
                end = "\n"
                position = newline + 1
            } else {
                line = String(String.UnicodeScalarView(input[position...]))
                position = input.count
            }
            if strip { line = String(line.drop { $0 == "\t" }) }
            if line == delimiter { break }
            body += line + end
            if newline == nil { break }
        }
        let pending = hereDocument.pending
        hereDocument = PendingHereDocument()
        state = .normal
        token = body.unicodeScalars
        kind = .token
        try push(delimiter: delimiter)
        for (text, pendingKind, pendingDelimiter) in pending {
            token = text.unicodeScalars
            kind = pendingKind
            try push(delimiter: pendingDelimiter)
        }
    }

    /// pysh's `_push_token`: types the current token and emits it.
    private mutating func push(delimiter: String) throws(ShellSyntaxError) {
        guard !token.isEmpty else { return }
        let text = String(token)
        var settled: ShellToken.Kind?
        if hereDocument.op != nil {
            if hereDocument.name == nil {
                guard case .token = kind else {
                    throw ShellSyntaxError("expecting here-document name, got '\(text)'")
                }
                let parts = try ShellWordTree.parts(of: text)
                hereDocument.name = parts.map(\.unquoted).joined()
                settled = .hereName
            } else {
                if case .newline = kind { state = .hereDocument }
                hereDocument.pending.append((text, kind, delimiter))
                token = .init()
                kind = .token
                return
            }
        }
        if settled == nil {
            switch kind {
            case .typed(let k):
                settled = k
            case .newline:
                settled = .newline
            case .comment:
                token = .init()
                kind = .token
                return
            case .op, .token:
                if case .op = kind, let op = Self.operators[text] {
                    settled = op
                    if text == "<<" || text == "<<-" {
                        if hereDocument.op != nil { throw ShellSyntaxError("syntax error near token '\(text)'") }
                        hereDocument.op = text
                    }
                } else {
                    settled = wordKind(text, delimiter: delimiter)
                }
            }
        }
        if let count = forCount {
            forCount = count + 1 == 3 ? nil : count + 1
        }
        tokens.append(ShellToken(text: text, kind: settled!))
        token = .init()
        kind = .token
    }

    private mutating func wordKind(_ text: String, delimiter: String) -> ShellToken.Kind {
        if text.contains("="), delimiter.isEmpty {
            if !text.hasPrefix("="), Self.isName(text.prefix { $0 != "=" }) { return .assignment }
            return .word
        }
        if let reserved = Self.reserved[text] {
            if reserved == .inWord && forCount != 2 { return .word }
            if reserved == .forWord || reserved == .caseWord { forCount = 0 }
            return reserved
        }
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit), delimiter == "<" || delimiter == ">" { return .ioNumber }
        return .word
    }

    private static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
