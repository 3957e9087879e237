import ArgumentParser
import BakeBasics
import BakeQuery
import BakeRecipeParser
import BakeScheduler
import Foundation

/// `bake query EXPR RECIPE...`: parses the recipes, builds their task graph and prints the
/// tasks the expression selects, one `recipe:do_task` a line, dependencies first.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Ask questions of the task graph: deps(), rdeps(), somepath(), allpaths(), patterns.",
        discussion: """
        Examples:
          bake query 'deps(hello:do_build)' --bbpath recipes --config conf/bitbake.conf recipes/*/*/*.bb
          bake query 'rdeps(libgreeting:do_install, 1) - libgreeting:*' ...
          bake query 'somepath(hello:do_build, libgreeting:do_fetch)' ...
        """
    )

    @Argument(help: "The query expression.")
    var expression: String

    @OptionGroup var metadata: MetadataOptions

    @Argument(help: "Recipe files (.bb) making up the graph.")
    var files: [String]

    func run() throws {
        let evaluator = MetadataEvaluator()
        var recipes: [String: RecipeTasks] = [:]
        try reportingErrors { () throws(EvaluationError) in
            let configuration = try metadata.configuration(evaluator)
            for file in files {
                let store = try metadata.recipe(file, evaluator, configuration: configuration)
                if try store.getVar("__SKIPPED", expand: false)?.isTruthy == true { continue }
                do throws(TaskGraphError) {
                    let tasks = try RecipeTasks(store: store)
                    recipes[tasks.name] = tasks
                } catch {
                    throw EvaluationError(.fatal, error.description, location: SourceLocation(file: absolutePath(file), line: 0))
                }
            }
        }
        let graph: TaskGraph
        do {
            graph = try TaskGraphBuilder(recipes: recipes).buildAll()
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        do {
            for task in try QueryEngine(graph: graph).evaluate(expression) { print(task) }
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
