import BakeBasics
import Foundation

/// One buildable target of a recipe file: the file itself or one of its `BBCLASSEXTEND`
/// variants, named as BitBake names it (`virtual:native:/path/foo_1.0.bb`).
public struct ParsedTarget {
    public var virtualFile: String
    public var file: String
    /// `""` for the recipe itself, else the `BBCLASSEXTEND` entry (`native`, `multilib:lib32`...).
    public var variant: String
    /// Why the recipe skipped itself (`SkipRecipe`), if it did.
    public var skipReason: String?
    public var store: DataStore

    public init(virtualFile: String, file: String, variant: String, skipReason: String?, store: DataStore) {
        self.virtualFile = virtualFile
        self.file = file
        self.variant = variant
        self.skipReason = skipReason
        self.store = store
    }

    /// BitBake's `realfn2virtual`.
    public static func virtualName(_ file: String, variant: String) -> String {
        variant.isEmpty ? file : "virtual:" + variant + ":" + file
    }
}

/// BitBake's cooker for parsing: the configuration built once, the recipe files collected
/// from the layers, and each recipe parsed on a copy of the configuration with its appends.
public final class Cooker {
    public let configuration: CookerConfiguration
    public let files: RecipeFiles
    public let evaluator: MetadataEvaluator
    /// When the cooker began reading metadata (ns since the epoch): a file changed after this
    /// may differ from what was read.
    public let startedAt: Int64
    /// What the cooker was started with.
    public let inputs: CookerConfiguration.Inputs

    public init(_ inputs: CookerConfiguration.Inputs, evaluator: MetadataEvaluator = MetadataEvaluator()) throws(EvaluationError) {
        self.inputs = inputs
        startedAt = FileSignature.now()
        self.evaluator = evaluator
        configuration = try evaluator.evaluateCookerConfiguration(inputs)
        files = try RecipeFiles.collect(configuration.data, collections: configuration.collections)
    }

    /// The collection (layer) a file belongs to, as `calc_bbfile_priority` finds it.
    public func collection(for file: String) -> LayerCollection? {
        LayerCollection.collection(for: file, in: configuration.collections)
    }

    /// Parses one recipe file into its targets (`parseRecipeVariants`). With `onlyVariant`
    /// (`""` for the recipe itself) only what BitBake finalises for that one target, as
    /// `bitbake -e TARGET` does (`__ONLYFINALISE`).
    public func parse(_ file: String, onlyVariant: String? = nil) throws(EvaluationError) -> [ParsedTarget] {
        let store = configuration.data.createCopy()
        if let onlyVariant { try store.setVar("__ONLYFINALISE", .string(onlyVariant.isEmpty ? "default" : onlyVariant)) }
        try store.setVar("__BBMULTICONFIG", .string(""))
        try store.setVar("FILE_LAYERNAME", collection(for: file).map { .string($0.name) } ?? .none)
        try store.setVar("__BB_RECIPE_FILE", .string(file))
        let appends = files.appends(for: file)
        if !appends.isEmpty { try store.setVar("__BBAPPEND", .string(appends.joined(separator: " "))) }
        guard let parsed = try evaluator.handle(file, into: store, include: false) else { return [] }
        var targets = [target(file, "", parsed.main)]
        for (name, variant) in parsed.variants { targets.append(target(file, name, variant)) }
        return targets
    }

    private func target(_ file: String, _ variant: String, _ store: DataStore) -> ParsedTarget {
        let skipped = (try? store.getVar("__SKIPPED", expand: false)) ?? nil
        let reason: String? = switch skipped {
        case nil, .none?: nil
        case .bool(false)?: nil
        case let value?: value.pythonString
        }
        return ParsedTarget(virtualFile: ParsedTarget.virtualName(file, variant: variant), file: file,
                            variant: variant, skipReason: reason, store: store)
    }
}

extension Cooker {
    /// What provider and version choice needs to know about a target that did not skip itself.
    public func candidate(for target: ParsedTarget) throws(EvaluationError) -> PreferredVersions.Candidate {
        let store = target.store
        func text(_ name: String) throws(EvaluationError) -> String { try store.getVar(name)?.pythonString ?? "" }
        return PreferredVersions.Candidate(
            file: target.virtualFile, pn: try text("PN"), epoch: try text("PE"), version: try text("PV"),
            revision: try text("PR"), defaultPreference: Int(try text("DEFAULT_PREFERENCE")) ?? 0,
            priority: collection(for: target.file)?.priority ?? 0)
    }
}
