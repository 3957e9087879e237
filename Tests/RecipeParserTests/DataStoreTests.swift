import Testing
@testable import BakeRecipeParser

/// `DataStore` against `bb.data_smart.DataSmart`: every expected value below is what BitBake's
/// own datastore returns for the same calls.
@Suite struct DataStoreTests {
    /// The expanded string value, as `d.getVar(name)`.
    private func get(_ d: DataStore, _ name: String) throws -> String? {
        try d.getVar(name)?.stringValue
    }

    private func set(_ d: DataStore, _ name: String, _ value: String, parsing: Bool = true) throws {
        try d.setVar(name, .string(value), parsing: parsing)
    }

    // MARK: Plain variables

    @Test func setAndGet() throws {
        let d = DataStore()
        try set(d, "A", "value")
        #expect(try get(d, "A") == "value")
        #expect(try d.getVar("UNDEFINED") == nil)
        try set(d, "A", "again")
        #expect(try get(d, "A") == "again")
    }

    @Test func storingNoneReadsAsUnset() throws {
        let d = DataStore()
        try set(d, "A", "x")
        try d.setVar("A", .none)
        #expect(try d.getVar("A") == nil)
        // BitBake still lists the key (it has content, even if None).
        #expect(try d.keys() == ["A"])
    }

    @Test func nonStringValuesAreKept() throws {
        let d = DataStore()
        try d.setVar("I", .int(5))
        try d.setVar("L", .list([.string("a"), .int(1)]))
        #expect(try d.getVar("I") == .int(5))
        #expect(try d.getVar("L")?.pythonString == "['a', 1]")
        #expect(try d.string("I") == nil)
    }

    // MARK: Defaults

    @Test func weakDefaultIsUsedOnlyWithoutAValue() throws {
        let d = DataStore()
        try d.setVarFlag("W", Variable.defaultValue, .string("weak"))
        #expect(try get(d, "W") == "weak")
        #expect(try d.getVar("W", noWeakDefault: true) == nil)
        try set(d, "W", "strong")
        #expect(try get(d, "W") == "strong")
    }

    @Test func weakDefaultSetAfterAValueDoesNotReplaceIt() throws {
        let d = DataStore()
        try set(d, "W", "strong")
        try d.setVarFlag("W", Variable.defaultValue, .string("weak"))
        #expect(try get(d, "W") == "strong")
    }

    @Test func weakDefaultFlagShowsAsTheFlagUntilTheFlagIsSet() throws {
        let d = DataStore()
        try d.setVarFlag("F", Variable.defaultFlagPrefix + "doc", .string("weakdoc"))
        #expect(try d.getVarFlag("F", "doc")?.stringValue == "weakdoc")
        #expect(try d.getVarFlags("F")?.map(\.0) == ["doc"])
        try d.setVarFlag("F", "doc", .string("strong"))
        #expect(try d.getVarFlag("F", "doc")?.stringValue == "strong")
        let flags = try #require(try d.getVarFlags("F"))
        #expect(flags.map(\.0) == ["doc"])
        #expect(flags.map(\.1) == [.string("strong")])
    }

    // MARK: Flags

    @Test func flagsAreExpandedOnRequest() throws {
        let d = DataStore()
        try set(d, "F", "content")
        try d.setVarFlag("F", "doc", .string("documentation"))
        try d.setVarFlag("F", "vardeps", .string("${X}"))
        try set(d, "X", "xv")
        #expect(try d.getVarFlag("F", "vardeps")?.stringValue == "xv")
        #expect(try d.getVarFlag("F", "vardeps", expand: false)?.stringValue == "${X}")
        // getVarFlags lists flags in insertion order and hides the content.
        let flags = try #require(try d.getVarFlags("F"))
        #expect(flags.map(\.0) == ["doc", "vardeps"])
        #expect(flags.map(\.1) == [.string("documentation"), .string("${X}")])
        let expanded = try #require(try d.getVarFlags("F", expand: ["vardeps"]))
        #expect(expanded.map(\.1) == [.string("documentation"), .string("xv")])
    }

    @Test func delVarFlagAndDelVarFlags() throws {
        let d = DataStore()
        try set(d, "F", "content")
        try d.setVarFlag("F", "doc", .string("d"))
        try d.setVarFlag("F", "other", .string("o"))
        d.delVarFlag("F", "doc")
        #expect(try d.getVarFlag("F", "doc") == nil)
        #expect(try d.getVarFlags("F")?.map(\.0) == ["other"])
        d.delVarFlags("F")
        #expect(try d.getVarFlags("F") == nil)
        #expect(try get(d, "F") == "content")
    }

