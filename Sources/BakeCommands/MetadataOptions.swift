import ArgumentParser
import BakeRecipeParser

/// The options every command that reads recipes shares: where classes and includes are found
/// and which configuration files come first.
struct MetadataOptions: ParsableArguments {
    @Option(help: "Search path for classes and includes (default: each recipe's folder).")
    var bbpath: String?

    @Option(name: .customLong("config"), help: "A configuration file parsed first, as bitbake.conf is (repeatable); base.bbclass and INHERIT are then inherited.")
    var configFiles: [String] = []

    /// The base configuration, or nil to parse each recipe on an empty one.
    func configuration(_ evaluator: MetadataEvaluator, trackHistory: Bool = false) throws(EvaluationError) -> DataStore? {
        guard !configFiles.isEmpty else { return nil }
        return try evaluator.evaluateConfiguration(files: configFiles, bbpath: bbpath.map(absolutePath), trackHistory: trackHistory)
    }

    /// One recipe on `configuration` (BBPATH comes from the configuration when there is one).
    func recipe(
        _ file: String, _ evaluator: MetadataEvaluator, configuration: DataStore?, trackHistory: Bool = false
    ) throws(EvaluationError) -> DataStore {
        try evaluator.evaluateRecipe(
            at: absolutePath(file), configuration: configuration,
            bbpath: configuration == nil ? bbpath.map(absolutePath) : nil, trackHistory: trackHistory)
    }

    /// The same options, to pass on to a worker process.
    var arguments: [String] {
        (bbpath.map { ["--bbpath", absolutePath($0)] } ?? []) + configFiles.flatMap { ["--config", $0] }
    }
}
