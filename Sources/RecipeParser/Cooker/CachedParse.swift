/// One parse of a cooker's recipes through the parse cache: `init` keys and loads the cache and
/// finds what is still valid, the caller parses `misses` (in this process or in workers), and
/// `complete` merges, counts and writes the cache back.
public struct CachedParse {
    public let cooker: Cooker
    /// The configuration's key; nil when it could not be computed (the parse then runs uncached).
    public let key: [UInt8]?
    public let cachePath: String?
    /// Recipe files to parse, in the cooker's order.
    public let misses: [String]
    /// Findings to show the user (an unusable cache file, a failed write).
    public private(set) var warnings: [String] = []
    private var cache: ParseCache?
    private let hits: [String: RecipeParseResult]
    /// How long each step took (`BAKE_TIMINGS=1` prints them).
    public private(set) var timings: [(step: String, duration: Duration)] = []

    /// What the whole parse produced.
    public struct Outcome: Sendable {
        /// Successfully parsed or cached recipes, in the cooker's order.
        public var results: [RecipeParseResult]
        public var failures: [ParseFailure]
        public var cached: Int
        public var parsed: Int
        public var warnings: [String]

        /// Every target of every recipe, in order.
        public var infos: [RecipeInfo] { results.flatMap(\.infos) }
    }

    /// - Parameters:
    ///   - cooker: the cooker whose recipes are parsed.
    ///   - useCache: false parses everything and neither reads nor writes the cache.
    ///   - cachePath: overrides `${BB_CACHEDIR}/bake_parse_cache.dat`.
    public init(_ cooker: Cooker, useCache: Bool = true, cachePath: String? = nil) {
        self.cooker = cooker
        var warnings: [String] = []
        var key: [UInt8]?
        var path: String?
        let clock = ContinuousClock()
        var mark = clock.now
        var timings: [(step: String, duration: Duration)] = []
        func lap(_ step: String) {
            timings.append((step, clock.now - mark))
            mark = clock.now
        }
        if useCache {
            do throws(EvaluationError) {
                key = try ConfigurationHash.key(cooker.configuration.data,
                                                pythonLibraries: cooker.evaluator.pythonLibraryDirectories)
                path = cachePath
                if path == nil { path = try ParseCache.path(for: cooker.configuration.data) }
            } catch {
                warnings.append("cannot key the parse cache, parsing without it: \(error.message)")
                key = nil
            }
        }
        lap("cache key")
        if let key, let path { ConfigurationSnapshot.record(cooker, parseCacheKey: key, parseCachePath: path) }
        var cache: ParseCache?
        if let key, let path {
            switch ParseCache.load(from: path, key: key) {
            case .loaded(let loaded): cache = loaded
            case .missing, .otherKey: cache = ParseCache(key: key)
            case .unusable(let reason):
                warnings.append(reason)
                cache = ParseCache(key: key)
            }
        }
        lap("cache load")
        let recipes = cooker.files.recipes
        let hits = cache?.validResults(for: recipes, appends: cooker.files.appends(for:)) ?? [:]
        self.key = key
        self.cachePath = path
        self.cache = cache
        self.hits = hits
        self.warnings = warnings
        lap("cache validation")
        self.timings = timings
        misses = recipes.filter { hits[$0] == nil }
    }

    /// Merges the parses of `misses` with the cached results and writes the cache when it changed.
    ///
    /// - Parameter parsed: one result or failure per miss, any order.
    public mutating func complete(with parsed: [Result<RecipeParseResult, ParseFailure>]) -> Outcome {
        var fresh: [String: RecipeParseResult] = [:]
        var failed: [String: ParseFailure] = [:]
        for outcome in parsed {
            switch outcome {
            case .success(let result): fresh[result.file] = result
            case .failure(let failure): failed[failure.file] = failure
            }
        }
        var outcome = Outcome(results: [], failures: [], cached: 0, parsed: 0, warnings: [])
        for recipe in cooker.files.recipes {
            if let result = hits[recipe] {
                outcome.results.append(result)
                outcome.cached += 1
            } else if let result = fresh[recipe] {
                outcome.results.append(result)
                outcome.parsed += 1
            } else {
                outcome.failures.append(failed[recipe] ?? ParseFailure(file: recipe, message: "\(recipe): was not parsed"))
                outcome.parsed += 1
            }
        }
        if var cache, let cachePath {
            let before = cache.results.count
            cache.retain(Set(cooker.files.recipes))
            for result in fresh.values { cache.store(result) }
            for file in failed.keys { cache.store(RecipeParseResult(
                file: file, appends: [], infos: [], dependencies: [], signatures: [], cacheable: false)) }
            if !fresh.isEmpty || !failed.isEmpty || cache.results.count != before {
                let start = ContinuousClock.now
                defer { timings.append(("cache write", ContinuousClock.now - start)) }
                do {
                    try cache.write(to: cachePath)
                } catch {
                    warnings.append(error.message)
                }
            }
            self.cache = cache
        }
        outcome.warnings = warnings
        return outcome
    }

    /// Parses `files` one after the other in this process.
    public func parseHere(_ files: [String]) -> [Result<RecipeParseResult, ParseFailure>] {
        files.map { file in Result { () throws(ParseFailure) in try cooker.parseForCache(file) } }
    }
}

/// A parse answered without building the configuration: the recorded `ConfigurationSnapshot`
/// is still valid and the parse cache holds a valid result for every recipe collected.
public struct WarmParse: Sendable {
    public let files: RecipeFiles
    /// Every target of every recipe, in the collection's order.
    public let infos: [RecipeInfo]
    /// The configuration's warnings and the collection's, to show as a full parse would.
    public let warnings: [String]

    /// nil whenever anything needs the configuration: no valid snapshot, a cache that cannot
    /// be read, or one recipe without a valid cached result. The caller then parses normally.
    public static func attempt(workingDirectory: String, environment: [String: String]) -> WarmParse? {
        guard let snapshot = ConfigurationSnapshot.load(workingDirectory: workingDirectory, environment: environment),
              case .loaded(let cache) = ParseCache.load(from: snapshot.parseCachePath, key: snapshot.parseCacheKey)
        else { return nil }
        let files = RecipeFiles.collect(patterns: snapshot.filePatterns, mask: snapshot.fileMask)
        let hits = cache.validResults(for: files.recipes, appends: files.appends(for:))
        var infos: [RecipeInfo] = []
        for recipe in files.recipes {
            guard let result = hits[recipe] else { return nil }
            infos += result.infos
        }
        return WarmParse(files: files, infos: infos, warnings: snapshot.warnings + files.warnings)
    }
}