    @Test func appendAndPrependVarFlagConcatenateWithoutSpaces() throws {
        let d = DataStore()
        try d.setVarFlag("do_x", "depends", .string("a:do_b"))
        try d.appendVarFlag("do_x", "depends", .string(" c:do_d"))
        try d.prependVarFlag("do_x", "depends", .string("z:do_y "))
        #expect(try d.getVarFlag("do_x", "depends")?.stringValue == "z:do_y a:do_b c:do_d")
        try d.appendVarFlag("NEW", "f", .string("only"))
        #expect(try d.getVarFlag("NEW", "f")?.stringValue == "only")
    }

    @Test func exportFlagsAreListedInOrder() throws {
        let d = DataStore()
        try d.setVarFlag("B", "export", .int(1))
        try d.setVarFlag("A", "unexport", .int(1))
        try d.setVarFlag("B", "export", .int(1))
        #expect(d.exportList == ["B", "A"])
    }

    // MARK: Overrides

    @Test func laterOverridesInOVERRIDESWin() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a:b")
        try set(d, "A", "base")
        try set(d, "A:a", "A-a")
        try set(d, "A:b", "A-b")
        try set(d, "B", "base")
        try set(d, "B:b", "B-b")
        try set(d, "B:a", "B-a")
        try set(d, "C", "base")
        try set(d, "C:c", "C-c")
        #expect(try get(d, "A") == "A-b")
        #expect(try get(d, "B") == "B-b")
        #expect(try get(d, "C") == "base")
        // The override variables keep their own values.
        #expect(try get(d, "A:a") == "A-a")
    }

    @Test func overrideWithoutABaseVariable() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a")
        try set(d, "A:a", "x")
        #expect(try get(d, "A") == "x")
        #expect(try d.contains("A"))
    }

    @Test func multiPartOverridesNeedEveryPartActive() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a:b")
        try set(d, "M", "base")
        try set(d, "M:a:b", "M-ab")
        try set(d, "M:b", "M-b")
        try set(d, "N", "base")
        try set(d, "N:b", "N-b")
        try set(d, "N:a:b", "N-ab")
        try set(d, "P", "base")
        try set(d, "P:b:a", "P-ba")
        try set(d, "Q", "base")
        try set(d, "Q:a:c", "Q-ac")
        #expect(try get(d, "M") == "M-ab")
        #expect(try get(d, "N") == "N-ab")
        #expect(try get(d, "P") == "P-ba")
        #expect(try get(d, "Q") == "base")
    }

    @Test func overridesFollowChangesToVariablesOVERRIDESReferences() throws {
        let d = DataStore()
        try set(d, "MACHINE", "qemu")
        try set(d, "OVERRIDES", "${MACHINE}:x")
        try set(d, "A", "base")
        try set(d, "A:qemu", "q")
        #expect(try get(d, "A") == "q")
        try set(d, "MACHINE", "other")
        #expect(try get(d, "A") == "base")
        try set(d, "A:other", "o")
        #expect(try get(d, "A") == "o")
    }

    @Test func unstableOverridesAreAnError() throws {
        let d = DataStore()
        // With o1 active OVERRIDES becomes o2, which deactivates o1: it never settles.
        try set(d, "OVERRIDES", "o1")
        try set(d, "OVERRIDES:o1", "o2")
        // Only a read that needs OVERRIDES finds out (a plain variable does not).
        #expect(try get(d, "A") == nil)
        let error = #expect(throws: EvaluationError.self) { try d.getVar("OVERRIDES") }
        #expect(error?.message.contains("stable state after 5 iterations") == true)
    }

    // MARK: :append, :prepend, :remove

    @Test func appendPrependRemoveApplyOnRead() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a")
        try set(d, "R", "x")
        try set(d, "R:append", " y")
        try set(d, "R:prepend", "p ")
        try set(d, "R:append:a", " za")
        try set(d, "R:append:c", " zc")
        try set(d, "R:remove", "x")
        #expect(try get(d, "R") == "p  y za")
        // Removal happens on expansion only.
        #expect(try d.getVar("R", expand: false)?.stringValue == "p x y za")
    }

    @Test func appendsOnTheSelectedOverrideComeFirst() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a")
        try set(d, "Y", "base")
        try set(d, "Y:a", "ya")
        try set(d, "Y:append", " app")
        try set(d, "Y:a:append", " aapp")
        #expect(try get(d, "Y") == "ya aapp app")
    }

    @Test func appendWithoutABaseValue() throws {
        let d = DataStore()
        try set(d, "P:append", "v")
        #expect(try get(d, "P") == "v")
        #expect(try d.contains("P"))
    }

    @Test func removeKeepsTheSurroundingWhitespace() throws {
        let d = DataStore()
        try set(d, "A", "  a  b  ")
        try set(d, "A:remove", "a")
        #expect(try get(d, "A") == "    b  ")
        try set(d, "S", "one two three two")
        try set(d, "S:remove", "two")
        #expect(try get(d, "S") == "one  three ")
        try set(d, "V", "a\tb\nc  d")
        try set(d, "V:remove", "c")
        #expect(try get(d, "V") == "a\tb\n  d")
    }

    @Test func removeMatchesWholeWordsOnly() throws {
        let d = DataStore()
        try set(d, "A", "foo foobar barfoo")
        try set(d, "A:remove", "foo")
        #expect(try get(d, "A") == " foobar barfoo")
    }

    @Test func removeExpandsItsValueAndSplitsIt() throws {
        let d = DataStore()
        try set(d, "RM", "b c")
        try set(d, "U", "a b c d")
        try set(d, "U:remove", "${RM}")
        #expect(try get(d, "U") == "a   d")
    }

    @Test func conditionalRemove() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a")
        try set(d, "T", "a b c")
        try set(d, "T:remove:c", "b")
        try set(d, "T:remove:a", "c")
        #expect(try get(d, "T") == "a b ")
    }

    @Test func removeAppliesToTheOverrideSelectedValue() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "o")
        try set(d, "A", "x y")
        try set(d, "A:o", "p q")
        try set(d, "A:remove", "p")
        #expect(try get(d, "A") == " q")
    }

    @Test func appendVarAndPrependVarArePendingOperations() throws {
        let d = DataStore()
        try set(d, "Z", "z")
        try d.appendVar("Z", .string("+1"))
        try d.prependVar("Z", .string("0-"))
        #expect(try get(d, "Z") == "0-z+1")
        // A non-parsing set drops them.
        try d.setVar("Z", .string("reset"))
        #expect(try get(d, "Z") == "reset")
    }

    @Test func oldOverrideSyntaxIsFatal() {
        let d = DataStore()
        let error = #expect(throws: EvaluationError.self) { try d.setVar("A_append", .string("x"), parsing: true) }
        #expect(error?.kind == .fatal)
        #expect(error?.message.contains("old override syntax") == true)
        // Anonymous function names are exempt.
        #expect(throws: Never.self) { try d.setVar("__anon_1_x_remove_y", .string("x")) }
    }

    @Test func renamedVariablesAreFatal() {
        let d = DataStore()
        let error = #expect(throws: EvaluationError.self) { try d.setVar("BB_ENV_WHITELIST", .string("x")) }
        #expect(error?.message.contains("BB_ENV_PASSTHROUGH") == true)
    }

    // MARK: Parsing and non-parsing writes

    @Test func nonParsingSetDropsPendingOperations() throws {
        let d = DataStore()
        try set(d, "Q", "q")
        try set(d, "Q:append", " a")
        try set(d, "Q:remove", "q")
        try set(d, "Q", "new", parsing: false)
        #expect(try get(d, "Q") == "new")
    }

    @Test func parsingSetKeepsPendingOperations() throws {
        let d = DataStore()
        try set(d, "I", "i")
        try set(d, "I:append", " x")
        try set(d, "I", "new", parsing: true)
        #expect(try get(d, "I") == "new x")
    }

    @Test func nonParsingSetDeletesActiveOverridesAndForgetsInactiveOnes() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "foo")
        try set(d, "H", "h")
        try set(d, "H:foo", "hfoo")
        try set(d, "H:bar", "hbar")
        #expect(try get(d, "H") == "hfoo")
        try set(d, "H", "new", parsing: false)
        #expect(try get(d, "H") == "new")
        #expect(try d.getVar("H:foo") == nil)
        // The inactive override variable still exists but no longer overrides H.
        #expect(try get(d, "H:bar") == "hbar")
        try set(d, "OVERRIDES", "bar")
        #expect(try get(d, "H") == "new")
    }

    @Test func aParsingReadSeesOnlyTheVariableItself() throws {
        // What the `+=`/`?=` operators read while parsing: no overrides, appends or removals.
        func store() throws -> DataStore {
            let d = DataStore()
            try set(d, "OVERRIDES", "o")
            try set(d, "A", "a")
            try set(d, "A:append", "x")
            try set(d, "A:o", "ao")
            try set(d, "A:remove", "a")
            return d
        }
        #expect(try store().getVar("A", parsing: true)?.stringValue == "a")
        #expect(try get(store(), "A") == "aox")
    }

    // MARK: delVar and renameVar

    @Test func delVarRemovesValueAndPendingOperations() throws {
        let d = DataStore()
        try set(d, "DV", "x")
        try set(d, "DV:append", "y")
        try d.setVarFlag("DV", "doc", .string("d"))
        d.delVar("DV")
        #expect(try d.getVar("DV") == nil)
        #expect(try d.getVarFlag("DV", "doc") == nil)
    }

    @Test func delVarOfAnOverrideVariableUnregistersIt() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "o")
        try set(d, "A", "base")
        try set(d, "A:o", "over")
        d.delVar("A:o")
        #expect(try get(d, "A") == "base")
    }

    @Test func renameVarMovesValuePendingOperationsAndOverrides() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "o")
        try set(d, "A", "x")
        try d.setVarFlag("A", "doc", .string("d"))
        try set(d, "A:append", " y")
        try set(d, "A:o", "ao")
        try d.renameVar("A", to: "B")
        #expect(try get(d, "B") == "ao y")
        #expect(try get(d, "B:o") == "ao")
        // Other flags stay behind and are deleted with the old variable.
        #expect(try d.getVarFlag("B", "doc") == nil)
        #expect(try d.getVar("A") == nil)
        #expect(try d.getVarFlag("A", "doc") == nil)
        #expect(try d.getVar("A:o") == nil)
        try set(d, "OVERRIDES", "", parsing: false)
        #expect(try get(d, "B") == "x y")
    }

    @Test func renameVarOfAnUnknownVariableDoesNothing() throws {
        let d = DataStore()
        try set(d, "B", "keep")
        try d.renameVar("NOPE", to: "B")
        #expect(try get(d, "B") == "keep")
    }

    // MARK: Key expansion

    @Test func expandKeysRenamesReferencingNames() throws {
        let d = DataStore()
        try set(d, "X", "bar")
        try set(d, "${X}_foo", "v")
        try d.setVarFlag("${X}_foo", "doc", .string("d"))
        try d.expandKeys()
        #expect(try get(d, "bar_foo") == "v")
        #expect(try d.getVar("${X}_foo") == nil)
        // Flags other than the pending operations do not survive.
        #expect(try d.getVarFlag("bar_foo", "doc") == nil)
    }

    @Test func expandKeysReplacesAnExistingVariableAndWarns() throws {
        let d = DataStore()
        try set(d, "X", "bar")
        try set(d, "bar_baz", "old")
        try set(d, "${X}_baz", "new")
        var warnings: [String] = []
        try d.expandKeys { warnings.append($0) }
        #expect(try get(d, "bar_baz") == "new")
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("replaces original key bar_baz") == true)
    }

    @Test func expandKeysUsesOverrides() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "o")
        try set(d, "X", "p")
        try set(d, "X:o", "o")
        try set(d, "A_${X}", "v")
        try d.expandKeys()
        #expect(try get(d, "A_o") == "v")
        #expect(try d.getVar("A_p") == nil)
    }

    @Test func expandKeysLeavesUnexpandableNames() throws {
        let d = DataStore()
        try set(d, "A_${UNDEF}", "v")
        try d.expandKeys()
        #expect(try get(d, "A_${UNDEF}") == "v")
    }

    // MARK: Copies

    @Test func copySeesLaterParentChangesUntilItWritesTheVariable() throws {
        let parent = DataStore()
        try set(parent, "A", "orig")
        let copy = parent.createCopy()
        try set(parent, "A", "parent-later", parsing: false)
        #expect(try get(copy, "A") == "parent-later")
        try set(copy, "A", "mine", parsing: false)
        try set(parent, "A", "parent-again", parsing: false)
        #expect(try get(copy, "A") == "mine")
        #expect(try get(parent, "A") == "parent-again")
    }

    @Test func copyWritesDoNotLeakIntoTheParent() throws {
        let parent = DataStore()
        try set(parent, "A", "orig")
        let copy = parent.createCopy()
        try set(copy, "A", "changed", parsing: false)
        try set(copy, "NEW", "new", parsing: false)
        try copy.setVarFlag("A", "f", .string("flag"))
        try copy.appendVar("A", .string(" more"))
        #expect(try get(parent, "A") == "orig")
        #expect(try parent.getVar("NEW") == nil)
        #expect(try parent.getVarFlag("A", "f") == nil)
        #expect(try get(copy, "A") == "changed more")
    }

    @Test func aWrittenVariableIsCopiedWholeIntoTheCopy() throws {
        let parent = DataStore()
        try set(parent, "A", "orig")
        try parent.setVarFlag("A", "f", .string("pf"))
        let copy = parent.createCopy()
        try copy.setVarFlag("A", "own", .string("o"))
        try parent.setVarFlag("A", "g", .string("pg"))
        // The copy took the parent's flags when it first wrote A, and no later ones.
        #expect(try copy.getVarFlag("A", "f")?.stringValue == "pf")
        #expect(try copy.getVarFlag("A", "g") == nil)
    }

    @Test func copiesOfCopiesSeeTheWholeChain() throws {
        let root = DataStore()
        try set(root, "Y", "root")
        let child = root.createCopy()
        let grandchild = child.createCopy()
        try set(root, "DEEP", "deep")
        #expect(try get(grandchild, "DEEP") == "deep")
        try set(child, "Y", "child", parsing: false)
        #expect(try get(grandchild, "Y") == "child")
    }

    @Test func aCopysExpansionCacheIsNotClearedByParentWrites() throws {
        // BitBake clears only the written datastore's cache: a value the copy has already
        // read stays as it was, even though an unread one would show the parent's change.
        let parent = DataStore()
        try set(parent, "Y", "root")
        let copy = parent.createCopy()
        #expect(try get(copy, "Y") == "root")
        try set(parent, "Y", "changed", parsing: false)
        #expect(try get(copy, "Y") == "root")
        #expect(try copy.getVar("Y", expand: false)?.stringValue == "changed")
    }

    @Test func overridesInACopyStayInTheCopy() throws {
        let parent = DataStore()
        try set(parent, "OVERRIDES", "o")
        try set(parent, "C", "c")
        let copy = parent.createCopy()
        try set(copy, "C:o", "co")
        #expect(try get(copy, "C") == "co")
        #expect(try get(parent, "C") == "c")
    }

    @Test func deletingInACopyHidesTheParentsVariable() throws {
        let parent = DataStore()
        try set(parent, "A", "a")
        let copy = parent.createCopy()
        copy.delVar("A")
        #expect(try copy.getVar("A") == nil)
        #expect(try get(parent, "A") == "a")
        #expect(try !copy.keys().contains("A"))
    }

    @Test func localNamesAreOnlyTheCopysOwnWrites() throws {
        let parent = DataStore()
        try set(parent, "AP", "a")
        try set(parent, "OTHER", "o")
        let copy = parent.createCopy()
        try copy.appendVar("AP", .string(" b"))
        #expect(copy.localNames == ["AP"])
        #expect(try get(copy, "AP") == "a b")
        #expect(try get(parent, "AP") == "a")
    }

    // MARK: keys() and contains

    @Test func keysListVariablesAndActiveOverrideBases() throws {
        let d = DataStore()
        try set(d, "OVERRIDES", "a")
        try set(d, "A:a", "x")
        try set(d, "B", "b")
        try d.setVarFlag("C", "doc", .string("only a flag"))
        try set(d, "D:z", "inactive")
        #expect(try d.keys().sorted() == ["A", "A:a", "B", "C", "D:z", "OVERRIDES"])
    }

    @Test func keysOfACopyIncludeTheParentsOnce() throws {
        let parent = DataStore()
        try set(parent, "A", "1")
        try set(parent, "B", "2")
        let copy = parent.createCopy()
        try set(copy, "B", "3", parsing: false)
        try set(copy, "C", "4")
        #expect(try copy.keys().sorted() == ["A", "B", "C"])
    }

    @Test
    func containsIsFalseForAVariableWithOnlyFlags() throws {
        let d = DataStore()
        try d.setVarFlag("C", "doc", .string("only a flag"))
        #expect(try !d.contains("C"))
    }

    @Test
    func containsIsFalseForAVariableSetToNone() throws {
        let d = DataStore()
        try d.setVar("A", .none)
        #expect(try !d.contains("A"))
    }

    @Test func containsFollowsGetVar() throws {
        let d = DataStore()
        try d.setVarFlag("W", Variable.defaultValue, .string("w"))
        #expect(try d.contains("W"))
        #expect(try !d.contains("NOPE"))
    }
}
