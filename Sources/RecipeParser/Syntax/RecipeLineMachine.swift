import BakeBasics

/// BBHandler's `feeder`: a line state machine for recipes, classes and includes.
///
/// It is in a shell or Python function block (`name() {` up to a lone `}`), in a top-level
/// `def` (until a line that is neither indented, empty nor a comment), collecting a
/// backslash continuation, or reading single statements.
struct RecipeLineMachine {
    let path: String
    let className: String

    private var statements: [Statement] = []
    private var diagnostics: [Diagnostic] = []
    private var function: (name: String, line: Int, python: Bool, fakeroot: Bool)?
    private var pythonDef: String?
    private var body: [String] = []
    private var residue: [String] = []
    private var residueStart = 0

    init(path: String, className: String) {
        self.path = path
        self.className = className
    }

    mutating func run(_ lines: [Substring]) -> ParsedFile {
        for (i, raw) in lines.enumerated() {
            feed(MetadataParser.rstrip(raw), line: i + 1)
            if !diagnostics.isEmpty { break }  // BitBake stops at the first error in a file
        }
        if diagnostics.isEmpty {
            if pythonDef != nil { feed("", line: lines.count + 1, eof: true) }
            if !residue.isEmpty {
                fail("unparsed lines at end of file: a continuation line is never finished", line: residueStart)
            } else if let function {
                fail("function \(function.name) is never closed", line: function.line)
            }
        }
        return ParsedFile(path: path, statements: statements, diagnostics: diagnostics)
    }

    private mutating func fail(_ message: String, line: Int, text: String? = nil) {
        diagnostics.append(.error(.syntax, message, at: SourceLocation(file: path, line: line, column: 1), sourceLine: text))
    }

    private func location(_ line: Int) -> SourceLocation { SourceLocation(file: path, line: line, column: 1) }

    private mutating func feed(_ s: String, line: Int, eof: Bool = false) {
        if let f = function {
            if s == "}" {
                body.append("")
                statements.append(Statement(
                    .function(.init(name: f.name, body: body, isPython: f.python, isFakeroot: f.fakeroot,
                                    closedAt: location(line))),
                    at: location(line)))
                function = nil
                body = []
            } else {
                body.append(s)
            }
            return
        }

        if let name = pythonDef {
            let continues = s.isEmpty || s.hasPrefix("#") || s.unicodeScalars.first.map(ScalarClass.isSpace) == true
            if continues && !eof {
                body.append(s)
                return
            }
            statements.append(Statement(.pythonDef(name: name, body: body), at: location(line)))
            body = []
            pythonDef = nil
            if eof { return }
        }

        if let first = residue.first, first.isEmpty {
            // BitBake indexes the first character of the first continued line and fails.
            fail("a continuation line may not be empty", line: residueStart)
            return
        }
        if s.hasPrefix("#"), let first = residue.first, !first.hasPrefix("#") {
            fail("comment in the middle of a multiline expression; this syntax is invalid", line: line, text: s)
            return
        }
        if let first = residue.first, first.hasPrefix("#"), !s.hasPrefix("#") {
            fail("confusing multiline, partially commented expression; clarify whether it is all a comment "
                 + "or should be parsed", line: line - residue.count, text: first)
            return
        }
        if s.unicodeScalars.last == "\\" {
            if residue.isEmpty { residueStart = line }
            residue.append(String(s.unicodeScalars.dropLast()))
            return
        }
        let joined = residue.isEmpty ? s : residue.joined() + s
        residue = []
        if joined.isEmpty || joined.hasPrefix("#") { return }

        let text = ScalarLine(joined)
        if let start = LineGrammar.functionStart(text) {
            function = (start.name ?? Statement.Function.anonymousName, line, start.python, start.fakeroot)
            return
        }
        if let name = LineGrammar.pythonDef(text) {
            body.append(joined)
            pythonDef = name
            return
        }
        if let arg = text.keywordArgument("EXPORT_FUNCTIONS") {
            statements.append(Statement(.exportFunctions(splitWords(arg), className: className), at: location(line)))
            return
        }
        if let arg = LineGrammar.taskArgument(text, keyword: "addtask") {
            addTask(arg, line: line, text: joined)
            return
        }
        if let arg = LineGrammar.taskArgument(text, keyword: "deltask") {
            statements.append(Statement(.delTask(arg), at: location(line)))
            return
        }
        if let arg = text.keywordArgument("addhandler") {
            statements.append(Statement(.addHandler(splitWords(arg)), at: location(line)))
            return
        }
        if let arg = text.keywordArgument("inherit") {
            statements.append(Statement(.inherit(arg), at: location(line)))
            return
        }
        if let arg = text.keywordArgument("inherit_defer") {
            statements.append(Statement(.inheritDefer(arg), at: location(line)))
            return
        }
        switch MetadataParser.statement(text, recipe: true, baseConfig: false, location: location(line)) {
        case .success(let st): statements.append(st)
        case .failure(let d): diagnostics.append(d)
        }
    }

    /// `addtask NAMES [after A...] [before B...]`, split on the literal words as BitBake does.
    private mutating func addTask(_ arg: String, line: Int, text: String) {
        func split(_ s: String, _ separator: String) -> [String] { s.splitOnText(separator) }
        let tasks = split(split(arg, " before ")[0], " after ")[0]
        var after = "", before = ""
        for part in split(arg, " before ") {
            let pieces = split(part, " after ")
            if pieces.count > 1 { after += pieces[1...].joined(separator: " ") }
        }
        for part in split(arg, " after ") {
            let pieces = split(part, " before ")
            if pieces.count > 1 { before += pieces[1...].joined(separator: " ") }
        }
        for word in splitWords(text) {
            for keyword in [":append", ":prepend", ":remove"] where word.containsText(keyword + "_") {
                fail("task name '\(word)' contains the keyword \(keyword); rename the task", line: line, text: text)
                return
            }
        }
        statements.append(Statement(.addTask(tasks: tasks, before: before, after: after), at: location(line)))
    }
}

/// Python's `str.split()` with no argument: runs of whitespace separate, ends are trimmed.
func splitWords(_ s: String) -> [String] {
    if let words = splitASCIIWords(s) { return words }
    var words: [String] = []
    var current = String.UnicodeScalarView()
    for c in s.unicodeScalars {
        if ScalarClass.isSpace(c) {
            if !current.isEmpty { words.append(String(current)); current = .init() }
        } else {
            current.append(c)
        }
    }
    if !current.isEmpty { words.append(String(current)) }
    return words
}

/// `splitWords` for ASCII text (nearly all of it): whitespace is then one of six byte ranges,
/// and words are cut from the UTF-8 bytes without decoding. Nil for other text.
private func splitASCIIWords(_ s: String) -> [String]? {
    var s = s
    return s.withUTF8 { bytes -> [String]? in
        var words: [String] = []
        var start = -1
        for (i, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x1F) {
                if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    start = -1
                }
            } else if start < 0 {
                start = i
            }
        }
        if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
        return words
    }
}
