import Testing
@testable import BakeRecipeParser

/// BitBake's single-line grammar: ConfHandler's `__config_regexp__` and friends, and the
/// BBHandler keyword regexps. Expected values were taken from the regexps of BitBake itself.
@Suite struct LineGrammarTests {
    private func assignment(_ text: String) -> Assignment? {
        LineGrammar.assignment(ScalarLine(text))
    }

    // MARK: Assignments

    @Test("each operator is recognised", arguments: [
        ("A = \"x\"", Assignment.Operator.set),
        ("A := \"x\"", .immediate),
        ("A ??= \"x\"", .weakDefault),
        ("A ?= \"x\"", .defaultValue),
        ("A += \"x\"", .append),
        ("A =+ \"x\"", .prepend),
        ("A .= \"x\"", .appendNoSpace),
        ("A =. \"x\"", .prependNoSpace),
    ])
    func operators(line: String, op: Assignment.Operator) throws {
        let a = try #require(assignment(line))
        #expect(a.op == op)
        #expect(a.name == "A")
        #expect(a.value == "x")
        #expect(a.flag == nil)
        #expect(!a.exported)
    }

    @Test func spacingAroundTheOperatorIsOptional() throws {
        let tight = try #require(assignment("A=\"x\""))
        #expect(tight.name == "A" && tight.op == .set && tight.value == "x")
        let wide = try #require(assignment("A=.  \"x\""))
        #expect(wide.op == .prependNoSpace && wide.value == "x")
        let tabs = try #require(assignment("A\t?=\t'y'"))
        #expect(tabs.op == .defaultValue && tabs.value == "y")
    }

    @Test func valueIsEverythingBetweenTheOuterQuotes() throws {
        #expect(assignment("A = \"\"")?.value == "")
        #expect(assignment("A = \"a\" \"b\"")?.value == "a\" \"b")
        #expect(assignment("A = \"it's\"")?.value == "it's")
        #expect(assignment("A = 'say \"hi\"'")?.value == "say \"hi\"")
        #expect(assignment("A = \"${B} # not a comment\"")?.value == "${B} # not a comment")
        #expect(assignment("A =\"\"\"\"")?.value == "\"\"")
    }

    @Test func exactlyThreeQuotesOfTheOpeningKindAreRejected() {
        #expect(assignment("A = \"a\"b\"") == nil)
        #expect(assignment("A = 'a'b'") == nil)
    }

    @Test func fourQuotesAreAccepted() {
        #expect(assignment("A = \"a\"b\"c\"")?.value == "a\"b\"c")
        #expect(assignment("A = 'a'b'c'")?.value == "a'b'c")
    }

    @Test func threeQuotesOfTheOtherKindAreFine() {
        // The lookahead only counts quotes of the kind that opens the value.
        #expect(assignment("A = 'a\"b\"c\"'")?.value == "a\"b\"c\"")
    }

    @Test func unquotedOrUnterminatedValuesAreNotAssignments() {
        #expect(assignment("A = x") == nil)
        #expect(assignment("A = \"x") == nil)
        #expect(assignment("A = \"x'") == nil)
        #expect(assignment("A = \"") == nil)
        #expect(assignment("A == \"x\"") == nil)
    }

    @Test func flagsAreParsed() throws {
        let doc = try #require(assignment("do_install[doc] = \"Installs\""))
        #expect(doc.name == "do_install")
        #expect(doc.flag == "doc")
        #expect(doc.value == "Installs")
        #expect(assignment("A[f@x/y] = \"v\"")?.flag == "f@x/y")
        #expect(assignment("A[vardeps] += \"B\"")?.op == .append)
    }

    @Test func flagMustStartWithANameCharacter() {
        #expect(assignment("A[@x] = \"v\"") == nil)
        #expect(assignment("A[] = \"v\"") == nil)
    }

    @Test func namesMayHoldOverridesAndReferences() throws {
        #expect(assignment("A:append:foo = \"x\"")?.name == "A:append:foo")
        #expect(assignment("${X}Y = \"v\"")?.name == "${X}Y")
        #expect(assignment("RDEPENDS:${PN}-dev += \"x\"")?.name == "RDEPENDS:${PN}-dev")
        #expect(assignment("a.b-c+d/e~f = \"v\"")?.name == "a.b-c+d/e~f")
    }

