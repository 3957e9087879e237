import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake [-p | -s | -e] [TARGET...]`: the bitbake-style interface, run from a build
/// directory (one with `conf/bblayers.conf`, as `oe-init-build-env` makes).
struct TargetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "Work on targets as bitbake does."
    )

    @Flag(name: .customShort("e"), help: "Show the configuration, or the datastore of the target recipe, with each variable's history (bitbake -e).")
    var environment = false

    @Flag(name: [.customShort("p"), .customLong("parse-only")], help: "Parse every recipe and print the summary (bitbake -p).")
    var parseOnly = false

    @Flag(name: [.customShort("s"), .customLong("show-versions")], help: "List recipes with their latest and preferred versions (bitbake -s).")
    var showVersions = false

    @Option(name: [.customShort("j"), .long], help: "Parsing processes (default: BB_NUMBER_PARSE_THREADS, else the number of cores).")
    var jobs: Int?

    @Argument(help: "Targets: recipe names, or with -e a recipe file (.bb).")
    var targets: [String] = []

    func run() throws {
        if environment, targets.count == 1, let file = targets.first, file.hasSuffix(".bb"),
           CookerConfiguration.findLayersFile(workingDirectory: FileManager.default.currentDirectoryPath,
                                               environment: ProcessInfo.processInfo.environment) == nil {
            // A lone recipe file outside a build directory: parsed on an empty configuration.
            let store = try reportingErrors { () throws(EvaluationError) in
                try MetadataEvaluator().evaluateRecipe(at: absolutePath(file), trackHistory: true)
            }
            print(try reportingErrors { () throws(EvaluationError) in try EnvironmentDump(store).render() }, terminator: "")
            return
        }
        let cookerStart = ContinuousClock.now
        let cooker = try reportingErrors { () throws(EvaluationError) in
            try Cooker(.init(workingDirectory: FileManager.default.currentDirectoryPath,
                             environment: ProcessInfo.processInfo.environment, trackHistory: environment))
        }
        ParseSession.reportTiming("configuration and recipe files", ContinuousClock.now - cookerStart)
        for warning in cooker.configuration.warnings { printWarning(warning.message) }
        for warning in cooker.files.warnings { printWarning(warning) }

        if environment {
            let store: DataStore
            if let target = targets.first {
                let session = ParseSession(cooker: cooker, jobs: jobs)
                store = try session.targetStore(target)
            } else {
                store = cooker.configuration.data
            }
            print(try reportingErrors { () throws(EvaluationError) in try EnvironmentDump(store).render() }, terminator: "")
            return
        }
        let session = ParseSession(cooker: cooker, jobs: jobs)
        let summary = session.parseAll()
        if showVersions {
            try session.printVersions()
        } else if parseOnly || targets.isEmpty {
            print(summary.line)
            if !targets.isEmpty || !parseOnly {
                throw ValidationError("building targets is not supported yet: use -p, -s or -e")
            }
        } else {
            throw ValidationError("building targets is not supported yet: use -p, -s or -e")
        }
        if summary.errors > 0 { throw ExitCode(1) }
    }
}

func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("WARNING: \(message)\n".utf8))
}
