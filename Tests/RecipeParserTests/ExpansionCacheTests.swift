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

/// `ExpansionCache` on its own: the bookkeeping the datastore relies on.
@Suite struct ExpansionCacheTableTests {
    private func begin(_ cache: inout ExpansionCache, _ name: String) {
        let node = cache.node(name)
        cache.begin(node, "")
    }

    /// The stored content result of `name`, if still valid under definition epoch `epoch`.
    private func result(_ cache: inout ExpansionCache, _ name: String, epoch: Int = 0) -> Expansion? {
        let node = cache.node(name)
        return cache.result(node, "", pythonEpoch: { epoch })
    }

    private func compute(_ cache: inout ExpansionCache, _ name: String, reading: [String] = []) -> Expansion {
        begin(&cache, name)
        for other in reading { cache.read(other) }
        let result = Expansion(value: .string(name), unexpanded: .string(name))
        cache.end(storing: result, pythonEpoch: { 0 })
        return result
    }

    @Test func aWriteDropsWhatReadTheNameTransitivelyAndNothingElse() {
        var cache = ExpansionCache()
        _ = compute(&cache, "C")
        begin(&cache, "A")
        cache.read("B")
        _ = compute(&cache, "B", reading: ["C"])
        cache.end(storing: Expansion(value: .string("a"), unexpanded: nil), pythonEpoch: { 0 })
        _ = compute(&cache, "D")
        cache.written("C")
        #expect(result(&cache, "C") == nil)
        #expect(result(&cache, "B") == nil)
        #expect(result(&cache, "A") == nil)
        #expect(result(&cache, "D") != nil)
        // A write to `D:append` (or `D:o`) concerns D.
        cache.written("D:append")
        #expect(result(&cache, "D") == nil)
    }

    @Test func aFullTableStartsAfreshWithoutKeepingTheResultThatFilledIt() {
        var cache = ExpansionCache()
        for i in 0..<ExpansionCache.maximumEntries { _ = compute(&cache, "V\(i)") }
        #expect(result(&cache, "V0") != nil)
        _ = compute(&cache, "LAST", reading: ["X"])
        // The reset dropped everything, the result being stored included (its reads are gone).
        #expect(result(&cache, "V0") == nil)
        #expect(result(&cache, "LAST") == nil)
        // Afterwards results are kept and tracked again.
        _ = compute(&cache, "AFTER", reading: ["X"])
        #expect(result(&cache, "AFTER") != nil)
        cache.written("X")
        #expect(result(&cache, "AFTER") == nil)
    }

    @Test func aResultThatRanPythonLastsWhileNoDefIsRedefined() {
        var cache = ExpansionCache()
        begin(&cache, "P")
        cache.ranPython()
        cache.end(storing: Expansion(value: .string("p"), unexpanded: nil), pythonEpoch: { 7 })
        #expect(result(&cache, "P", epoch: 7) != nil)
        #expect(result(&cache, "P", epoch: 8) == nil)
    }
}