    @Test func exportPrefix() throws {
        let a = try #require(assignment("export A = \"x\""))
        #expect(a.exported && a.name == "A")
        let spaced = try #require(assignment("export  B  =  \"v\""))
        #expect(spaced.exported && spaced.name == "B" && spaced.value == "v")
        // Without a space `export` is part of the name.
        let glued = try #require(assignment("exportA = \"x\""))
        #expect(!glued.exported && glued.name == "exportA")
    }

    @Test func exportAloneAsANameGivesAnEmptyName() throws {
        // BitBake's regexp matches with `export ` as the prefix and an empty name (an error later).
        let a = try #require(assignment("export = \"x\""))
        #expect(a.name == "")
        #expect(a.exported)
    }

    @Test func nonAsciiValuesArePreserved() {
        #expect(assignment("SUMMARY = \"Grüße – ☃\"")?.value == "Grüße – ☃")
    }

    // MARK: export / unset

    @Test func exportStatement() {
        #expect(LineGrammar.export(ScalarLine("export A")) == "A")
        #expect(LineGrammar.export(ScalarLine("export   ${X}")) == "${X}")
        #expect(LineGrammar.export(ScalarLine("export A:foo")) == nil)
        #expect(LineGrammar.export(ScalarLine("exportA")) == nil)
        #expect(LineGrammar.export(ScalarLine("export A B")) == nil)
    }

    @Test func unsetStatement() {
        #expect(LineGrammar.unset(ScalarLine("unset A")) == "A")
        #expect(LineGrammar.unset(ScalarLine("unset  ${X}")) == "${X}")
        #expect(LineGrammar.unset(ScalarLine("unset A:foo")) == nil)
        #expect(LineGrammar.unset(ScalarLine("unset A[doc]")) == nil)
        #expect(LineGrammar.unset(ScalarLine("unsetA")) == nil)
    }

    @Test func unsetFlagStatement() throws {
        let doc = try #require(LineGrammar.unsetFlag(ScalarLine("unset A[doc]")))
        #expect(doc.0 == "A" && doc.1 == "doc")
        let at = try #require(LineGrammar.unsetFlag(ScalarLine("unset do_x[do@c]")))
        #expect(at.0 == "do_x" && at.1 == "do@c")
        // A one-character flag does not match `[..][..@]+`, and `/` is not allowed here.
        #expect(LineGrammar.unsetFlag(ScalarLine("unset A[d]")) == nil)
        #expect(LineGrammar.unsetFlag(ScalarLine("unset A[d/c]")) == nil)
        #expect(LineGrammar.unsetFlag(ScalarLine("unset A")) == nil)
    }

    // MARK: Functions

    @Test("function starts", arguments: [
        ("python () {", nil as String?, true, false),
        ("python(){", nil, true, false),
        ("fakeroot do_x() {", "do_x", false, true),
        ("python do_x() {", "do_x", true, false),
        ("do_x () {", "do_x", false, false),
        ("python fakeroot do_x() {", "do_x", true, true),
        ("fakeroot python do_x() {", "do_x", true, true),
        ("do_x:append() {", "do_x:append", false, false),
        ("python do_${PN}() {", "do_${PN}", true, false),
        ("pythondo() {", "pythondo", false, false),
        ("do_x ( ) {", "do_x", false, false),
    ])
    func functionStart(line: String, name: String?, python: Bool, fakeroot: Bool) throws {
        let start = try #require(LineGrammar.functionStart(ScalarLine(line)))
        #expect(start.name == name)
        #expect(start.python == python)
        #expect(start.fakeroot == fakeroot)
    }

    @Test("not function starts", arguments: [
        "do_x() { ", "do_x() {echo", "do_x {", "do_x(a) {", "do_x()", "python", "A = \"x() {\"",
    ])
    func notFunctionStart(line: String) {
        #expect(LineGrammar.functionStart(ScalarLine(line)) == nil)
    }

    @Test func pythonDef() {
        #expect(LineGrammar.pythonDef(ScalarLine("def foo(d):")) == "foo")
        #expect(LineGrammar.pythonDef(ScalarLine("def  bar(a, b) :")) == "bar")
        #expect(LineGrammar.pythonDef(ScalarLine("def foo")) == nil)
        #expect(LineGrammar.pythonDef(ScalarLine("deffoo():")) == nil)
        #expect(LineGrammar.pythonDef(ScalarLine("def (x):")) == nil)
    }

    // MARK: Tasks

