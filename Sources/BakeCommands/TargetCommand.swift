import ArgumentParser
import BakeBasics
import BakeExecutor
import BakeRecipeParser
import Foundation

/// `bake [-p | -s | -e] [TARGET...]`: the bitbake-style interface, run from a build
/// directory (one with `conf/bblayers.conf`, as `oe-init-build-env` makes).
struct TargetCommand: AsyncParsableCommand {
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

    @Option(name: [.customShort("c"), .customLong("cmd")], help: "The task to run (default: BB_DEFAULT_TASK, build).")
    var task: String?

    @Flag(name: [.customShort("f"), .customLong("force")], help: "Run the task even if its stamp is current.")
    var force = false

    @Option(name: [.customShort("C"), .customLong("clear-stamp")], help: "Invalidate this task's stamp, then build the default task.")
    var clearStamp: String?

    @Flag(name: [.customShort("k"), .customLong("continue")], help: "Keep going after a failure with whatever does not depend on it.")
    var keepGoing = false

    @Flag(name: [.customShort("n"), .customLong("dry-run")], help: "Show what would run and why; run nothing.")
    var dryRun = false

    @Option(name: [.customShort("j"), .customLong("jobs")], help: "Tasks run at once (default: BB_NUMBER_THREADS); with -p, -s or -e, parsing processes (default: BB_NUMBER_PARSE_THREADS). Else the cores.")
    var jobs: Int?

    @Option(name: .customLong("runall"), help: "Run this task for every recipe the targets reach (repeatable).")
    var runAll: [String] = []

    @Option(name: .customLong("runonly"), help: "Run only this task of every recipe the targets reach, and what it needs.")
    var runOnly: [String] = []

    @Argument(help: "Targets: recipe names, or with -e a recipe file (.bb).")
    var targets: [String] = []

    func run() async throws {
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
        if parseOnly, !showVersions, targets.isEmpty, let warm = timed("warm parse from the snapshot", {
            WarmParse.attempt(workingDirectory: FileManager.default.currentDirectoryPath,
                              environment: ProcessInfo.processInfo.environment)
        }) {
            // Nothing changed since the last parse: the configuration is not even built.
            for warning in warm.warnings { printWarning(warning) }
            print(ParseSession.Summary(warm: warm).line)
            return
        }
        // A full parse: its workers build their configuration while this process builds its own.
        let listing = (parseOnly || showVersions) && !environment
        let workers = listing ? ParseWorkers.start(count: (jobs ?? ProcessInfo.processInfo.activeProcessorCount) - 1) : nil
        let cookerStart = ContinuousClock.now
        let cooker = try reportingErrors { () throws(EvaluationError) in
            try Cooker(.init(workingDirectory: FileManager.default.currentDirectoryPath,
                             environment: ProcessInfo.processInfo.environment, trackHistory: environment,
                             afterConfigurationEvents: { workers?.configurationReady() }))
        }
        ParseSession.reportTiming("configuration and recipe files", ContinuousClock.now - cookerStart)
        for warning in cooker.configuration.warnings { printWarning(warning.message) }
        for warning in cooker.files.warnings { printWarning(warning) }

        if environment {
            let store: DataStore
            if let target = targets.first {
                let session = ParseSession(cooker: cooker, jobs: jobs)
                do {
                    store = try session.targetStore(target)
                } catch let error as TargetError {
                    printError(error.description)
                    throw ExitCode(1)
                }
            } else {
                store = cooker.configuration.data
            }
            print(try reportingErrors { () throws(EvaluationError) in try EnvironmentDump(store).render() }, terminator: "")
            return
        }
        if parseOnly || showVersions || targets.isEmpty {
            let session = ParseSession(cooker: cooker, jobs: jobs, workers: workers)
            let summary = session.parseAll()
            if showVersions { try session.printVersions() } else { print(summary.line) }
            if targets.isEmpty && !parseOnly && !showVersions {
                throw ValidationError("Nothing to do: name the targets to build (bake --help).")
            }
            if summary.errors > 0 { throw ExitCode(1) }
            return
        }
        try await build(cooker)
    }

    private func build(_ cooker: Cooker) async throws {
        var request = BuildRequest(targets: targets, task: task)
        request.force = force
        request.invalidate = clearStamp
        request.keepGoing = keepGoing
        request.dryRun = dryRun
        request.jobs = jobs
        request.runAll = runAll
        request.runOnly = runOnly
        let session = BuildSession(cooker: cooker, bakeExecutable: executablePath(),
                                   environment: ProcessInfo.processInfo.environment)
        let result: BuildSession.Result
        do {
            result = try await session.run(request)
        } catch let error as ExecutorError where error.location == nil {
            // A build that cannot start: BitBake's ERROR line, exit status 1.
            printError(error.message)
            throw ExitCode(1)
        }
        if !result.succeeded { throw ExitCode(1) }
    }
}

/// This process's executable, for re-running bake (workers, Python tasks).
func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

func printWarning(_ message: String) {
    FileHandle.standardError.write(Data("WARNING: \(message)\n".utf8))
}

/// BitBake's shape for what stops a command: one `ERROR:` line on standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("ERROR: \(message)\n".utf8))
}
