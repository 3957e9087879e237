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

    @OptionGroup var metadata: MetadataOptions

    @Argument(help: "The recipe (.bb) to parse.")
    var file: String

    @Argument(help: "Variables to print: VAR or VAR[flag].")
    var names: [String] = []

    /// An expansion error found while printing has no statement to point at; parse again with
    /// history to name the line that set the failing variable.
    private func locate(_ error: EvaluationError) -> EvaluationError {
        guard error.location == nil, let failing = error.variableChain.first,
              let tracked = try? parse(trackHistory: true) else { return error }
        let name = String(failing.prefix { $0 != "[" })
        guard let event = tracked.history(of: name).last else { return error }
        var located = error
        located.location = SourceLocation(file: event.file, line: event.line)
        return located
    }

    private func parse(trackHistory: Bool) throws(EvaluationError) -> DataStore {
        let evaluator = MetadataEvaluator()
        let configuration = try metadata.configuration(evaluator, trackHistory: trackHistory)
        return try metadata.recipe(file, evaluator, configuration: configuration, trackHistory: trackHistory)
    }

    func run() throws {
        let store = try reportingErrors { () throws(EvaluationError) in try parse(trackHistory: false) }
        var values: [(String, String?)] = []
        for name in names {
            values.append((name, try reportingErrors { () throws(EvaluationError) -> String? in
                do throws(EvaluationError) {
                    return try RecipeQuery.value(of: name, in: store)
                } catch {
                    throw locate(error)
                }
            }))
        }
        if json {
            print(JSONOutput.object(values))
        } else {
            for (name, value) in values { print("\(name)=\(value.map(JSONOutput.quoted) ?? "(unset)")") }
        }
    }
}
