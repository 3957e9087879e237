/// A word as BitBake's dependency scan receives it from pysh: its role and its source text.
/// `role` is `cmd_name` (the command of a simple command without prefix), `cmd_word` (the
/// command after redirections or assignments), `TOKEN` (an argument, a `for` item, a `case`
/// pattern) or, for an assignment before the command, the assigned variable's name.
struct ShellWord: Equatable, Sendable {
    var role: String
    var text: String
}

/// The parts of a parsed script that the dependency scan looks at.
indirect enum ShellCommand: Sendable {
    /// A simple command: its words, then its leading assignments' values.
    case simple([ShellWord])
    /// Any compound command, list or pipeline: the commands inside, plus words that are
    /// scanned for command substitutions only (`for` items, `case` patterns).
    case group([ShellCommand], words: [ShellWord])
    case function(name: String, body: ShellCommand)
}

/// A recursive-descent parser for pysh's POSIX shell grammar (`pyshyacc`).
///
/// Grammar (pysh's, which BitBake uses; `linebreak` is any number of newlines):
///
///     program       := linebreak (and_or (separator and_or)* separator?)*   (no separator needed)
///     and_or        := pipeline (("&&" | "||") linebreak pipeline)*
///     pipeline      := "!"? command ("|" linebreak command)*
///     command       := compound redirect* | NAME "(" ")" linebreak compound | simple
///     compound      := "{" list "}" | "(" list ")" | for | case | if | while | until
///     for           := "for" NAME linebreak "in" WORD* (";" linebreak | newlines) do_group
///     case          := "case" WORD linebreak "in" linebreak item* "esac"
///     item          := "("? WORD ("|" WORD)* ")" (linebreak | list) (";;" linebreak)?
///     simple        := (ASSIGNMENT | redirect)* WORD (WORD | redirect)*
///
/// Only the grammar pysh accepts is accepted: `for` without `in` and `$((...))` are errors,
/// as they are for BitBake.
struct ShellParser {
    private let tokens: [ShellToken]
    private var index = 0

    static func parse(_ script: String) throws(ShellSyntaxError) -> [ShellCommand] {
        var parser = ShellParser(tokens: try ShellLexer.tokens(of: script))
        return try parser.program()
    }

    private init(tokens: [ShellToken]) {
        self.tokens = tokens
    }

    private var current: ShellToken.Kind? { index < tokens.count ? tokens[index].kind : nil }

    private func unexpected() -> ShellSyntaxError {
        guard index < tokens.count else { return ShellSyntaxError("unexpected end of shell code") }
        return ShellSyntaxError("unexpected '\(tokens[index].text)'")
    }

    @discardableResult
    private mutating func expect(_ kind: ShellToken.Kind) throws(ShellSyntaxError) -> String {
        guard current == kind else { throw unexpected() }
        index += 1
        return tokens[index - 1].text
    }

    private mutating func linebreak() {
        while current == .newline { index += 1 }
    }

    private mutating func program() throws(ShellSyntaxError) -> [ShellCommand] {
        var commands: [ShellCommand] = []
        linebreak()
        while current != nil {
            commands.append(try andOr())
            switch current {
            case .semicolon?, .ampersand?:
                index += 1
                linebreak()
            case .newline?:
                linebreak()
            case nil:
                break
            default:
                // pysh's grammar lets one complete command follow another with no separator
                // (`function f { a; }` is the command `function f`, then a brace group).
                guard startsCommand else { throw unexpected() }
            }
        }
        return commands
    }

    private var startsCommand: Bool {
        switch current {
        case .word?, .assignment?, .ioNumber?, .less?, .greater?, .duplicateInput?, .duplicateOutput?, .append?,
             .readWrite?, .clobber?, .hereDocument?, .hereDocumentStrip?, .leftParen?, .leftBrace?, .forWord?,
             .caseWord?, .ifWord?, .whileWord?, .untilWord?, .bang?:
            return true
        default:
            return false
        }
    }

    /// `compound_list`: and-or lists separated by `;`, `&` or newlines. pysh refuses a
    /// trailing `&`.
    private mutating func compoundList() throws(ShellSyntaxError) -> [ShellCommand] {
        linebreak()
        var commands = [try andOr()]
        while true {
            var separator: ShellToken.Kind?
            if current == .semicolon || current == .ampersand {
                separator = current
                index += 1
                linebreak()
            } else if current == .newline {
                separator = .newline
                linebreak()
            } else {
                break
            }
            guard startsCommand else {
                if separator == .ampersand { throw ShellSyntaxError("'&' at the end of a compound list is not supported") }
                break
            }
            commands.append(try andOr())
        }
        return commands
    }

    private mutating func andOr() throws(ShellSyntaxError) -> ShellCommand {
        var commands = [try pipeline()]
        while current == .andIf || current == .orIf {
            index += 1
            linebreak()
            commands.append(try pipeline())
        }
        return commands.count == 1 ? commands[0] : .group(commands, words: [])
    }

    private mutating func pipeline() throws(ShellSyntaxError) -> ShellCommand {
        if current == .bang { index += 1 }
        var commands = [try command()]
        while current == .pipe {
            index += 1
            linebreak()
            commands.append(try command())
        }
        return commands.count == 1 ? commands[0] : .group(commands, words: [])
    }

