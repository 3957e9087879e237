import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The parse cache: for one configuration key, each recipe file's parse result with the
/// signatures of the files it depended on. A result is served only while every one of those
/// files (present or absent) has the same signature and the recipe has the same appends.
///
/// File layout: the magic, the 32-byte key, a SHA-256 of the body, the body (`CompactEncoder`):
/// a table of (path, signature) pairs, then the results, each naming its dependencies by
/// their number in the table.
public struct ParseCache: Sendable {
    public let key: [UInt8]
    /// Results by recipe file.
    public private(set) var results: [String: RecipeParseResult] = [:]
    /// For results read from a file: their dependencies as indices into the file's table.
    private var dependencyIndices: [String: [Int32]] = [:]
    private var tablePaths: [String] = []
    private var tableSignatures: [FileSignature] = []

    static let magic: [UInt8] = Array("BAKEPRS2".utf8)
    public static let fileName = "bake_parse_cache.dat"

    public init(key: [UInt8]) {
        self.key = key
    }

    /// `${BB_CACHEDIR}/bake_parse_cache.dat`.
    public static func path(for configuration: DataStore) throws(EvaluationError) -> String? {
        guard let directory = try configuration.getVar("BB_CACHEDIR")?.stringValue, !directory.isEmpty else { return nil }
        return MetadataEvaluator.joinPath(directory, fileName)
    }

    /// What loading found.
    public enum LoadOutcome: Sendable {
        case loaded(ParseCache)
        /// No file: the first run in this build directory.
        case missing
        /// A cache of another configuration (or another bake): not an error, the parse starts over.
        case otherKey
        /// Unreadable, truncated, corrupt or not a bake parse cache: ignored with a warning.
        case unusable(String)
    }

