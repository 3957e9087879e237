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
        subcommands: [EvalCommand.self, ParseCommand.self, QueryCommand.self]
    )

    public init() {}

    /// Parses the process arguments and runs the chosen command (the executable's only call).
    public static func runMain() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let tools = Set(configuration.subcommands.map { $0._commandName } + ["help"])
        if let first = arguments.first, !tools.contains(first), first != "--help", first != "-h" {
            TargetCommand.main(arguments)
        } else {
            main(arguments)
        }
    }
}

/// `bake [-e] TARGET...`: the bitbake-style interface.
struct TargetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "Work on targets as bitbake does."
    )

    @Flag(name: .customShort("e"), help: "Show the datastore of the recipe file given as target, with each variable's history, as bitbake -e does.")
    var environment = false

    @Argument(help: "Targets (for -e: a recipe file).")
    var targets: [String] = []

    func run() throws {
        guard environment else {
            throw ValidationError("building targets is not supported yet; use -e RECIPE.bb or a tool (bake --help)")
        }
        guard targets.count == 1, let target = targets.first, target.hasSuffix(".bb") else {
            throw ValidationError("-e needs one recipe file (.bb) until layer configurations are supported")
        }
        let evaluator = MetadataEvaluator()
        let store = try reportingErrors { () throws(EvaluationError) in
            try evaluator.evaluateRecipe(at: absolutePath(target), trackHistory: true)
        }
        print(try reportingErrors { () throws(EvaluationError) in try EnvironmentDump(store).render() }, terminator: "")
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
