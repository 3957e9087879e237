import ArgumentParser
import BakeBasics
import BakeExecutor
import BakeRecipeParser
import Foundation

/// `bake python-task`: runs one Python task of one recipe, as BitBake's worker does, inside
/// the task's sandbox (the build starts it; it is not meant to be typed). It rebuilds the
/// configuration from the build directory with the build's environment, parses the recipe
/// and runs the task in the working directory it was started in.
struct PythonTaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "python-task", abstract: "Run one Python task (used by builds).", shouldDisplay: false)

    @Option(help: "The build directory.")
    var topdir: String

    @Option(help: "The build's environment, as a JSON object.")
    var environmentFile: String

    @Argument(help: "The recipe's virtual filename.")
    var target: String

    @Argument(help: "The task, e.g. do_package.")
    var task: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: environmentFile),
              let environment = try? JSONDecoder().decode([String: String].self, from: data) else {
            throw ValidationError("cannot read the build environment from \(environmentFile)")
        }
        try reportingErrors { () throws(EvaluationError) in
            let cooker = try Cooker(.init(workingDirectory: topdir, environment: environment))
            let file = target.split(separator: ":").last.map(String.init) ?? target
            guard let parsed = try cooker.parse(file).first(where: { $0.virtualFile == target }) else {
                throw EvaluationError(.fatal, "\(target) has no such target")
            }
            // Tasks download and unpack through `bb.fetch2`, which calls bake's fetcher, and
            // run shell functions through `bb.build.exec_func`.
            let python = try PythonInterpreter.shared()
            Fetcher.provide(to: python)
            ShellTask.provideExecFunc(to: python)
            try cooker.evaluator.runPythonTask(task, in: parsed.store)
        }
    }
}
