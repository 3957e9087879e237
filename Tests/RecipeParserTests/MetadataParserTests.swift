import BakeBasics
import Testing
@testable import BakeRecipeParser

/// How whole files are read: BBHandler's line state machine for recipes, classes and includes,
/// ConfHandler's loop for `.conf` files, and the diagnostics for lines BitBake rejects.
@Suite struct MetadataParserTests {
    private func parseRecipe(_ text: String, path: String = "/layer/recipe.bb") -> ParsedFile {
        MetadataParser.parse(text: text, path: path, dialect: .recipe)
    }

    private func parseConf(_ text: String, path: String = "/layer/conf/local.conf") -> ParsedFile {
        MetadataParser.parse(text: text, path: path, dialect: .configuration(baseConfig: false))
    }

    private func assignments(_ file: ParsedFile) -> [Assignment] {
        file.statements.compactMap { if case .assignment(let a) = $0.kind { a } else { nil } }
    }

    private func functions(_ file: ParsedFile) -> [Statement.Function] {
        file.statements.compactMap { if case .function(let f) = $0.kind { f } else { nil } }
    }

    // MARK: Lines

    @Test func linesSplitLikePythonUniversalNewlines() {
        #expect(MetadataParser.lines(of: "a\r\nb\rc\nd").map(String.init) == ["a", "b", "c", "d"])
        #expect(MetadataParser.lines(of: "a\n\nb\n").map(String.init) == ["a", "", "b"])
        #expect(MetadataParser.lines(of: "").isEmpty)
    }

    @Test func dialectFollowsTheFileExtension() {
        #expect(MetadataParser.dialect(for: "x.bb").map(isRecipe) == true)
        #expect(MetadataParser.dialect(for: "x.bbclass").map(isRecipe) == true)
        #expect(MetadataParser.dialect(for: "x.bbappend").map(isRecipe) == true)
        #expect(MetadataParser.dialect(for: "x.inc").map(isRecipe) == true)
        #expect(MetadataParser.dialect(for: "x.conf").map(isRecipe) == false)
        #expect(MetadataParser.dialect(for: "x.txt") == nil)
    }

    private func isRecipe(_ d: MetadataParser.Dialect) -> Bool {
        if case .recipe = d { return true }
        return false
    }

    @Test func statementsCarryTheirFileAndLine() throws {
        let file = parseRecipe("A = \"1\"\n\n# comment\nB = \"2\"\n")
        #expect(!file.hasErrors)
        #expect(assignments(file).map(\.name) == ["A", "B"])
        #expect(file.statements.map(\.location.line) == [1, 4])
        #expect(file.statements.allSatisfy { $0.location.file == "/layer/recipe.bb" })
    }

    @Test func crlfAndTrailingWhitespaceAreIgnored() {
        let file = parseRecipe("A = \"x\"\r\nB = \"y\"   \r\nC = 'z'\t\r\n")
        #expect(!file.hasErrors)
        #expect(assignments(file).map(\.value) == ["x", "y", "z"])
        #expect(file.statements.map(\.location.line) == [1, 2, 3])
    }

    // MARK: Continuations and comments

    @Test func continuationLinesAreJoinedWithoutTheBackslash() throws {
        let file = parseRecipe("A = \"a \\\n  b \\\n c\"\nB = \"x\"\n")
        #expect(!file.hasErrors)
        let a = assignments(file)
        #expect(a.first?.value == "a   b  c")
        // The statement is reported at the line that completed it, as BitBake's feeder sees it.
        #expect(file.statements.map(\.location.line) == [3, 4])
    }

    @Test func continuationLinesInConfigurationFiles() {
        let file = parseConf("A = \"a \\\n b\"\n")
        #expect(!file.hasErrors)
        #expect(assignments(file).first?.value == "a  b")
        #expect(file.statements.first?.location.line == 2)
    }

    @Test func commentsAreSkippedEvenWhenContinued() {
        let file = parseRecipe("# one \\\n# two\nA = \"x\"\n")
        #expect(!file.hasErrors)
        #expect(assignments(file).map(\.name) == ["A"])
    }

    @Test func hashInsideAValueIsNotAComment() {
        #expect(assignments(parseRecipe("A = \"x # y\"\n")).first?.value == "x # y")
    }

    @Test func commentInsideAMultilineExpressionIsAnError() throws {
        let file = parseRecipe("A = \"a \\\n# c\nb\"\n")
        let d = try #require(file.diagnostics.first)
        #expect(d.kind == .syntax)
        #expect(d.message.contains("comment in the middle of a multiline expression"))
        #expect(d.location?.line == 2)
        #expect(d.sourceLine == "# c")
    }

    @Test func partiallyCommentedMultilineIsAnError() throws {
        let recipe = parseRecipe("B = \"1\"\n# c \\\nA = \"x\"\n")
        let d = try #require(recipe.diagnostics.first)
        #expect(d.message.contains("confusing multiline"))
        #expect(d.location?.line == 2)

        let conf = parseConf("# c \\\nA = \"x\"\n")
        #expect(conf.diagnostics.first?.message.contains("confusing multiline") == true)
        #expect(conf.diagnostics.first?.location?.line == 1)
    }

