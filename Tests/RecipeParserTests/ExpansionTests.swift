import Foundation
import Testing
@testable import BakeRecipeParser

/// `${VAR}` expansion as `bb.data_smart` does it (the `${@...}` Python side is covered by the
/// Python suite), and the matcher that finds where an inline Python expression ends.
@Suite struct ExpansionTests {
    private func set(_ d: DataStore, _ name: String, _ value: String) throws {
        try d.setVar(name, .string(value), parsing: true)
    }

    // MARK: ${VAR}

    @Test func referencesAreExpandedRecursively() throws {
        let d = DataStore()
        try set(d, "A", "${B}-${C}")
        try set(d, "B", "b${C}")
        try set(d, "C", "c")
        #expect(try d.getVar("A")?.stringValue == "bc-c")
        #expect(try d.getVar("A", expand: false)?.stringValue == "${B}-${C}")
        #expect(try d.expand("x ${A} y") == "x bc-c y")
    }

    @Test func undefinedReferencesStayAsWritten() throws {
        let d = DataStore()
        try set(d, "A", "val")
        try set(d, "U", "${UNDEF}")
        #expect(try d.getVar("U")?.stringValue == "${UNDEF}")
        #expect(try d.expand("${UNDEF} x ${A}") == "${UNDEF} x val")
    }

    @Test func aReferenceCanBuildAnotherReference() throws {
        let d = DataStore()
        try set(d, "N", "A")
        try set(d, "A", "val")
        #expect(try d.expand("${${N}}") == "val")
    }

    @Test func textThatIsNotAReferenceIsLeftAlone() throws {
        let d = DataStore()
        try set(d, "A", "val")
        #expect(try d.expand("$A ${A ${} ${A B} ${A") == "$A ${A ${} ${A B} ${A")
        #expect(try d.expand("no dollars") == "no dollars")
    }

    @Test func namesMayUseTheWholeReferenceCharacterSet() throws {
        let d = DataStore()
        try set(d, "a-b_c+d.e/f~g:h", "odd")
        #expect(try d.expand("${a-b_c+d.e/f~g:h}") == "odd")
    }

    @Test func aWriteInvalidatesCachedExpansions() throws {
        let d = DataStore()
        try set(d, "A", "${B}")
        try set(d, "B", "1")
        #expect(try d.getVar("A")?.stringValue == "1")
        try set(d, "B", "2")
        #expect(try d.getVar("A")?.stringValue == "2")
    }

    @Test func longFiniteChainsExpand() throws {
        // BitBake itself manages chains of a couple of hundred variables.
        let d = DataStore()
        for i in 0..<100 { try set(d, "C\(i)", "${C\(i + 1)}x") }
        try set(d, "C100", "end")
        #expect(try d.getVar("C0")?.stringValue == "end" + String(repeating: "x", count: 100))
    }

    // MARK: Errors

