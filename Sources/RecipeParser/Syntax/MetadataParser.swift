public import BakeBasics

/// The statements of one metadata file, or the diagnostics that stopped BitBake from reading it.
public struct ParsedFile: Sendable {
    public var path: String
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.contains { $0.level == .error } }
}

/// Reads metadata text into statements the way BitBake's two handlers do.
///
/// `.conf` files go through ConfHandler's loop (no functions, continuation lines joined before
/// comments are skipped); `.bb`, `.bbclass`, `.bbappend` and `.inc` files through BBHandler's
/// line state machine (functions, `def`, `addtask`, `inherit` ...). Both end in the same
/// assignment/include grammar.
public struct MetadataParser {
    public enum Dialect: Sendable {
        case recipe
        case configuration(baseConfig: Bool)
    }

    public static func dialect(for path: String) -> Dialect? {
        if path.hasSuffix(".conf") { return .configuration(baseConfig: false) }
        for ext in [".bb", ".bbclass", ".inc", ".bbappend"] where path.hasSuffix(ext) { return .recipe }
        return nil
    }

    /// Splits text into lines as Python's universal-newline `readline` does.
    static func lines(of text: String) -> [Substring] {
        // Line ends are ASCII, so the UTF-8 view finds them at scalar boundaries without
        // decoding the rest.
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var u = start
        while u != bytes.endIndex {
            let c = bytes[u]
            if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                lines.append(text[start..<u])
                var next = bytes.index(after: u)
                if c == UInt8(ascii: "\r"), next != bytes.endIndex, bytes[next] == UInt8(ascii: "\n") { next = bytes.index(after: next) }
                u = next
                start = u
                continue
            }
            u = bytes.index(after: u)
        }
        if start != bytes.endIndex { lines.append(text[start...]) }
        return lines
    }

    public static func parse(text: String, path: String, dialect: Dialect) -> ParsedFile {
        switch dialect {
        case .recipe:
            var machine = RecipeLineMachine(path: path, className: Self.className(of: path))
            return machine.run(lines(of: text))
        case .configuration(let baseConfig):
            return parseConfiguration(lines(of: text), path: path, baseConfig: baseConfig)
        }
    }

    static func className(of path: String) -> String {
        guard path.hasSuffix(".bbclass") else { return "" }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return String(base.dropLast(".bbclass".count))
    }

    private static func parseConfiguration(_ lines: [Substring], path: String, baseConfig: Bool) -> ParsedFile {
        var statements: [Statement] = []
        var diagnostics: [Diagnostic] = []
        var index = 0
        while index < lines.count {
            let first = index
            var s = rstrip(lines[index])
            index += 1
            if s.isEmpty { continue }
            while s.unicodeScalars.last == "\\" {
                let next = index < lines.count ? rstrip(lines[index]) : ""
                index += 1
                if s.hasPrefix("#"), !next.hasPrefix("#") {
                    diagnostics.append(.error(
                        .syntax, "there is a confusing multiline, partially commented expression starting here; "
                            + "clarify whether it is all a comment or should be parsed",
                        at: SourceLocation(file: path, line: first + 1, column: 1), sourceLine: String(lines[first])))
                    break
                }
                s = String(s.unicodeScalars.dropLast()) + next
                if s.isEmpty { break }
            }
            if s.isEmpty || s.hasPrefix("#") { continue }
            let location = SourceLocation(file: path, line: index, column: 1)
            switch statement(ScalarLine(s), recipe: false, baseConfig: baseConfig, location: location) {
            case .success(let st): statements.append(st)
            case .failure(let d): diagnostics.append(d)
            }
        }
        return ParsedFile(path: path, statements: statements, diagnostics: diagnostics)
    }

    static func rstrip(_ s: Substring) -> String {
        if let last = s.utf8.last, last < 0x80, !ScalarClass.isSpace(Unicode.Scalar(last)) { return String(s) }
        // Walk back by index: `dropLast()` on a scalar view counts the whole view each time.
        let scalars = s.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let before = scalars.index(before: end)
            guard ScalarClass.isSpace(scalars[before]) else { break }
            end = before
        }
        return String(scalars[scalars.startIndex..<end])
    }

    /// ConfHandler's `feeder`: the statements shared by both dialects.
    static func statement(
        _ line: ScalarLine, recipe: Bool, baseConfig: Bool, location: SourceLocation
    ) -> Result<Statement, Diagnostic> {
        let text = line.string(0..<line.count)
        if let a = LineGrammar.assignment(line) {
            if a.name.isEmpty {
                return .failure(.error(.syntax, "empty variable name in assignment", at: location, sourceLine: text))
            }
            return .success(Statement(.assignment(a), at: location))
        }
        if let arg = line.keywordArgument("include") { return .success(Statement(.include(arg, required: false), at: location)) }
        if let arg = line.keywordArgument("require") { return .success(Statement(.include(arg, required: true), at: location)) }
        if let arg = line.keywordArgument("include_all") { return .success(Statement(.includeAll(arg), at: location)) }
        if let name = LineGrammar.export(line) { return .success(Statement(.export(name), at: location)) }
        if let name = LineGrammar.unset(line) { return .success(Statement(.unset(name), at: location)) }
        if let (name, flag) = LineGrammar.unsetFlag(line) { return .success(Statement(.unsetFlag(name, flag: flag), at: location)) }
        if baseConfig, !recipe, let args = LineGrammar.splitArguments(line, keyword: "addpylib", count: 2) {
            return .success(Statement(.addPylib(directory: args[0], namespace: args[1]), at: location))
        }
        if let args = LineGrammar.splitArguments(line, keyword: "addfragments", count: 4) {
            return .success(Statement(
                .addFragments(prefix: args[0], variable: args[1], flaggedVariables: args[2], builtinFragments: args[3]),
                at: location))
        }
        return .failure(.error(.syntax, "unparsed line: '\(text)'", at: location, sourceLine: text))
    }
}