    @Test func aContinuationNeverFinishedIsAnError() {
        let file = parseRecipe("A = \"x\"\nB = \"y \\\n")
        #expect(file.hasErrors)
        #expect(file.diagnostics.first?.location?.line == 2)
    }

    // MARK: Functions

    @Test func shellFunctionBody() throws {
        let file = parseRecipe("do_install() {\n\techo hi\n    echo there\n}\n")
        #expect(!file.hasErrors)
        let f = try #require(functions(file).first)
        #expect(f.name == "do_install")
        #expect(!f.isPython && !f.isFakeroot)
        // BitBake appends an empty line for the closing brace.
        #expect(f.body == ["\techo hi", "    echo there", ""])
        // Blocks are reported at the line that closed them.
        #expect(file.statements.first?.location.line == 4)
    }

    @Test func functionBodyLinesAreKeptVerbatimExceptTrailingSpace() throws {
        // Inside a function nothing is a statement: not assignments, not comments, not `\`.
        let file = parseRecipe("do_x() {\n\tA = \"x\"\n\t# c \\\n\n}  \n")
        let f = try #require(functions(file).first)
        #expect(f.body == ["\tA = \"x\"", "\t# c \\", "", ""])
        #expect(assignments(file).isEmpty)
    }

    @Test func anonymousAndFakerootFunctions() throws {
        let file = parseRecipe("python () {\n    pass\n}\nfakeroot do_x() {\n    :\n}\npython do_y() {\n    pass\n}\n")
        let fs = functions(file)
        #expect(fs.map(\.name) == [Statement.Function.anonymousName, "do_x", "do_y"])
        #expect(fs.map(\.isPython) == [true, false, true])
        #expect(fs.map(\.isFakeroot) == [false, true, false])
    }

    @Test func unclosedFunctionIsAnErrorAtItsFirstLine() throws {
        let file = parseRecipe("A = \"1\"\ndo_x() {\n    echo\n")
        let d = try #require(file.diagnostics.first)
        #expect(d.message.contains("do_x"))
        #expect(d.message.contains("never closed"))
        #expect(d.location?.line == 2)
    }

    @Test func functionsAreNotPartOfConfigurationFiles() {
        let file = parseConf("do_x() {\n    echo\n}\n")
        #expect(file.hasErrors)
        #expect(file.diagnostics.first?.message.contains("unparsed line") == true)
    }

    @Test func defBodyRunsUntilAnUnindentedLine() throws {
        let file = parseRecipe("def foo(d):\n    x = 1\n\n# comment\n    return x\nA = \"x\"\n")
        #expect(!file.hasErrors)
        guard case .pythonDef(let name, let body) = file.statements.first?.kind else {
            Issue.record("expected a def, got \(String(describing: file.statements.first?.kind))")
            return
        }
        #expect(name == "foo")
        #expect(body == ["def foo(d):", "    x = 1", "", "# comment", "    return x"])
        #expect(file.statements.first?.location.line == 6)
        #expect(assignments(file).map(\.name) == ["A"])
    }

    @Test func defAtEndOfFileIsClosed() throws {
        let file = parseRecipe("def bar():\n    return 2\n")
        #expect(!file.hasErrors)
        guard case .pythonDef(let name, let body) = file.statements.last?.kind else {
            Issue.record("expected a def")
            return
        }
        #expect(name == "bar")
        #expect(body == ["def bar():", "    return 2"])
        // BitBake feeds the closing empty line with the line count plus one.
        #expect(file.statements.last?.location.line == 3)
    }

    // MARK: Keywords

    @Test func includeRequireInherit() throws {
        let file = parseRecipe("include a.inc b.inc\nrequire ${BPN}.inc\ninherit autotools pkgconfig\ninherit_defer native\n")
        #expect(!file.hasErrors)
        let kinds = file.statements.map(\.kind)
        guard kinds.count == 4,
              case .include(let a, let aRequired) = kinds[0],
              case .include(let b, let bRequired) = kinds[1],
              case .inherit(let classes) = kinds[2],
              case .inheritDefer(let deferred) = kinds[3]
        else {
            Issue.record("unexpected statements: \(kinds)")
            return
        }
        #expect(a == "a.inc b.inc" && !aRequired)
        #expect(b == "${BPN}.inc" && bRequired)
        #expect(classes == "autotools pkgconfig")
        #expect(deferred == "native")
    }

    @Test func addtaskSplitsAfterAndBefore() throws {
        let file = parseRecipe("addtask compile after do_configure before do_install\n")
        guard case .addTask(let tasks, let before, let after) = file.statements.first?.kind else {
            Issue.record("expected addtask")
            return
        }
        #expect(tasks == "compile")
        #expect(after == "do_configure")
        #expect(before == "do_install")
    }

