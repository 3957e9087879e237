import Testing
@testable import BakeRecipeParser

/// The datastore's performance structures must not change what BitBake would return: the
/// flattened snapshot of a much-read parent chain, and the indexed override lists.
@Suite struct DataStoreLayeringTests {
    /// A chain configuration → recipe deep enough for snapshots, read often enough to build one.
    private func deepChain() throws -> (base: DataStore, config: DataStore, recipe: DataStore) {
        let base = DataStore()
        try base.setVar("FROM_BASE", .string("base"), parsing: true)
        try base.setVar("SHADOWED", .string("base"), parsing: true)
        let config = base.createCopy()
        try config.setVar("SHADOWED", .string("config"), parsing: true)
        try config.setVar("FROM_CONFIG", .string("config"), parsing: true)
        let recipe = config.createCopy()
        for i in 0..<(DataStore.snapshotThreshold + 10) {
            _ = recipe.findVar("MISSING\(i % 7)")
        }
        #expect(config.flattened != nil)
        return (base, config, recipe)
    }

    @Test func snapshotAnswersLikeTheChain() throws {
        let (_, _, recipe) = try deepChain()
        #expect(try recipe.getVar("FROM_BASE") == .string("base"))
        #expect(try recipe.getVar("FROM_CONFIG") == .string("config"))
        #expect(try recipe.getVar("SHADOWED") == .string("config"))
        #expect(try recipe.getVar("MISSING1") == nil)
    }

    /// Reads are unexpanded: an expanded read is cached per datastore, and (as in BitBake) a
    /// write to a parent does not clear a copy's cache.
    @Test func writesToAnyParentReachCopiesDespiteSnapshot() throws {
        let (base, config, recipe) = try deepChain()
        #expect(try recipe.getVar("FROM_BASE", expand: false) == .string("base"))
        try base.setVar("FROM_BASE", .string("changed"), parsing: true)
        #expect(try recipe.getVar("FROM_BASE", expand: false) == .string("changed"))
        try config.setVar("NEW", .string("new"), parsing: true)
        #expect(try recipe.getVar("NEW", expand: false) == .string("new"))
        config.delVar("FROM_CONFIG")
        #expect(try recipe.getVar("FROM_CONFIG", expand: false) == nil)
        try base.setVarFlag("SHADOWED", "doc", .string("flag"))
        #expect(try recipe.getVarFlag("SHADOWED", "doc", expand: false) == nil)  // config's entry hides base's
        try config.setVarFlag("SHADOWED", "doc", .string("config flag"))
        #expect(try recipe.getVarFlag("SHADOWED", "doc", expand: false) == .string("config flag"))
    }

    @Test func recipeWritesStayLocal() throws {
        let (_, config, recipe) = try deepChain()
        try recipe.setVar("FROM_BASE", .string("recipe"), parsing: true)
        #expect(try recipe.getVar("FROM_BASE") == .string("recipe"))
        #expect(try config.getVar("FROM_BASE") == .string("base"))
    }

    private func entry(_ v: String, _ o: String) -> DataStore.OverrideEntry { .init(variable: v, override: o) }

    @Test(arguments: [3, 8, 9, 40])
    func overrideListKeepsOrderThroughRemovals(size: Int) {
        var list: OverrideList = []
        let entries = (0..<size).map { entry("A:o\($0)", "o\($0)") }
        for e in entries { list.append(e) }
        #expect(Array(list) == entries)
        var expected = entries
        for i in stride(from: 0, to: size, by: 2) {
            list.remove(entries[i])
            expected.removeAll { $0 == entries[i] }
            #expect(Array(list) == expected)
            #expect(list.count == expected.count)
            #expect(!list.contains(entries[i]))
        }
        list.remove(entry("A:absent", "absent"))
        #expect(Array(list) == expected)
        let late = entry("A:late", "late")
        list.append(late)
        #expect(Array(list) == expected + [late])
        #expect(list.contains(late))
    }

    @Test(arguments: [2, 20])
    func overrideListRemovesEveryRepeat(size: Int) {
        var list: OverrideList = []
        let others = (0..<size).map { entry("B:o\($0)", "o\($0)") }
        let repeated = entry("B:r", "r")
        list.append(repeated)
        for e in others { list.append(e) }
        list.append(repeated)
        #expect(list.count == size + 2)
        list.remove(repeated)
        #expect(Array(list) == others)
        #expect(!list.contains(repeated))
        list.remove(others[0])
        #expect(Array(list) == Array(others.dropFirst()))
    }

    @Test func overridesStillSelectAfterManyRenames() throws {
        let d = DataStore()
        try d.setVar("OVERRIDES", .string("x"), parsing: true)
        try d.setVar("PN", .string("p"), parsing: true)
        for i in 0..<20 { try d.setVar("FILES:${PN}-\(i)", .string("f\(i)"), parsing: true) }
        try d.setVar("FILES:x", .string("chosen"), parsing: true)
        try d.expandKeys()
        #expect(try d.getVar("FILES") == .string("chosen"))
        #expect(try d.getVar("FILES:p-7") == .string("f7"))
        #expect(try d.getVar("FILES:${PN}-7") == nil)
    }
}