    @Test func addtaskArgumentStopsAtAComment() {
        #expect(LineGrammar.taskArgument(ScalarLine("addtask do_x after do_a before do_b"), keyword: "addtask")
            == "do_x after do_a before do_b")
        #expect(LineGrammar.taskArgument(ScalarLine("addtask do_x # comment"), keyword: "addtask") == "do_x ")
        #expect(LineGrammar.taskArgument(ScalarLine("deltask do_y"), keyword: "deltask") == "do_y")
        #expect(LineGrammar.taskArgument(ScalarLine("addtask"), keyword: "addtask") == nil)
        #expect(LineGrammar.taskArgument(ScalarLine("addtaskfoo"), keyword: "addtask") == nil)
    }

    @Test func addtaskSpacesBeforeACommentGiveOneBack() {
        // `addtask\s+([^#\n]+)`: with only spaces before `#`, `\s+` leaves one space to the group.
        #expect(LineGrammar.taskArgument(ScalarLine("addtask  #c"), keyword: "addtask") == " ")
        #expect(LineGrammar.taskArgument(ScalarLine("addtask #c"), keyword: "addtask") == nil)
    }

    // MARK: Multi-argument keywords

    @Test func splitArgumentsTakesOnePieceEachFromTheRight() {
        #expect(LineGrammar.splitArguments(ScalarLine("addfragments a b c d"), keyword: "addfragments", count: 4)
            == ["a", "b", "c", "d"])
        #expect(LineGrammar.splitArguments(ScalarLine("addfragments a  b c d e"), keyword: "addfragments", count: 4)
            == ["a  b", "c", "d", "e"])
        #expect(LineGrammar.splitArguments(ScalarLine("addpylib ${LAYERDIR}/lib oe"), keyword: "addpylib", count: 2)
            == ["${LAYERDIR}/lib", "oe"])
        #expect(LineGrammar.splitArguments(ScalarLine("addpylib a b c"), keyword: "addpylib", count: 2) == ["a b", "c"])
        #expect(LineGrammar.splitArguments(ScalarLine("addpylib  x y"), keyword: "addpylib", count: 2) == ["x", "y"])
    }

    @Test func splitArgumentsNeedsEnoughPieces() {
        #expect(LineGrammar.splitArguments(ScalarLine("addfragments a b c"), keyword: "addfragments", count: 4) == nil)
        #expect(LineGrammar.splitArguments(ScalarLine("addpylib a"), keyword: "addpylib", count: 2) == nil)
        #expect(LineGrammar.splitArguments(ScalarLine("addpyliba b"), keyword: "addpylib", count: 2) == nil)
    }

    @Test
    func splitArgumentsWithRunsOfSpacesMatchesPythonGreedyGroups() {
        // `addpylib\s+(.+)\s+(.+)` on "addpylib a   b": the greedy first group keeps two spaces.
        #expect(LineGrammar.splitArguments(ScalarLine("addpylib a   b"), keyword: "addpylib", count: 2) == ["a  ", "b"])
        #expect(LineGrammar.splitArguments(ScalarLine("addfragments a  b   c d"), keyword: "addfragments", count: 4)
            == ["a  b", " ", "c", "d"])
    }

    // MARK: Character classes

    @Test func pythonWhitespaceIncludesUnicodeAndFileSeparators() {
        #expect(ScalarClass.isSpace(" "))
        #expect(ScalarClass.isSpace("\u{0B}"))
        #expect(ScalarClass.isSpace("\u{1C}"))
        #expect(ScalarClass.isSpace("\u{A0}"))
        #expect(ScalarClass.isSpace("\u{2003}"))
        #expect(!ScalarClass.isSpace("a"))
        #expect(!ScalarClass.isSpace("\u{200B}"))  // zero width space is not \s in Python
    }

    @Test func splitWordsIsPythonStrSplit() {
        #expect(splitWords("  a \t b\n c  ") == ["a", "b", "c"])
        #expect(splitWords("") == [])
        #expect(splitWords("   ") == [])
        #expect(splitWords("a\u{1C}b\u{0B}c\u{0C}d\re") == ["a", "b", "c", "d", "e"])  // Python's ASCII separators
        #expect(splitWords("x\u{A0}y\u{2003}é z") == ["x", "y", "é", "z"])  // Unicode spaces split too
        #expect(splitWords("one") == ["one"])
    }
}