    @Test func aVariableReferencingItselfIsAnError() throws {
        let d = DataStore()
        try set(d, "S", "a ${S} b")
        let error = try #require(throws: EvaluationError.self) { try d.getVar("S") }
        #expect(error.kind == .expansion)
        #expect(error.message == "Failure expanding variable S, expression was a ${S} b which triggered exception "
            + "Exception: variable S references itself!")
        #expect(error.variableChain == ["S"])
    }

    @Test func aReferenceCycleIsARecursionErrorNotACrash() throws {
        let d = DataStore()
        try set(d, "T1", "${T2}")
        try set(d, "T2", "${T3}")
        try set(d, "T3", "${T1}")
        let error = try #require(throws: EvaluationError.self) { try d.getVar("T1") }
        #expect(error.kind == .expansion)
        #expect(error.message.contains("RecursionError"))
        // The chain names the variables it went through, outermost last.
        #expect(Set(error.variableChain) == ["T1", "T2", "T3"])
        #expect(error.variableChain.last == "T1")
        #expect(error.description.contains("The variable dependency chain for the failure is: "))
        // The datastore is usable afterwards.
        try set(d, "T3", "done")
        #expect(try d.getVar("T1")?.stringValue == "done")
    }

    @Test func expandingANonStringReferenceIsATypeError() throws {
        let d = DataStore()
        try d.setVar("INT", .int(5))
        try set(d, "B", "${INT}")
        let error = try #require(throws: EvaluationError.self) { try d.getVar("B") }
        #expect(error.kind == .expansion)
        #expect(error.message.contains("Failure expanding variable B, expression was ${INT}"))
        #expect(error.message.contains("expected str instance, int found"))
    }

    @Test func nonStringValuesAreReturnedUnexpanded() throws {
        let d = DataStore()
        try d.setVar("INT", .int(5))
        try d.setVar("LIST", .list([.string("${A}")]))
        try d.setVar("BOOL", .bool(true))
        #expect(try d.getVar("INT") == .int(5))
        #expect(try d.getVar("LIST") == .list([.string("${A}")]))
        #expect(try d.getVar("BOOL") == .bool(true))
    }

    @Test func inlinePythonWithoutAnInterpreterIsAnError() throws {
        let d = DataStore()
        try set(d, "P", "${@1+1}")
        let error = try #require(throws: EvaluationError.self) { try d.getVar("P") }
        #expect(error.message.contains("no Python interpreter"))
    }

    @Test func inlinePythonStillHoldingAReferenceWaitsForIt() throws {
        // `${@...}` containing an undefined `${VAR}` is left as it is (never evaluated).
        let d = DataStore()
        #expect(try d.expand("${@'${UNDEF}'}") == "${@'${UNDEF}'}")
    }

    // MARK: Inline Python extent

    /// Where the `${@...}` starting at the beginning of `text` ends, as in Python's
    /// `re.search(r"\${@(?:{.*?}|.)+?}", text).end()`.
    private func extent(_ text: String, budget: Int = 200_000) -> Int? {
        var budget = budget
        return InlinePythonMatcher.match(Array(text.utf8), from: 3, budget: &budget)
    }

    @Test("extent of ${@...} matches Python's regex", arguments: [
        ("${@1+1}", 7 as Int?),
        ("${@{'a': 1}['a']}", 17),
        ("${@len({1, 2, 3})}", 18),
        ("${@}}", 5),           // the first item may be a `}`
        ("${@}", nil),
        ("${@'}'}", 5),         // lazy: stops at the first possible `}`
        ("${@x\n}", nil),       // `.` does not match a newline
        ("${@{\n}x}", nil),
        ("${@{{}}}", 7),
        ("${@{}{}", 7),
        ("${@{a}b}c}", 8),
        ("${@d.getVar('A')}${B}", 17),
        ("${@{ {} }}", 9),
    ])
    func inlinePythonExtent(text: String, end: Int?) {
        #expect(extent(text) == end)
    }

    @Test func exhaustingTheBudgetGivesNoMatch() {
        let text = "${@" + String(repeating: "a", count: 1_000) + "}"
        #expect(extent(text, budget: 2_000) == 1_004)
        var budget = 100
        #expect(InlinePythonMatcher.match(Array(text.utf8), from: 3, budget: &budget) == nil)
        #expect(budget <= 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func unclosedBracesFailQuickly() {
        let text = "${@" + String(repeating: "{", count: 1_500) + "\n}"
        let start = Date()
        #expect(extent(text) == nil)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test
    func manyBracePairsDoNotOverflowTheStack() {
        let text = "${@" + String(repeating: "{}", count: 150_000) + "}"
        // Python: re.search(...).end() == 300004; returning nil (budget exhausted) would also be acceptable.
        let end = extent(text)
        #expect(end == 300_004 || end == nil)
    }

    @Test
    func longRunsOfOpenBracesFailFast() {
        let text = "${@" + String(repeating: "{", count: 30_000)
        let start = Date()
        #expect(extent(text) == nil)
        #expect(Date().timeIntervalSince(start) < 1)
    }
}
