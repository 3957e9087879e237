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
                for: try store.getVarFlag(id.task, "file-checksums")?.pythonString ?? "")
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

/// The checksums of the local files a task declares in `[file-checksums]` (`path:True`
/// entries; a directory counts with every file below it, marked `dir/./file`), MD5 as
/// BitBake 2.19 puts in signatures; each file read once per build.
struct FileChecksummer {
    private var known: [String: String?] = [:]

    mutating func checksums(for list: String) throws -> [BakeScheduler.FileChecksum] {
        var result: [BakeScheduler.FileChecksum] = []
        for entry in list.split(whereSeparator: \.isWhitespace) {
            guard let colon = entry.lastIndex(of: ":") else { continue }
            let path = String(entry[..<colon])
            guard entry[entry.index(after: colon)...] == "True" else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let walker = FileManager.default.enumerator(atPath: path)
                var files: [String] = []
                while let name = walker?.nextObject() as? String {
                    var nested: ObjCBool = false
                    if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &nested), !nested.boolValue {
                        files.append(name)
                    }
                }
                for name in files.sorted() {
                    result.append(.init(path: path + "/./" + name, checksum: checksum(of: path + "/" + name)))
                }
            } else {
                result.append(.init(path: path, checksum: checksum(of: path)))
            }
        }
        return result
    }

    private mutating func checksum(of path: String) -> String? {
        if let cached = known[path] { return cached }
        let value = try? FileDigests.md5(of: path)
        known[path] = value
        return value
    }
}
