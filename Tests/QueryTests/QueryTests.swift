import BakeScheduler
import Testing
@testable import BakeQuery

/// zlib <- openssl <- curl, and app needs curl and zlib; each recipe has fetch -> compile -> install.
private func sampleGraph() -> TaskGraph {
    var graph = TaskGraph()
    let recipes = ["zlib", "openssl", "curl", "app"]
    let chain = ["do_fetch", "do_compile", "do_install"]
    for recipe in recipes {
        for task in chain { _ = graph.add(TaskNode(TaskID(recipe, task))) }
        _ = graph.addDependency(TaskID(recipe, "do_compile"), on: TaskID(recipe, "do_fetch"))
        _ = graph.addDependency(TaskID(recipe, "do_install"), on: TaskID(recipe, "do_compile"))
    }
    for (user, dependency) in [("openssl", "zlib"), ("curl", "openssl"), ("app", "curl"), ("app", "zlib")] {
        _ = graph.addDependency(TaskID(user, "do_compile"), on: TaskID(dependency, "do_install"))
    }
    return graph
}

@Suite struct QueryParserTests {
    @Test func functionsPatternsAndOperators() throws {
        #expect(try QueryParser.parse("deps(app:do_install)") == .deps(.pattern("app:do_install"), depth: nil))
        #expect(try QueryParser.parse("rdeps(zlib:*, 2)") == .rdeps(.pattern("zlib:*"), depth: 2))
        #expect(try QueryParser.parse("a:b + c:d - e:f") == .difference(.union(.pattern("a:b"), .pattern("c:d")), .pattern("e:f")))
        #expect(try QueryParser.parse("somepath(a:x, (b:y ^ c:z))") == .somepath(.pattern("a:x"), .intersection(.pattern("b:y"), .pattern("c:z"))))
    }

    @Test func recipeNamesKeepTheirDashesAndPluses() throws {
        #expect(try QueryParser.parse("gcc-cross-x86:do_compile") == .pattern("gcc-cross-x86:do_compile"))
        #expect(try QueryParser.parse("libstdc++:*") == .pattern("libstdc++:*"))
    }

    @Test func syntaxErrorsNameTheColumn() {
        #expect(throws: QueryError.self) { try QueryParser.parse("deps(app:do_install") }
        do {
            _ = try QueryParser.parse("deps(app:do_install")
        } catch {
            #expect(error.column == 20)
            #expect(error.description.contains("query:1:20: error: expected ')'"))
        }
        #expect(throws: QueryError.self) { try QueryParser.parse("frobnicate(x:y)") }
        #expect(throws: QueryError.self) { try QueryParser.parse("deps(a:b, deep)") }
    }
}

@Suite struct QueryEngineTests {
    let engine = QueryEngine(graph: sampleGraph())

    @Test func depsIsTheTransitiveClosureInDependencyOrder() throws {
        let result = try engine.evaluate("deps(openssl:do_install)")
        #expect(Set(result.map(\.description)) == [
            "openssl:do_fetch", "openssl:do_compile", "openssl:do_install",
            "zlib:do_fetch", "zlib:do_compile", "zlib:do_install",
        ])
        // Everything a task needs comes before it.
        let index = Dictionary(uniqueKeysWithValues: result.enumerated().map { ($1, $0) })
        #expect(index[TaskID("zlib", "do_install")]! < index[TaskID("openssl", "do_compile")]!)
    }

    @Test func depthLimitsTheClosure() throws {
        #expect(try engine.evaluate("deps(app:do_compile, 1)").map(\.description).sorted()
            == ["app:do_compile", "app:do_fetch", "curl:do_install", "zlib:do_install"])
    }

    @Test func rdepsFindsEverythingThatNeedsATask() throws {
        let result = Set(try engine.evaluate("rdeps(zlib:do_install) - zlib:*").map(\.description))
        #expect(result.contains("app:do_install"))
        #expect(result.contains("curl:do_compile"))
        #expect(!result.contains("curl:do_fetch"))
    }

    @Test func somepathIsOneShortestChain() throws {
        #expect(try engine.evaluate("somepath(app:do_install, zlib:do_fetch)").map(\.description)
            == ["zlib:do_fetch", "zlib:do_compile", "zlib:do_install", "app:do_compile", "app:do_install"])
    }

    @Test func allpathsIncludesEveryRoute() throws {
        let result = Set(try engine.evaluate("allpaths(app:do_install, zlib:do_install)").map(\.description))
        #expect(result.contains("curl:do_compile"))
        #expect(result.contains("openssl:do_install"))
        #expect(!result.contains("curl:do_fetch"))
    }

    @Test func patternsUseStars() throws {
        #expect(try engine.evaluate("*:do_fetch").count == 4)
        #expect(throws: QueryError.self) { try engine.evaluate("nosuch:*") }
    }

    @Test func starMatching() {
        #expect(QueryEngine.matches("z*:do_*", "zlib:do_fetch"))
        #expect(QueryEngine.matches("*", ""))
        #expect(!QueryEngine.matches("zlib:do_f*h", "zlib:do_fetch_all"))
        #expect(QueryEngine.matches("*b*b*", "abcbd"))
    }
}
