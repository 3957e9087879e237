import Foundation
import Testing
@testable import BakeRecipeParser

extension EvaluatorTests {
    /// `bake -e`: the datastore written as `bitbake -e` writes it (`bb.data.emit_env` with
    /// history, then the Python functions). The expected blocks are BitBake's own output for
    /// the same recipe.
    @Suite struct EnvironmentDumpTests {
        private func dump(_ recipe: String) throws -> (String, RecipeTree) {
            let tree = try RecipeTree(["recipe.bb": recipe])
            let store = try tree.evaluate(trackHistory: true)
            return (try EnvironmentDump(store).render(), tree)
        }

        private let recipe = """
        A = "a"
        A += "b"
        export B = "${A}"
        C = "x"
        unset C
        do_x() {
            echo "$A"
        }
        python do_y() {
            pass
        }
        OVERRIDES = "o"
        D = "d"
        D:o = "do"

        """

        @Test func historyOfAVariableWithSeveralOperations() throws {
            let (out, tree) = try dump(recipe)
            let file = tree.path("recipe.bb")
            #expect(out.contains("""
            #
            # $A [2 operations]
            #   set \(file):1
            #     "a"
            #   append \(file):2
            #     "b"
            # pre-expansion value:
            #   "a b"
            A="a b"

            """))
        }

        @Test func historyOfAVariableWithOneOperation() throws {
            let (out, tree) = try dump(recipe)
            #expect(out.contains("""
            #
            # $OVERRIDES
            #   set \(tree.path("recipe.bb")):12
            #     "o"
            OVERRIDES="o"

            """))
        }

        @Test func overrideHistoryIsShownWithTheBaseVariable() throws {
            let (out, tree) = try dump(recipe)
            let file = tree.path("recipe.bb")
            #expect(out.contains("""
            # $D [2 operations]
            #   set \(file):13
            #     "d"
            #   override[o]:set \(file):14
            #     "do"
            # pre-expansion value:
            #   "do"
            D="do"

            """))
            #expect(out.contains("# $D:o\n#   set \(file):14\n#     \"do\"\nD:o=\"do\"\n"))
        }

        @Test func exportedVariablesAreMarked() throws {
            let (out, _) = try dump(recipe)
            #expect(out.contains("\nexport B=\"a b\"\n"))
        }

        @Test
        func exportHistoryShowsTheFlagValue() throws {
            let (out, tree) = try dump(recipe)
            #expect(out.contains("#   exported \(tree.path("recipe.bb")):3\n#     [export] \"1\"\n"))
        }

        @Test func unsetAndInternalVariablesAreLeftOut() throws {
            let (out, _) = try dump(recipe)
            #expect(!out.contains("# $C"))
            #expect(!out.contains("\nC="))
            #expect(!out.contains("__BBTASKS"))
            #expect(!out.contains("__inherit_cache"))
        }

        @Test func shellFunctionsFollowTheVariables() throws {
            let (out, tree) = try dump(recipe)
            let function = "# line: 6, file: \(tree.path("recipe.bb"))\ndo_x() {\n    echo \"$A\"\n}\n"
            let range = try #require(out.range(of: function))
            let lastVariable = try #require(out.range(of: "OVERRIDES=\"o\"\n"))
            #expect(lastVariable.upperBound <= range.lowerBound)
        }

        @Test func pythonFunctionsComeLast() throws {
            let (out, _) = try dump(recipe)
            #expect(out.hasSuffix("\npython do_y () {\n    pass\n}\n\n"))
        }

        @Test func valuesAreQuotedForTheShell() throws {
            let (out, tree) = try dump("V = 'say \"hi\" `x` $HOME'\nW = \"a${@chr(10)}b\"\nU = \"u\"\nU[unexport] = \"1\"\n")
            let file = tree.path("recipe.bb")
            #expect(out.contains("# $V\n#   set \(file):1\n#     \"say \"hi\" `x` $HOME\"\nV=\"say \\\"hi\\\" \\`x\\` \\$HOME\"\n"))
            #expect(out.contains("\nW=\"a \\\nb\"\n"))
            #expect(out.contains("# pre-expansion value:\n#   \"u\"\nunset U\n"))
        }

        @Test func anExpansionErrorIsReportedInPlace() throws {
            let (out, _) = try dump("X = \"${@undefined_for_env_dump}\"\nY = \"y\"\n")
            #expect(out.contains("# expansion of X threw ExpansionError: Failure expanding variable X, expression was "
                + "${@undefined_for_env_dump} which triggered exception NameError: name 'undefined_for_env_dump' is not defined"))
            #expect(out.contains("\nY=\"y\"\n"))
        }
    }
}
