import BakeBasics
import Foundation
import Testing
@testable import BakeRecipeParser

/// The parse cache on CookerTests' two-layer tree: what each kind of change invalidates, and
/// that a cached result is always the one a parse gives.
@Suite(.serialized, .usesPython) struct ParseCacheTests {
    /// The layered tree plus a class, an include and a looked-for-but-absent include used by
    /// single recipes, with timestamps far enough in the past for results to be cacheable.
    static func tree() throws -> RecipeTree {
        let tree = try CookerTests.layeredTree(localConf: "LOCAL = \"1\"\n")
        try tree.write("base/classes/gizmo.bbclass", "GIZMO_CLASS = \"1\"\n")
        try tree.write("base/recipes/gadget_1.0.bb", "inherit gizmo\ninclude maybe.inc\nGADGET = \"plain\"\n")
        try tree.write("base/recipes/tool.inc", "TOOL_INC = \"1\"\n")
        try tree.write("base/recipes/tool_1.0.bb", "require tool.inc\nDESCRIPTION = \"tool\"\nWHO = \"base\"\n")
        settle()
        return tree
    }

    /// Waits out `RecipeParseResult.racyWindow`, so that files written so far count as settled.
    static func settle() {
        Thread.sleep(forTimeInterval: Double(RecipeParseResult.racyWindow) / 1e9 + 0.05)
    }

    struct Run {
        var outcome: CachedParse.Outcome
        /// File names (not paths) of the recipes parsed rather than served from the cache.
        var parsed: [String]
        var warnings: [String]

        func info(_ name: String) throws -> RecipeInfo {
            try #require(outcome.infos.first { $0.virtualFile.hasSuffix("/" + name) })
        }
    }

    static func run(_ tree: RecipeTree, environment: [String: String] = [:], useCache: Bool = true) throws -> Run {
        let cooker = try CookerTests.cooker(tree, environment: environment)
        var parse = CachedParse(cooker, useCache: useCache)
        let misses = parse.misses
        let outcome = parse.complete(with: parse.parseHere(misses))
        return Run(outcome: outcome, parsed: misses.map { ($0 as NSString).lastPathComponent }.sorted(),
                   warnings: outcome.warnings)
    }

    static let all = ["gadget_1.0.bb", "odd_1.0.bb", "tool_1.0.bb", "tool_2.0.bb"]

    @Test func secondRunServesEverythingFromTheCache() throws {
        let tree = try Self.tree()
        let first = try Self.run(tree)
        #expect(first.parsed == Self.all)
        #expect((first.outcome.cached, first.outcome.parsed) == (0, 4))
        #expect(FileManager.default.fileExists(atPath: tree.path("build/cache/" + ParseCache.fileName)))
        let second = try Self.run(tree)
        #expect(second.parsed == [])
        #expect((second.outcome.cached, second.outcome.parsed) == (4, 0))
        #expect(second.outcome.results == first.outcome.results)
        #expect(second.warnings.isEmpty)
    }

