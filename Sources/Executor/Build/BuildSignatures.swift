import BakeRecipeParser
import BakeScheduler
import Foundation

/// Task hashes for every task of a graph, in dependency order: each task's basehash (its
/// code and the variables it reaches) with its dependencies' task hashes and the checksums of
/// the files its `[file-checksums]` flag lists, as BitBake's siggen computes them.
struct BuildSignatures {
    private(set) var signatures: [TaskID: TaskSignature] = [:]

    init(graph: TaskGraph, stores: [String: DataStore]) throws {
        var recipeSignatures: [String: RecipeSignatures] = [:]
        var checksums = FileChecksummer()
        for id in try graph.topologicalOrder() {
            guard let store = stores[id.recipe] else { continue }
            let recipe: RecipeSignatures
            if let known = recipeSignatures[id.recipe] {
                recipe = known
            } else {
                recipe = try RecipeSignatures(store: store)
                recipeSignatures[id.recipe] = recipe
            }
            let dependencies = graph.dependencies(of: id).compactMap { dependency in
                signatures[dependency].map { DependencyHash(task: dependency.description, taskhash: $0.taskhash) }
            }
            let files = try checksums.checksums(
                for: try store.getVarFlag(id.task, "file-checksums")?.pythonString ?? "",
                exclude: try store.getVar("BB_SIGNATURE_LOCAL_DIRS_EXCLUDE")?.pythonString)
            var taint = try store.getVarFlag(id.task, "nostamp")?.isTruthy == true ? "nostamp:" + UUID().uuidString : nil
            if taint == nil, let base = try store.getVar("STAMP")?.pythonString {
                taint = StampStore.taint(base: base, task: id.task)
            }
            guard let signature = recipe.signature(of: id.task, dependencies: dependencies, fileChecksums: files, taint: taint)
            else { continue }
            signatures[id] = signature
        }
    }

    subscript(id: TaskID) -> TaskSignature? { signatures[id] }
}

/// The checksums of the local files a task declares in `[file-checksums]` (`path:True|False`
/// entries), computed as the fetcher computes them for BitBake's signatures (MD5, directories
/// walked), each list computed once per build.
struct FileChecksummer {
    private var known: [String: [BakeScheduler.FileChecksum]] = [:]

    /// - Parameter exclude: `BB_SIGNATURE_LOCAL_DIRS_EXCLUDE`, nil for BitBake's default.
    mutating func checksums(for list: String, exclude: String?) throws -> [BakeScheduler.FileChecksum] {
        let key = list + "\u{0}" + (exclude ?? "")
        if let cached = known[key] { return cached }
        let exclude = Set((exclude ?? "CVS .bzr .git .hg .osc .p4 .repo .svn").split(whereSeparator: \.isWhitespace).map(String.init))
        let candidates = list.split(whereSeparator: \.isWhitespace).compactMap { entry -> FileChecksumCandidate? in
            guard let colon = entry.lastIndex(of: ":") else { return nil }
            return FileChecksumCandidate(path: String(entry[..<colon]), exists: entry[entry.index(after: colon)...] == "True")
        }
        let result = try Fetcher.fileChecksums(of: candidates, excluding: exclude).map {
            BakeScheduler.FileChecksum(path: $0.path, checksum: $0.md5)
        }
        known[key] = result
        return result
    }
}
