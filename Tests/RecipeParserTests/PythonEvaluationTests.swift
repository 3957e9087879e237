import BakeBasics
import Foundation
import Testing
@testable import BakeRecipeParser

extension EvaluatorTests {
    /// Metadata Python run by the embedded CPython: `${@...}`, `def`, anonymous functions, the
    /// `d` datastore object, `SkipRecipe` and `bb.fatal`. Nested in `EvaluatorTests` so that it
    /// is serialised with every other test that may start Python.
    @Suite struct Python {
        // MARK: Inline Python

        @Test func inlinePythonExpressions() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                A = "${@1+1}"
                B = "${@d.getVar('A') * 2}"
                D = "${@'${@1+1}' + 'x'}"
                E = "${@{'a': 1}['a']}"
                F = "${@py_helper_for_tests(d)}"
                def py_helper_for_tests(d):
                    return "from def " + d.getVar("A")
                G = "${@bb.utils.contains('FEATURES', 'x', 'yes', 'no', d)}"
                FEATURES = "x y"
                H = "${@' '.join(sorted('c b a'.split()))}"

                """,
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "A", "B", "D", "E", "F", "G", "H")
                == ["2", "22", "2x", "1", "from def 2", "yes", "a b c"])
        }

        @Test func anUnterminatedStringLeavesTheExpressionUnexpanded() throws {
            let tree = try RecipeTree(["recipe.bb": "C = \"${@1+1\"\nQ = \"${@'abc}\"\n"])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "C", "Q") == ["${@1+1", "${@'abc}"])
        }

        @Test func aPythonExceptionInAnExpressionIsAnExpansionError() throws {
            let tree = try RecipeTree(["recipe.bb": "I = \"${@undefined_name_for_tests}\"\n"])
            let d = try tree.evaluate()
            let error = try #require(throws: EvaluationError.self) { try d.getVar("I") }
            #expect(error.kind == .expansion)
            #expect(error.message.contains("Failure expanding variable I, expression was ${@undefined_name_for_tests}"))
            #expect(error.message.contains("NameError: name 'undefined_name_for_tests' is not defined"))
        }

        @Test func immediateAssignmentRunsPythonAtOnce() throws {
            let tree = try RecipeTree([
                "recipe.bb": "N = \"1\"\nNOW := \"${@int(d.getVar('N')) + 1}\"\nN = \"5\"\nLAZY = \"${@int(d.getVar('N')) + 1}\"\n",
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "NOW", "LAZY") == ["2", "6"])
        }

        // MARK: Anonymous functions

        @Test func anonymousFunctionsRunInOrderAtFinalisation() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                A = "a"
                python () {
                    d.setVar("X", d.getVar("A") + "!")
                    d.appendVar("A", " more")
                }
                python __anonymous () {
                    d.setVar("Y", d.getVar("X") + "?")
                }
                A:append = " end"

                """,
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "A", "X", "Y") == ["a end more", "a end!", "a end!?"])
        }

        @Test func pythonFunctionFlags() throws {
            let tree = try RecipeTree(["recipe.bb": "python do_py() {\n    bb.note('hi')\n}\n"])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "do_py", "do_py[python]", "do_py[func]") == ["    bb.note('hi')\n", "1", "1"])
        }

        @Test func skipRecipeMarksTheRecipeSkipped() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                A = "a"
                python () {
                    raise bb.parse.SkipRecipe("not today")
                }
                python () {
                    d.setVar("LATER", "ran")
                }

                """,
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "__SKIPPED", "LATER", "A") == ["not today", nil, "a"])
        }

        @Test func bbFatalStopsTheParseAtTheRecipeLine() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                A = "a"
                python () {
                    bb.fatal("this recipe is broken")
                }

                """,
            ])
            let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
            #expect(error.kind == .fatal)
            #expect(error.message == "this recipe is broken")
            #expect(error.location?.file == tree.path("recipe.bb"))
            #expect(error.location?.line == 3)
            let shown = error.diagnostic.withSourceLineFromFile()
            #expect(shown.sourceLine == "    bb.fatal(\"this recipe is broken\")")
            #expect(shown.description.hasPrefix("\(tree.path("recipe.bb")):3:5: error: this recipe is broken"))
        }

        @Test func anExceptionInAnonymousPythonNamesItsLine() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                python () {
                    x = 1
                    raise ValueError("bad value %d" % x)
                }

                """,
            ])
            let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
            #expect(error.kind == .python)
            #expect(error.message.contains("ValueError: bad value 1"))
            #expect(error.location?.file == tree.path("recipe.bb"))
            #expect(error.location?.line == 3)
        }

        @Test func aSyntaxErrorInADefIsAnError() throws {
            let tree = try RecipeTree(["recipe.bb": "A = \"a\"\ndef broken_for_tests(d):\n    return (\n"])
            let error = try #require(throws: EvaluationError.self) { try tree.evaluate() }
            #expect(error.message.contains("SyntaxError"))
            #expect(error.location?.file == tree.path("recipe.bb"))
        }

        // MARK: The d object

        @Test func datastoreAPIFromPython() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                python () {
                    d.setVar("INT", 5)
                    d.setVar("LIST", ["a", "b"])
                    d.setVar("BOOL", True)
                    d.setVar("NONE", None)
                    d.setVar("DICT", {"k": 1})
                    d.setVarFlag("A", "n", 7)
                    d.setVar("R", "r")
                    d.setVarFlag("R", "doc", "rdoc")
                    d.renameVar("R", "R2")
                    e = d.createCopy()
                    e.setVar("CP", "copy")
                    d.setVar("CPSEEN", str(e.getVar("CP")) + " " + str(d.getVar("CP")))
                    d.setVar("EXP", d.expand("${INT_NOT}-${R2}"))
                    d.setVar("RAW", d.getVar("EXP", False))
                }

                """,
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "INT", "LIST", "BOOL", "NONE", "DICT", "A[n]") == [
                "5", "['a', 'b']", "True", nil, "{'k': 1}", "7",
            ])
            #expect(try tree.query(d, "R", "R2", "R2[doc]", "CPSEEN", "CP", "EXP", "RAW") == [
                nil, "r", nil, "copy None", nil, "${INT_NOT}-r", "${INT_NOT}-r",
            ])
            #expect(try d.getVar("INT") == .int(5))
            #expect(try d.getVar("BOOL") == .bool(true))
        }

        @Test func settingFromPythonDropsActiveOverrides() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                OVERRIDES = "o"
                A = "base"
                A:o = "over"
                A:z = "zed"
                python () {
                    d.setVar("A", "new")
                }

                """,
            ])
            let d = try tree.evaluate()
            #expect(try tree.query(d, "A", "A:o", "A:z") == ["new", nil, "zed"])
        }

        @Test func aNonStringValueInAnExpansionFailsTheRead() throws {
            let tree = try RecipeTree(["recipe.bb": "B = \"${INT}\"\npython () {\n    d.setVar(\"INT\", 5)\n}\n"])
            let d = try tree.evaluate()
            let error = try #require(throws: EvaluationError.self) { try d.getVar("B") }
            #expect(error.message.contains("expected str instance, int found"))
        }

        @Test
        func membershipFollowsGetVar() throws {
            let tree = try RecipeTree([
                "recipe.bb": """
                python () {
                    d.setVarFlag("FLAGONLY", "doc", "x")
                    d.setVar("INT", 5)
                    d.setVar("IN", str("FLAGONLY" in d) + " " + str("INT" in d) + " " + str("NOPE" in d))
                }

                """,
            ])
            #expect(try tree.evaluate().string("IN") == "False True False")
        }
    }
}