    @Test func cachedInfosEqualAFreshParse() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        let cached = try Self.run(tree)
        let uncached = try Self.run(tree, useCache: false)
        #expect(cached.parsed.isEmpty && uncached.parsed == Self.all)
        #expect(cached.outcome.infos == uncached.outcome.infos)
        let tool = try cached.info("tool_1.0.bb")
        #expect(tool.pn == "tool" && tool.pv == "1.0" && tool.pr == "r0")
        #expect(try cached.info("odd_1.0.bb").skipReason == "not for this machine")
    }

    @Test func touchingARecipeReparsesOnlyIt() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.touch("base/recipes/tool_2.0.bb")
        #expect(try Self.run(tree).parsed == ["tool_2.0.bb"])
    }

    @Test func changingABbappendReparsesTheRecipesItAppliesTo() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.write("extra/recipes/tool_%.bbappend", "PR = \"r7\"\n")
        let run = try Self.run(tree)
        #expect(run.parsed == ["tool_1.0.bb", "tool_2.0.bb"])
        #expect(try run.info("tool_1.0.bb").pr == "r7")
    }

    @Test func aNewBbappendReparsesItsRecipe() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.write("extra/recipes/tool_2.0.bbappend", "PR = \"r3\"\n")
        let run = try Self.run(tree)
        #expect(run.parsed == ["tool_2.0.bb"])
        #expect(try run.info("tool_2.0.bb").pr == "r3")
    }

    @Test func changingAClassReparsesItsInheritors() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.write("base/classes/gizmo.bbclass", "PV = \"9.9\"\n")
        let run = try Self.run(tree)
        #expect(run.parsed == ["gadget_1.0.bb"])
        #expect(try run.info("gadget_1.0.bb").pv == "9.9")
    }

    @Test func changingAnIncludeReparsesItsIncluders() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.write("base/recipes/tool.inc", "PE = \"2\"\n")
        let run = try Self.run(tree)
        #expect(run.parsed == ["tool_1.0.bb"])
        #expect(try run.info("tool_1.0.bb").pe == "2")
    }

    @Test func creatingAFileThatWasLookedForReparses() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        // `include maybe.inc` found nothing; the first BBPATH entry is the build directory.
        try tree.write("build/maybe.inc", "PR = \"r9\"\n")
        let run = try Self.run(tree)
        #expect(run.parsed == ["gadget_1.0.bb"])
        #expect(try run.info("gadget_1.0.bb").pr == "r9")
    }

    @Test func changingAConfigurationFileReparsesEverything() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.write("build/conf/local.conf", "LOCAL = \"2\"\n")
        Self.settle()
        #expect(try Self.run(tree).parsed == Self.all)
        #expect(try Self.run(tree).parsed == [])
    }

    /// As BitBake's: the configuration's content is in the key, so a configuration file saved
    /// again unchanged leaves every recipe's cached parse valid.
    @Test func touchingAConfigurationFileWithoutChangingItReparsesNothing() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        try tree.touch("build/conf/local.conf")
        Self.settle()
        #expect(try Self.run(tree).parsed == [])
    }

    @Test func onlyApprovedEnvironmentVariablesMatter() throws {
        let tree = try Self.tree()
        let environment = ["BB_ENV_PASSTHROUGH_ADDITIONS": "MYVAR", "MYVAR": "a", "SECRET": "x"]
        _ = try Self.run(tree, environment: environment)
        var changed = environment
        changed["SECRET"] = "y"
        #expect(try Self.run(tree, environment: changed).parsed == [])
        changed["MYVAR"] = "b"
        #expect(try Self.run(tree, environment: changed).parsed == Self.all)
    }

    @Test func dontCacheRecipesAreParsedEveryTime() throws {
        let tree = try Self.tree()
        try tree.write("base/recipes/tool_2.0.bb", "BB_DONT_CACHE = \"1\"\n")
        Self.settle()
        _ = try Self.run(tree)
        let run = try Self.run(tree)
        #expect(run.parsed == ["tool_2.0.bb"])
        #expect(try run.info("tool_2.0.bb").dontCache)
    }

    @Test(arguments: ["garbage", "truncated", "flipped"])
    func anUnusableCacheFileIsIgnoredWithAWarning(damage: String) throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        let path = tree.path("build/cache/" + ParseCache.fileName)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "garbage": bytes = Array("not a cache at all, not even close".utf8)
        case "truncated": bytes = Array(bytes.prefix(bytes.count - 10))
        default: bytes[bytes.count / 2] ^= 0x55
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try Self.run(tree)
        #expect(run.parsed == Self.all)
        #expect(run.warnings.count == 1)
        #expect(run.warnings.first?.contains(path) == true)
        #expect(try Self.run(tree).parsed == [])
    }

    @Test func aFileChangedDuringTheRunIsNotCached() throws {
        let tree = try Self.tree()
        _ = try Self.run(tree)
        // Written just now: it may change again within one timestamp tick, unnoticed.
        try tree.write("base/recipes/tool_2.0.bb", "PR = \"r4\"\n")
        #expect(try Self.run(tree).parsed == ["tool_2.0.bb"])
        Self.settle()
        let run = try Self.run(tree)
        #expect(run.parsed == ["tool_2.0.bb"])
        #expect(try run.info("tool_2.0.bb").pr == "r4")
        #expect(try Self.run(tree).parsed == [])
    }

    @Test func aFailingRecipeIsReportedWithItsLocationAndNotCached() throws {
        let tree = try Self.tree()
        try tree.write("base/recipes/tool_2.0.bb", "A = \"1\"\nthis is not metadata\n")
        Self.settle()
        let first = try Self.run(tree)
        #expect(first.outcome.failures.count == 1)
        let failure = try #require(first.outcome.failures.first)
        #expect(failure.file.hasSuffix("tool_2.0.bb"))
        #expect(failure.message.contains("tool_2.0.bb:2:"))
        #expect(first.outcome.results.count == 3)
        #expect(try Self.run(tree).parsed == ["tool_2.0.bb"])
    }

    @Test func theWorkerFramingRoundTripsAndRejectsDamage() throws {
        let tree = try Self.tree()
        let run = try Self.run(tree)
        var encoder = CompactEncoder()
        for result in run.outcome.results { result.encode(into: &encoder) }
        let bytes = encoder.finished()
        var decoder = try CompactDecoder(bytes)
        var decoded: [RecipeParseResult] = []
        for _ in run.outcome.results { decoded.append(try RecipeParseResult(from: &decoder)) }
        #expect(decoded == run.outcome.results && decoder.isAtEnd)
        // Every truncation is an error, never a crash.
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(throws: CompactDecoder.Malformed.self) {
                var d = try CompactDecoder(Array(bytes.prefix(length)))
                for _ in run.outcome.results { _ = try RecipeParseResult(from: &d) }
            }
        }
    }

    @Test func theConfigurationKeyIsStableAndSeesFlags() throws {
        let tree = try Self.tree()
        func key() throws -> [UInt8] {
            let cooker = try CookerTests.cooker(tree)
            return try ConfigurationHash.key(cooker.configuration.data, pythonLibraries: [])
        }
        let a = try key()
        #expect(try key() == a)
        try tree.write("build/conf/local.conf", "LOCAL = \"1\"\nLOCAL[doc] = \"a flag\"\n")
        #expect(try key() != a)
    }
}

extension RecipeTree {
    func write(_ name: String, _ text: String) throws {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Sets the file's modification time to now, content unchanged.
    func touch(_ name: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path(name))
    }
}