    private mutating func command() throws(ShellSyntaxError) -> ShellCommand {
        if current == .word, index + 1 < tokens.count, tokens[index + 1].kind == .leftParen {
            let name = tokens[index].text
            index += 2
            try expect(.rightParen)
            linebreak()
            guard let body = try compoundCommand() else { throw unexpected() }
            if isRedirection { throw ShellSyntaxError("redirections after a function body are not supported") }
            return .function(name: name, body: body)
        }
        if let compound = try compoundCommand() {
            while isRedirection { try redirection() }
            return compound
        }
        return try simpleCommand()
    }

    private mutating func compoundCommand() throws(ShellSyntaxError) -> ShellCommand? {
        switch current {
        case .leftBrace?:
            index += 1
            let body = try compoundList()
            try expect(.rightBrace)
            return .group(body, words: [])
        case .leftParen?:
            index += 1
            let body = try compoundList()
            try expect(.rightParen)
            return .group(body, words: [])
        case .forWord?:
            return try forClause()
        case .caseWord?:
            return try caseClause()
        case .ifWord?:
            index += 1
            var body = try compoundList()
            try expect(.thenWord)
            body += try compoundList()
            while current == .elifWord {
                index += 1
                body += try compoundList()
                try expect(.thenWord)
                body += try compoundList()
            }
            if current == .elseWord {
                index += 1
                body += try compoundList()
            }
            try expect(.fiWord)
            return .group(body, words: [])
        case .whileWord?, .untilWord?:
            index += 1
            let condition = try compoundList()
            return .group(condition + (try doGroup()), words: [])
        default:
            return nil
        }
    }

    private mutating func doGroup() throws(ShellSyntaxError) -> [ShellCommand] {
        try expect(.doWord)
        let body = try compoundList()
        try expect(.doneWord)
        return body
    }

    /// `token`: a word, or `fi` (pysh's grammar lets `fi` stand as a word).
    private mutating func plainWord() throws(ShellSyntaxError) -> String {
        guard current == .word || current == .fiWord else { throw unexpected() }
        index += 1
        return tokens[index - 1].text
    }

    private mutating func forClause() throws(ShellSyntaxError) -> ShellCommand {
        index += 1
        _ = try plainWord()
        linebreak()
        guard current == .inWord else { throw ShellSyntaxError("'for' without 'in' is not supported") }
        index += 1
        var items: [ShellWord] = []
        while current == .word || current == .fiWord {
            items.append(ShellWord(role: "TOKEN", text: try plainWord()))
        }
        if current == .semicolon {
            index += 1
            linebreak()
        } else if current == .newline {
            linebreak()
        } else {
            throw unexpected()
        }
        return .group(try doGroup(), words: items)
    }

    private mutating func caseClause() throws(ShellSyntaxError) -> ShellCommand {
        index += 1
        _ = try plainWord()
        linebreak()
        try expect(.inWord)
        linebreak()
        var body: [ShellCommand] = []
        var patterns: [ShellWord] = []
        while current != .esacWord {
            if current == .leftParen { index += 1 }
            patterns.append(ShellWord(role: "TOKEN", text: try plainWord()))
            while current == .pipe {
                index += 1
                patterns.append(ShellWord(role: "TOKEN", text: try plainWord()))
            }
            try expect(.rightParen)
            linebreak()
            if current != .doubleSemicolon && current != .esacWord {
                body += try compoundList()
            }
            if current == .doubleSemicolon {
                index += 1
                linebreak()
            } else if current != .esacWord {
                throw unexpected()
            }
        }
        index += 1
        return .group(body, words: patterns)
    }

    private var isRedirection: Bool {
        switch current {
        case .ioNumber?, .less?, .greater?, .duplicateInput?, .duplicateOutput?, .append?, .readWrite?, .clobber?,
             .hereDocument?, .hereDocumentStrip?:
            return true
        default:
            return false
        }
    }

    /// A redirection: its target (or here-document body) is not scanned.
    private mutating func redirection() throws(ShellSyntaxError) {
        if current == .ioNumber { index += 1 }
        switch current {
        case .hereDocument?, .hereDocumentStrip?:
            index += 1
            try expect(.hereName)
            try expect(.word)
        case .less?, .greater?, .duplicateInput?, .duplicateOutput?, .append?, .readWrite?, .clobber?:
            index += 1
            try expect(.word)
        default:
            throw unexpected()
        }
    }

    private mutating func simpleCommand() throws(ShellSyntaxError) -> ShellCommand {
        var words: [ShellWord] = []
        var assignments: [ShellWord] = []
        var hasPrefix = false
        while true {
            if current == .assignment {
                let text = tokens[index].text
                let name = String(text.prefix { $0 != "=" })
                assignments.append(ShellWord(role: name, text: String(text.dropFirst(name.count + 1))))
                index += 1
            } else if isRedirection {
                try redirection()
            } else {
                break
            }
            hasPrefix = true
        }
        if hasPrefix {
            guard current == .word || current == .fiWord else { return .simple(words + assignments) }
            words.append(ShellWord(role: "cmd_word", text: tokens[index].text))
        } else {
            guard current == .word else { throw unexpected() }
            words.append(ShellWord(role: "cmd_name", text: tokens[index].text))
        }
        index += 1
        suffix: while true {
            switch current {
            case .word?, .forWord?, .doneWord?, .doWord?, .untilWord?, .assignment?, .ifWord?, .thenWord?, .bang?,
                 .fiWord?:
                words.append(ShellWord(role: "TOKEN", text: tokens[index].text))
                index += 1
            default:
                if isRedirection {
                    try redirection()
                } else {
                    break suffix
                }
            }
        }
        return .simple(words + assignments)
    }
}
