import Foundation
import Testing
@testable import BakeRecipeParser

/// The configuration snapshot that lets a warm `bake -p` skip building the configuration: it
/// answers only while nothing the configuration or any recipe depends on has changed.
@Suite(.serialized, .usesPython) struct ConfigurationSnapshotTests {
    func warm(_ tree: RecipeTree, environment: [String: String] = [:]) -> WarmParse? {
        WarmParse.attempt(workingDirectory: tree.path("build"), environment: environment)
    }

    /// A full parse through the cache, which records the snapshot.
    func parse(_ tree: RecipeTree, environment: [String: String] = [:]) throws -> ParseCacheTests.Run {
        let run = try ParseCacheTests.run(tree, environment: environment)
        ParseCacheTests.settle()
        return run
    }

    @Test func anUnchangedTreeIsAnsweredFromTheSnapshotWithTheFullParsesCounts() throws {
        let tree = try ParseCacheTests.tree()
        #expect(warm(tree) == nil)
        let full = try parse(tree)
        let answer = try #require(warm(tree))
        #expect(answer.files.recipes == full.outcome.results.map(\.file))
        #expect(answer.infos == full.outcome.infos)
        #expect(answer.infos.filter { $0.skipReason != nil }.count == 1)
    }

    @Test func aConfigurationChangeInvalidatesIt() throws {
        let tree = try ParseCacheTests.tree()
        _ = try parse(tree)
        try tree.write("build/conf/local.conf", "LOCAL = \"2\"\n")
        ParseCacheTests.settle()
        #expect(warm(tree) == nil)
        _ = try parse(tree)
        #expect(warm(tree) != nil)
    }

    @Test func creatingAConfigurationFileThatWasLookedForInvalidatesIt() throws {
        let tree = try ParseCacheTests.tree()
        _ = try parse(tree)
        // bitbake.conf is searched along BBPATH; the build directory comes first.
        try tree.write("build/conf/bitbake.conf", "NEW = \"1\"\n")
        ParseCacheTests.settle()
        #expect(warm(tree) == nil)
    }

    @Test func aRecipeChangeOrANewRecipeNeedsTheRealParse() throws {
        let tree = try ParseCacheTests.tree()
        _ = try parse(tree)
        try tree.touch("base/recipes/tool_2.0.bb")
        ParseCacheTests.settle()
        #expect(warm(tree) == nil)
        _ = try parse(tree)
        #expect(warm(tree) != nil)
        try tree.write("base/recipes/newer_1.0.bb", "LICENSE = \"MIT\"\n")
        ParseCacheTests.settle()
        #expect(warm(tree) == nil)
    }

    @Test func onlyApprovedEnvironmentVariablesMatter() throws {
        let tree = try ParseCacheTests.tree()
        let environment = ["BB_ENV_PASSTHROUGH_ADDITIONS": "MYVAR", "MYVAR": "a", "SECRET": "x"]
        _ = try parse(tree, environment: environment)
        var changed = environment
        changed["SECRET"] = "y"
        #expect(warm(tree, environment: changed) != nil)
        changed["MYVAR"] = "b"
        #expect(warm(tree, environment: changed) == nil)
    }

    @Test func aDamagedSnapshotIsIgnored() throws {
        let tree = try ParseCacheTests.tree()
        _ = try parse(tree)
        try tree.write("build/cache/bake_configuration.json", "{ not json")
        #expect(warm(tree) == nil)
        _ = try parse(tree)
        #expect(warm(tree) != nil)
    }
}
