import BakeRecipeParser
@testable import BakeScheduler
import Foundation
import Testing

/// bake's task signatures against the real BitBake library on the recipes in
/// `Tests/SignatureConformance/cases`: the same tasks, the same direct dependencies and
/// text for every name reached, the same set of names per task and the same basehashes.
@Suite("Task signatures match BitBake", .serialized, .usesPython)
struct SignatureConformanceTests {
    static let caseNames: [String] = (try? FileManager.default.contentsOfDirectory(atPath: SignatureOracle.cases.path))?
        .filter { !$0.hasPrefix(".") }.sorted() ?? []

    /// The oracle's results for every case, computed once (one Python process).
    static let oracle: Result<[String: SignatureOracle.RecipeResult], any Error> = Result {
        let paths = caseNames.map { SignatureOracle.cases.appendingPathComponent($0).path }
        let results = try SignatureOracle.run(["recipe"] + paths, as: SignatureOracle.RecipeResult.self)
        return Dictionary(uniqueKeysWithValues: results.map { ($0.case, $0) })
    }

    static func bakeSignatures(_ name: String) throws -> RecipeSignatures {
        let recipe = SignatureOracle.cases.appendingPathComponent(name).appendingPathComponent("recipe.bb").path
        let store = try MetadataEvaluator().evaluateRecipe(at: recipe)
        return try RecipeSignatures(store: store)
    }

    @Test("Fixtures are present")
    func fixturesPresent() {
        #expect(Self.caseNames.count >= 10)
    }

    @Test("Dependencies and basehashes", .enabled(if: SignatureOracle.isAvailable, "needs .venv-oracle"),
          arguments: caseNames)
    func matchesBitBake(_ name: String) throws {
        let expected = try #require(try Self.oracle.get()[name], "no oracle result for \(name)")
        if let error = expected.error { Issue.record("BitBake failed on \(name): \(error)"); return }
        let ours = try Self.bakeSignatures(name)
        let tasks = try #require(expected.tasks)
        let gendeps = try #require(expected.gendeps)
        let values = try #require(expected.values)

        #expect(Set(ours.graph.tasks) == Set(tasks.keys), "tasks of \(name)")
        for (task, facts) in tasks {
            #expect(ours.taskVariables[task] == Set(facts.deps), "\(name):\(task) depends on")
            #expect(ours.basehashes[task] == facts.basehash, "\(name):\(task) basehash")
        }
        for (variable, deps) in gendeps {
            #expect(ours.graph.dependencies[variable] == Set(deps), "\(name): direct dependencies of \(variable)")
            #expect(ours.graph.values[variable] == .some(values[variable] ?? nil), "\(name): value of \(variable)")
        }
    }
}
