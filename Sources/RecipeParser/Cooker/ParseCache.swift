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
/// the results, each with its dependencies and their signatures.
public struct ParseCache: Sendable {
    public let key: [UInt8]
    /// Results by recipe file.
    public private(set) var results: [String: RecipeParseResult] = [:]

    static let magic: [UInt8] = Array("BAKEPRS1".utf8)
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
            return .unusable("\(path) is not a bake parse cache; ignoring it")
        }
        guard Array(bytes[magic.count..<magic.count + 32]) == key else { return .otherKey }
        let digest = Array(SHA256.hash(data: bytes[header...]))
        guard digest == Array(bytes[magic.count + 32..<header]) else {
            return .unusable("the parse cache \(path) is corrupt (checksum mismatch); ignoring it")
        }
        do {
            var decoder = try CompactDecoder(bytes, from: header)
            var cache = ParseCache(key: key)
            let count = try decoder.readCount()
            for _ in 0..<count {
                let result = try RecipeParseResult(from: &decoder)
                cache.results[result.file] = result
            }
            guard decoder.isAtEnd else { return .unusable("the parse cache \(path) has trailing data; ignoring it") }
            return .loaded(cache)
        } catch {
            return .unusable("the parse cache \(path) is corrupt (\(error.reason)); ignoring it")
        }
    }

    /// The results still valid for `recipes`: every dependency's signature unchanged (each
    /// distinct file stat'ed once) and the same appends as `appends(recipe)` gives now.
    public func validResults(for recipes: [String], appends: (String) -> [String]) -> [String: RecipeParseResult] {
        var current: [String: FileSignature] = [:]
        var valid: [String: RecipeParseResult] = [:]
        for recipe in recipes {
            guard let result = results[recipe], result.cacheable, result.appends == appends(recipe) else { continue }
            var unchanged = true
            for (path, signature) in zip(result.dependencies, result.signatures) {
                let now: FileSignature
                if let known = current[path] {
                    now = known
                } else {
                    now = FileSignature.of(path)
                    current[path] = now
                }
                if now != signature {
                    unchanged = false
                    break
                }
            }
            if unchanged { valid[recipe] = result }
        }
        return valid
    }

    /// Keeps `result` if it may be cached (replacing an older one for the same file).
    public mutating func store(_ result: RecipeParseResult) {
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
        var encoder = CompactEncoder()
        let ordered = results.values.sorted { $0.file < $1.file }
        encoder.write(ordered.count)
        for result in ordered { result.encode(into: &encoder) }
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
