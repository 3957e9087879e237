import Testing
@testable import BakeRecipeParser

extension EvaluatorTests {
    /// The expansion cache keeps a result until something it read is written. Each recipe
    /// counts how often its inline Python really runs (a function with a private counter),
    /// which is the only way to see the cache at work: the values themselves are BitBake's
    /// (the conformance cases 505-519 compare them with the BitBake library).
    @Suite struct ExpansionCaching {
        /// What the anonymous function left in `SEEN`, for a recipe whose `RUNS` expression
        /// counts its own evaluations (with `more` appended to the recipe).
        private func seen(_ name: String, reads: String, anonymous: String, more: String = "") throws -> String? {
            let tree = try RecipeTree(["recipe.bb": recipe(name, reads: reads, anonymous: anonymous) + more])
            return try tree.query(try tree.evaluate(), "SEEN")[0]
        }

        private func recipe(_ name: String, reads: String, anonymous: String) -> String {
            """
            def \(name)(d, box=[0]):
                box[0] += 1
                return str(box[0])
            RUNS = "${@\(name)(d)}\(reads)"
            python () {
            \(anonymous)
            }

            """
        }

        @Test func aWriteToAnotherVariableKeepsTheResult() throws {
            let result = try seen("count_kept", reads: ":${B}", anonymous: """
                    seen = [d.getVar("RUNS")]
                    d.setVar("UNRELATED", "x")
                    d.appendVar("OTHER", "y")
                    seen.append(d.getVar("RUNS"))
                    d.setVar("SEEN", " ".join(seen))
                """, more: "B = \"b\"\n")
            #expect(result == "1:b 1:b")
        }

        @Test func aWriteToWhatItReadsRecomputesIt() throws {
            let result = try seen("count_reread", reads: ":${B}", anonymous: """
                    seen = [d.getVar("RUNS")]
                    d.setVar("C", "c2")
                    seen.append(d.getVar("RUNS"))
                    d.setVar("RUNS:append", "+")
                    seen.append(d.getVar("RUNS"))
                    d.setVar("SEEN", " ".join(seen))
                """, more: "B = \"${C}\"\nC = \"c1\"\n")
            // B reads C: writing C drops B's and RUNS's results; an append to RUNS drops RUNS.
            #expect(result == "1:c1 2:c2 3:c2+")
        }

        @Test func listingTheKeysMakesAResultLastUntilTheNextWrite() throws {
            let result = try seen("count_keys", reads: ":${@len(list(d.keys())) > 0}", anonymous: """
                    seen = [d.getVar("RUNS"), d.getVar("RUNS")]
                    d.setVar("UNRELATED", "x")
                    seen.append(d.getVar("RUNS"))
                    d.setVar("SEEN", " ".join(seen))
                """)
            #expect(result == "1:True 1:True 2:True")
        }

        @Test func aChangeOfOverridesDropsOnlyWhatConsultedThem() throws {
            let result = try seen("count_overrides", reads: ":${V}", anonymous: """
                    seen = [d.getVar("RUNS"), d.getVar("PLAIN")]
                    d.setVar("X", "c")
                    seen += [d.getVar("RUNS"), d.getVar("PLAIN")]
                    d.setVar("SEEN", " ".join(seen))
                """, more: """
                OVERRIDES = "a:${X}"
                X = "b"
                V = "v"
                V:c = "vc"
                def count_plain(d, box=[0]):
                    box[0] += 1
                    return str(box[0])
                PLAIN = "${@count_plain(d)}"

                """)
            #expect(result == "1:v 1 2:vc 1")
        }
    }
}
