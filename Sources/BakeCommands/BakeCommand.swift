public import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake`: the command line, a thin layer over the libraries.
///
/// Like `bitbake`, `bake [options] TARGET...` acts on targets (`TargetCommand`); tools are
/// subcommands (`bake eval ...`). The first argument decides which.
public struct BakeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "A BitBake-compatible build tool.",
        discussion: "bake [-e] TARGET... works on targets as bitbake does; the subcommands below are tools.",
        subcommands: [EvalCommand.self, ParseCommand.self, ParseReportCommand.self, QueryCommand.self, DumpSignatureCommand.self, DiffSignaturesCommand.self, PythonTaskCommand.self, ParseWorkerCommand.self]
    )

    public init() {}

    /// Parses the process arguments and runs the chosen command (the executable's only call).
    public static func runMain() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let tools = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        if let first = arguments.first, !tools.contains(first), first != "--help", first != "-h" {
            await TargetCommand.main(arguments)
        } else {
            main(arguments)
        }
    }
}

/// Runs `body`; a metadata error is printed as a diagnostic and becomes exit status 1.
func reportingErrors<T>(_ body: () throws(EvaluationError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        FileHandle.standardError.write(Data((error.diagnostic.withSourceLineFromFile().description + "\n").utf8))
        throw ExitCode(1)
    }
}

func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}