    /// Reads the cache at `path` if it was written for `key`.
    public static func load(from path: String, key: [UInt8]) -> LoadOutcome {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? .unusable("cannot read the parse cache \(path)") : .missing
        }
        let bytes = [UInt8](data)
        let header = magic.count + 64
        guard bytes.count >= header, Array(bytes[0..<magic.count]) == magic else {
            // Another format version of bake's own cache is replaced without a word.
            if bytes.starts(with: magic.dropLast()) { return .otherKey }
            return .unusable("\(path) is not a bake parse cache; ignoring it")
        }
        guard Array(bytes[magic.count..<magic.count + 32]) == key else { return .otherKey }
        let digest = Array(SHA256.hash(data: bytes[header...]))
        guard digest == Array(bytes[magic.count + 32..<header]) else {
            return .unusable("the parse cache \(path) is corrupt (checksum mismatch); ignoring it")
        }
        do throws(CompactDecoder.Malformed) {
            var decoder = try CompactDecoder(bytes, from: header)
            var cache = ParseCache(key: key)
            let pairCount = try decoder.readCount()
            var paths: [String] = [], signatures: [FileSignature] = []
            paths.reserveCapacity(pairCount)
            signatures.reserveCapacity(pairCount)
            for _ in 0..<pairCount {
                paths.append(try decoder.readString())
                signatures.append(try FileSignature(from: &decoder))
            }
            let count = try decoder.readCount()
            for _ in 0..<count {
                let file = try decoder.readString()
                let appends = try decoder.readStrings()
                let infoCount = try decoder.readCount()
                var infos: [RecipeInfo] = []
                infos.reserveCapacity(infoCount)
                for _ in 0..<infoCount { infos.append(try RecipeInfo(from: &decoder)) }
                let dependencyCount = try decoder.readCount()
                var indices: [Int32] = []
                indices.reserveCapacity(dependencyCount)
                for _ in 0..<dependencyCount {
                    let index = try decoder.readCount()
                    guard index < pairCount else { throw CompactDecoder.Malformed(reason: "dependency \(index) past the table") }
                    indices.append(Int32(index))
                }
                cache.results[file] = RecipeParseResult(
                    file: file, appends: appends, infos: infos, dependencies: indices.map { paths[Int($0)] },
                    signatures: indices.map { signatures[Int($0)] }, cacheable: true)
                cache.dependencyIndices[file] = indices
            }
            cache.tablePaths = paths
            cache.tableSignatures = signatures
            guard decoder.isAtEnd else { return .unusable("the parse cache \(path) has trailing data; ignoring it") }
            return .loaded(cache)
        } catch {
            return .unusable("the parse cache \(path) is corrupt (\(error.reason)); ignoring it")
        }
    }

    /// The results still valid for `recipes`: every dependency's signature unchanged (each
    /// distinct file stat'ed once) and the same appends as `appends(recipe)` gives now.
    public func validResults(for recipes: [String], appends: (String) -> [String]) -> [String: RecipeParseResult] {
        // Loaded results refer to one table of (path, signature) pairs: each pair is checked
        // once. Results stored since are checked path by path.
        var pairState = [UInt8](repeating: 0, count: tablePaths.count)  // 0 unknown, 1 same, 2 changed
        var current: [String: FileSignature] = [:]
        func now(_ path: String) -> FileSignature {
            if let known = current[path] { return known }
            let signature = FileSignature.of(path)
            current[path] = signature
            return signature
        }
        var valid: [String: RecipeParseResult] = [:]
        for recipe in recipes {
            guard let result = results[recipe], result.cacheable, result.appends == appends(recipe) else { continue }
            var unchanged = true
            if let indices = dependencyIndices[recipe] {
                for index in indices.map(Int.init) {
                    if pairState[index] == 0 {
                        pairState[index] = now(tablePaths[index]) == tableSignatures[index] ? 1 : 2
                    }
                    if pairState[index] == 2 {
                        unchanged = false
                        break
                    }
                }
            } else {
                unchanged = zip(result.dependencies, result.signatures).allSatisfy { now($0) == $1 }
            }
            if unchanged { valid[recipe] = result }
        }
        return valid
    }

    /// Keeps `result` if it may be cached (replacing an older one for the same file).
    public mutating func store(_ result: RecipeParseResult) {
        dependencyIndices[result.file] = nil
        if result.cacheable { results[result.file] = result } else { results[result.file] = nil }
    }

    /// Keeps only the results for `files` (recipes no longer collected are dropped).
    public mutating func retain(_ files: Set<String>) {
        results = results.filter { files.contains($0.key) }
    }

    /// Writes the cache to `path` atomically: a temporary file in the same folder, renamed over.
    ///
    /// - Throws: `ParseFailure` naming the path when the folder cannot be created or written.
    public func write(to path: String) throws(ParseFailure) {
        // Most recipes depend on the same configuration files and classes: each distinct
        // (path, signature) pair is written once and referred to by number.
        struct Pair: Hashable {
            var path: String
            var signature: FileSignature
        }
        let ordered = results.values.sorted { $0.file < $1.file }
        var pairIndex: [Pair: Int] = [:]
        var pairs: [Pair] = []
        var references: [[Int]] = []
        for result in ordered {
            references.append(zip(result.dependencies, result.signatures).map { path, signature in
                let pair = Pair(path: path, signature: signature)
                if let index = pairIndex[pair] { return index }
                pairIndex[pair] = pairs.count
                pairs.append(pair)
                return pairs.count - 1
            })
        }
        var encoder = CompactEncoder()
        encoder.write(pairs.count)
        for pair in pairs {
            encoder.write(pair.path)
            pair.signature.encode(into: &encoder)
        }
        encoder.write(ordered.count)
        for (result, indices) in zip(ordered, references) {
            encoder.write(result.file)
            encoder.write(result.appends)
            encoder.write(result.infos.count)
            for info in result.infos { info.encode(into: &encoder) }
            encoder.write(indices.count)
            for index in indices { encoder.write(index) }
        }
        let body = encoder.finished()
        let bytes = Self.magic + key + Array(SHA256.hash(data: body)) + body
        let directory = MetadataEvaluator.dirname(path)
        let temporary = path + ".tmp.\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw ParseFailure(file: path, message: "cannot write the parse cache \(path): \(reason)")
            }
        } catch let failure as ParseFailure {
            throw failure
        } catch {
            unlink(temporary)
            throw ParseFailure(file: path, message: "cannot write the parse cache \(path): \(error.localizedDescription)")
        }
    }
}
