import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake parse FILE...`: parses each recipe on its own (as `bake eval` does) and prints a
/// summary; errors are reported with their location and counted, the others still parse.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse recipe files and report errors and throughput."
    )

    @Option(help: "Search path for classes and includes (default: each recipe's folder).")
    var bbpath: String?

    @Option(name: .customLong("config"), help: "A configuration file parsed first (repeatable).")
    var configFiles: [String] = []

    @Flag(help: "Print throughput figures.")
    var stats = false

    @Argument(help: "Recipe files (.bb).")
    var files: [String]

    func run() throws {
        let evaluator = MetadataEvaluator()
        let clock = ContinuousClock()
        let start = clock.now
        let configuration = configFiles.isEmpty ? nil : try reportingErrors { () throws(EvaluationError) in
            try evaluator.evaluateConfiguration(files: configFiles, bbpath: bbpath.map(absolutePath))
        }
        var failed = 0, skipped = 0
        for file in files {
            do {
                let store = try evaluator.evaluateRecipe(
                    at: absolutePath(file), configuration: configuration,
                    bbpath: configuration == nil ? bbpath.map(absolutePath) : nil)
                if try store.getVar("__SKIPPED", expand: false)?.isTruthy == true { skipped += 1 }
            } catch {
                failed += 1
                FileHandle.standardError.write(Data((error.diagnostic.withSourceLineFromFile().description + "\n").utf8))
            }
        }
        let seconds = (clock.now - start).secondsValue
        print("Parsed \(files.count) .bb files: \(files.count - failed - skipped) targets, \(skipped) skipped, \(failed) errors.")
        if stats {
            print(String(format: "parse time %.3f s, %.1f recipes/s", seconds, Double(files.count) / max(seconds, 1e-9)))
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

extension Duration {
    var secondsValue: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
