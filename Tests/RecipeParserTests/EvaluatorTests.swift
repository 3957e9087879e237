import BakeBasics
import Foundation
import Testing
@testable import BakeRecipeParser

/// Whole recipes evaluated by `MetadataEvaluator` as `bb.parse.handle` does (statements,
/// include/require/inherit, finalisation). Expected values are what the real BitBake library
/// gives for the same recipe trees (see `Tests/Conformance/oracle.py`).
///
/// Every suite of this file set that may start Python is nested in this one: CPython is one
/// interpreter per process, so these tests run one at a time (`.serialized`) and never beside
/// another suite's Python (`.usesPython`).
@Suite(.serialized, .usesPython) struct EvaluatorTests {
    // MARK: Assignment operators

    @Test func everyOperatorInARecipe() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            A = "a"
            A += "b"
            A =+ "z"
            A .= "c"
            A =. "y"
            B ?= "first"
            B ?= "second"
            C ??= "weak"
            C ??= "weak2"
            E ??= "weak"
            E ?= "default"
            F = "1"
            D := "${F}"
            G = "${F}"
            F = "2"
            K:append = " k"
            K = "base"

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "A", "B", "C", "D", "E", "G", "K") == [
            "yz a bc", "first", "weak2", "1", "default", "2", "base k",
        ])
    }

    @Test func exportUnsetAndFlags() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            export H = "h"
            I = "i"
            I[doc] = "idoc"
            unset I
            J[doc] = "jdoc"
            J = "j"
            unset J[doc]

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "H", "H[export]", "I", "I[doc]", "J", "J[doc]") == ["h", "1", nil, nil, "j", nil])
    }

    @Test func fileIsTheAbsoluteRecipePath() throws {
        let tree = try RecipeTree(["recipe.bb": "A = \"${FILE}\"\n"])
        let d = try tree.evaluate()
        #expect(try d.string("A") == tree.path("recipe.bb"))
    }

    @Test func overridesAndConditionalOperations() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            OVERRIDES = "arm:qemu"
            A = "base"
            A:arm = "arm"
            A:qemu = "qemu"
            B = "b"
            B:append:arm = " arm"
            B:append:x86 = " x86"
            B:remove:qemu = "b"
            C = "c"
            C:arm:qemu = "both"

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "A", "B", "C") == ["qemu", " arm", "both"])
    }

    @Test func keysWithReferencesAreExpandedAtFinalisation() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            X = "foo"
            A_${X} = "v"
            A_${X}[doc] = "d"
            OVERRIDES = "o"
            Y = "p"
            Y:o = "q"
            B_${Y} = "w"

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "A_foo", "A_foo[doc]", "A_${X}", "B_q", "B_p") == ["v", nil, nil, "w", nil])
    }

    @Test func bbclassextendMakesAVariantPerClass() throws {
        let tree = try RecipeTree([
            "recipe.bb": "PN = \"foo\"\nBBCLASSEXTEND = \"native\"\nWHO = \"${PN}\"\n",
            "classes/native.bbclass": "NATIVE = \"1\"\n",
        ])
        let store = DataStore()
        try store.setVar("BBPATH", .string(tree.root.path))
        try store.setVar("__bbclasstype", .string("recipe"))
        let parsed = try #require(try MetadataEvaluator().handle(tree.path("recipe.bb"), into: store, include: false))
        #expect(try tree.query(parsed.main, "PN", "WHO", "NATIVE") == ["foo", "foo", nil])
        #expect(parsed.variants.map(\.name) == ["native"])
        let native = try #require(parsed.variants.first?.store)
        #expect(try tree.query(native, "PN", "WHO", "NATIVE") == ["foo-native", "foo-native", "1"])
    }

    // MARK: inherit

    @Test func inheritReadsEachClassOnce() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            inherit foo
            inherit foo bar
            CLS = "bar"
            inherit ${CLS}

            """,
            "classes/foo.bbclass": "FOO = \"1\"\nX += \"foo\"\ninherit base2\n",
            "classes/base2.bbclass": "BASE2 = \"yes\"\n",
            "classes/bar.bbclass": "X += \"bar\"\n",
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "FOO", "X", "BASE2") == ["1", " foo bar", "yes"])
        let cache = try d.getVar("__inherit_cache")?.listItems?.compactMap(\.stringValue)
        #expect(cache == ["classes/foo.bbclass", "classes/base2.bbclass", "classes/bar.bbclass"].map(tree.path))
    }

    @Test func classesForTheClassTypeComeFirst() throws {
        let tree = try RecipeTree([
            "recipe.bb": "inherit foo\n",
            "classes/foo.bbclass": "WHERE = \"classes\"\n",
            "classes-recipe/foo.bbclass": "WHERE = \"classes-recipe\"\n",
        ])
        #expect(try tree.evaluate().string("WHERE") == "classes-recipe")
    }

    @Test func inheritingAMissingClassIsAnError() throws {
        let tree = try RecipeTree(["recipe.bb": "A = \"a\"\ninherit nothere\n"])
        let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
        #expect(error.kind == .missingFile)
        #expect(error.message.contains("Could not inherit file classes/nothere.bbclass"))
        #expect(error.location?.file == tree.path("recipe.bb"))
        #expect(error.location?.line == 2)
    }

    @Test func inheritDeferWaitsForFinalisation() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            inherit_defer ${LATE}
            LATE = "late"

            """,
            "classes/late.bbclass": "FROM_LATE = \"${LATE}\"\n",
        ])
        #expect(try tree.evaluate().string("FROM_LATE") == "late")
    }

    // MARK: include / require

    @Test func includeAndRequireSearchBesideTheFileThenBBPATH() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            include missing.inc
            include a.inc
            include a.inc
            require sub/b.inc

            """,
            "a.inc": "N += \"a\"\n",
            "sub/b.inc": "B = \"from sub\"\ninclude c.inc\n",
            "sub/c.inc": "C = \"beside b\"\n",
        ])
        let d = try tree.evaluate()
        // A missing include is ignored; the same file included twice is read twice.
        #expect(try tree.query(d, "N", "B", "C") == [" a a", "from sub", "beside b"])
        let included = try d.string("BBINCLUDED")?.split(separator: " ").map(String.init)
        #expect(included == ["recipe.bb", "missing.inc", "a.inc", "sub/b.inc", "sub/c.inc"].map(tree.path))
    }

    @Test func requireOfAMissingFileIsAnError() throws {
        let tree = try RecipeTree(["recipe.bb": "A = \"a\"\nrequire missing.inc\n"])
        let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
        #expect(error.kind == .missingFile)
        #expect(error.message == "Could not include required file missing.inc")
        #expect(error.location?.file == tree.path("recipe.bb"))
        #expect(error.location?.line == 2)
    }

    @Test func includeTakesItsNameFromAVariable() throws {
        let tree = try RecipeTree([
            "recipe.bb": "INC = \"inc\"\ninclude ${INC}.inc\n",
            "inc.inc": "FROM_INC = \"yes\"\n",
        ])
        #expect(try tree.evaluate().string("FROM_INC") == "yes")
    }

    @Test func aSyntaxErrorInAnIncludeNamesTheIncludedFile() throws {
        let tree = try RecipeTree([
            "recipe.bb": "include bad.inc\n",
            "bad.inc": "A = \"a\"\nthis is bad\n",
        ])
        let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
        #expect(error.kind == .syntax)
        #expect(error.message == "unparsed line: 'this is bad'")
        #expect(error.location == SourceLocation(file: tree.path("bad.inc"), line: 2, column: 1))
        #expect(error.diagnostic.description.hasPrefix("\(tree.path("bad.inc")):2:1: error: unparsed line"))
        #expect(error.diagnostic.description.hasSuffix("\n    this is bad\n    ^"))
    }

    @Test func oldOverrideSyntaxFailsAtItsLine() throws {
        let tree = try RecipeTree(["recipe.bb": "A = \"a\"\nA_append = \" x\"\n"])
        let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
        #expect(error.kind == .fatal)
        #expect(error.message.contains("old override syntax"))
        #expect(error.location?.line == 2)
    }

    // MARK: Functions and tasks

    @Test func shellFunctionsKeepTheirFlags() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            A = "1"
            do_install() {
                echo ${A}
            }
            fakeroot do_deploy() {
                :
            }

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "do_install", "do_install[func]", "do_install[python]", "do_install[lineno]",
                               "do_deploy[fakeroot]")
            == ["    echo 1\n", "1", nil, "2", "1"])
        #expect(try d.getVarFlag("do_install", "filename")?.stringValue == tree.path("recipe.bb"))
    }

    @Test func exportFunctionsWiresClassImplementations() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            inherit foo
            do_install() {
                recipe_install
            }

            """,
            "classes/foo.bbclass": """
            foo_do_compile() {
                echo compile
            }
            foo_do_install() {
                echo install
            }
            EXPORT_FUNCTIONS do_compile do_install

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "do_compile", "do_compile[func]", "do_compile[python]", "do_compile[filename]",
                               "do_compile[lineno]", "do_install")
            == ["    # Export function set\n    foo_do_compile\n", "1", nil, "autogenerated", "1",
                "    recipe_install\n"])
    }

    @Test func exportFunctionsOfAPythonFunctionCallsExecFunc() throws {
        let tree = try RecipeTree([
            "recipe.bb": "inherit bar\n",
            "classes/bar.bbclass": "python bar_do_patch() {\n    pass\n}\nEXPORT_FUNCTIONS do_patch\n",
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "do_patch", "do_patch[python]")
            == ["    # Export function set\n    bb.build.exec_func('bar_do_patch', d)\n", "1"])
    }

    @Test func addtaskRecordsTasksAndDependencies() throws {
        let tree = try RecipeTree([
            "recipe.bb": """
            addtask configure
            addtask compile after do_configure before do_install
            addtask install
            addtask build after install
            addtask gone
            deltask gone

            """,
        ])
        let d = try tree.evaluate()
        #expect(try tree.query(d, "__BBTASKS", "do_compile[deps]", "do_install[deps]", "do_build[deps]",
                               "do_configure[deps]", "do_compile[task]", "do_gone[task]")
            == ["['do_configure', 'do_compile', 'do_install', 'do_build']", "['do_configure']", "['do_compile']",
                "['do_install']", "[]", "1", nil])
    }
}

/// A recipe tree in a fresh temporary directory, removed when the value goes away.
final class RecipeTree {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bake-tests-\(UUID().uuidString)")
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Evaluates `recipe.bb` as the conformance oracle does (empty configuration, BBPATH = root).
    func evaluate(_ name: String = "recipe.bb", trackHistory: Bool = false) throws(EvaluationError) -> DataStore {
        try MetadataEvaluator().evaluateRecipe(at: path(name), trackHistory: trackHistory)
    }

    /// `str()` of each expanded `VAR` or `VAR[flag]`, nil when unset.
    func query(_ store: DataStore, _ names: String...) throws(EvaluationError) -> [String?] {
        var values: [String?] = []
        for name in names { values.append(try RecipeQuery.value(of: name, in: store)) }
        return values
    }
}
