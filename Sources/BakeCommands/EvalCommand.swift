import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake eval FILE VAR...`: parse FILE as a recipe on an empty configuration and print variables.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Parse a recipe on an empty configuration and print variables as finally expanded.",
        discussion: "BBPATH is the recipe's folder, so classes are found in classes/ or classes-recipe/ below it. "
            + "A name may be VAR or VAR[flag]."
    )

    @Flag(help: "Print one JSON object mapping each name to its value or null.")
    var json = false

    @Argument(help: "The recipe (.bb) to parse.")
    var file: String

    @Argument(help: "Variables to print: VAR or VAR[flag].")
    var names: [String] = []

    func run() throws {
        let evaluator = MetadataEvaluator()
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let result: DataStore
        do {
            result = try evaluator.evaluateRecipe(at: path)
        } catch {
            FileHandle.standardError.write(Data((error.diagnostic.description + "\n").utf8))
            throw ExitCode(1)
        }
        var values: [(String, String?)] = []
        for name in names {
            do {
                values.append((name, try RecipeQuery.value(of: name, in: result)))
            } catch {
                FileHandle.standardError.write(Data((error.diagnostic.description + "\n").utf8))
                throw ExitCode(1)
            }
        }
        if json {
            print(JSONOutput.object(values))
        } else {
            for (name, value) in values { print("\(name)=\(value.map(JSONOutput.quoted) ?? "(unset)")") }
        }
    }
}