    @Test func addtaskRepeatedAfterClausesConcatenateWithoutASpace() throws {
        // BitBake's string splitting glues the pieces of two `after` clauses together.
        let file = parseRecipe("addtask x after a before b after c\n")
        guard case .addTask(let tasks, let before, let after) = file.statements.first?.kind else {
            Issue.record("expected addtask")
            return
        }
        #expect(tasks == "x")
        #expect(after == "ac")
        #expect(before == "b")
    }

    @Test func addtaskWithAKeywordInTheNameIsAnError() {
        let file = parseRecipe("addtask do_foo:append_bar\n")
        #expect(file.hasErrors)
        #expect(file.diagnostics.first?.message.contains(":append") == true)
    }

    @Test func deltaskAndAddhandler() {
        let file = parseRecipe("deltask do_fetch # gone\naddhandler h1 h2\n")
        #expect(!file.hasErrors)
        guard file.statements.count == 2,
              case .delTask(let task) = file.statements[0].kind,
              case .addHandler(let names) = file.statements[1].kind else {
            Issue.record("unexpected statements")
            return
        }
        #expect(task == "do_fetch ")
        #expect(names == ["h1", "h2"])
    }

    @Test func exportFunctionsKnowsItsClass() {
        let file = parseRecipe("EXPORT_FUNCTIONS do_compile  do_install\n", path: "/l/classes/my-cls.bbclass")
        guard case .exportFunctions(let names, let className) = file.statements.first?.kind else {
            Issue.record("expected EXPORT_FUNCTIONS")
            return
        }
        #expect(names == ["do_compile", "do_install"])
        #expect(className == "my-cls")
    }

    @Test func exportUnsetAndUnsetFlag() {
        let file = parseRecipe("export A\nunset B\nunset C[doc]\n")
        guard file.statements.count == 3,
              case .export(let e) = file.statements[0].kind,
              case .unset(let u) = file.statements[1].kind,
              case .unsetFlag(let n, let f) = file.statements[2].kind else {
            Issue.record("unexpected statements")
            return
        }
        #expect(e == "A" && u == "B" && n == "C" && f == "doc")
    }

    @Test func addpylibIsOnlyForBaseConfiguration() {
        let base = MetadataParser.parse(text: "addpylib ${LAYERDIR}/lib oe\n", path: "/l/conf/layer.conf",
                                        dialect: .configuration(baseConfig: true))
        guard case .addPylib(let dir, let ns) = base.statements.first?.kind else {
            Issue.record("expected addpylib")
            return
        }
        #expect(dir == "${LAYERDIR}/lib" && ns == "oe")
        #expect(parseConf("addpylib ${LAYERDIR}/lib oe\n").hasErrors)
    }

    // MARK: Diagnostics

    @Test func unparsedLineDiagnosticNamesFileLineColumnAndShowsTheLine() throws {
        let file = parseRecipe("A = \"ok\"\nA = x\n", path: "/layer/recipe.bb")
        #expect(file.statements.count == 1)
        let d = try #require(file.diagnostics.first)
        #expect(d.level == .error)
        #expect(d.kind == .syntax)
        #expect(d.location == SourceLocation(file: "/layer/recipe.bb", line: 2, column: 1))
        #expect(d.sourceLine == "A = x")
        #expect(d.description == "/layer/recipe.bb:2:1: error: unparsed line: 'A = x'\n    A = x\n    ^")
    }

    @Test func parsingStopsAtTheFirstError() {
        let file = parseRecipe("bad one\nbad two\nA = \"x\"\n")
        #expect(file.diagnostics.count == 1)
        #expect(file.diagnostics.first?.location?.line == 1)
    }

    @Test func emptyVariableNameIsAnError() throws {
        let d = try #require(parseRecipe("export = \"x\"\n").diagnostics.first)
        #expect(d.message.contains("empty variable name"))
    }

    @Test func diagnosticDescriptionPutsTheCaretUnderTheColumn() {
        let d = Diagnostic.error(.syntax, "bad operator", at: SourceLocation(file: "f.bb", line: 7, column: 3),
                                 sourceLine: "A :+ \"x\"")
        #expect(d.description == "f.bb:7:3: error: bad operator\n    A :+ \"x\"\n      ^")
    }

    @Test func diagnosticDescriptionWithoutColumnOrLine() {
        let lineOnly = Diagnostic.error(.fatal, "boom", at: SourceLocation(file: "f.bb", line: 7), sourceLine: "X")
        #expect(lineOnly.description == "f.bb:7: error: boom\n    X")
        let noLocation = Diagnostic(.warning, .expansion, "careful")
        #expect(noLocation.description == "warning: careful")
    }

    @Test func diagnosticDescriptionTruncatesVeryLongLines() {
        let long = String(repeating: "x", count: 300)
        let d = Diagnostic.error(.syntax, "long", at: SourceLocation(file: "f", line: 1, column: 1), sourceLine: long)
        let shown = d.description.split(separator: "\n")[1]
        #expect(shown == "    " + String(repeating: "x", count: 200) + "...")
    }
}
