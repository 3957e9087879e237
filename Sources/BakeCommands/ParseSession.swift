import ArgumentParser
import BakeBasics
import BakeRecipeParser
import BakeScheduler
import Foundation

/// Parses every recipe of a cooker once (through the parse cache, on every core) and answers
/// the questions `-p`, `-s` and `-e TARGET` ask of the result.
final class ParseSession {
    let cooker: Cooker
    /// Print parse errors as they happen (off when the caller reports them itself).
    let quiet: Bool
    /// Parsing processes (this one included).
    let jobs: Int
    /// Every target's info, in the cooker's order.
    private(set) var infos: [RecipeInfo] = []
    /// The targets with their datastores: only after `parseAllKeepingStores()`.
    private(set) var targets: [ParsedTarget] = []
    /// Recipe files that failed to parse, with the diagnostic.
    private(set) var failures: [(file: String, message: String)] = []

    struct Summary {
        var files = 0, cached = 0, parsed = 0, targets = 0, skipped = 0, masked = 0, errors = 0

        /// knotty's line after parsing.
        var line: String {
            "Parsing of \(files) .bb files complete (\(cached) cached, \(parsed) parsed). \(targets) targets, "
                + "\(skipped) skipped, \(masked) masked, \(errors) errors."
        }
    }

    /// Parse workers already started, if any (`ParseWorkers.start`).
    private let workers: ParseWorkers?

    init(cooker: Cooker, quiet: Bool = false, jobs: Int? = nil, workers: ParseWorkers? = nil) {
        self.cooker = cooker
        self.quiet = quiet
        self.jobs = max(1, jobs ?? Self.defaultJobs(cooker.configuration.data))
        self.workers = workers
    }

    /// `BB_NUMBER_PARSE_THREADS`, else the number of cores.
    static func defaultJobs(_ data: DataStore) -> Int {
        if let text = (try? data.getVar("BB_NUMBER_PARSE_THREADS"))??.pythonString, let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// Parses every collected recipe, unchanged ones served from the parse cache; a failing
    /// recipe is reported and counted, the others go on.
    func parseAll() -> Summary {
        var parse = CachedParse(cooker)
        let start = ContinuousClock.now
        let parsed = ParallelRecipeParser(jobs: jobs, started: workers).parse(parse.misses, cached: parse)
        let parseTime = ContinuousClock.now - start
        let outcome = parse.complete(with: parsed)
        let outcomeTimings = parse.timings
        defer {
            for (step, duration) in outcomeTimings + [("parse of \(parse.misses.count) recipes", parseTime)] {
                Self.reportTiming(step, duration)
            }
        }
        for warning in outcome.warnings { printWarning(warning) }
        infos = outcome.infos
        for failure in outcome.failures { fail(failure.file, failure.message) }
        return summary(cached: outcome.cached, parsed: outcome.parsed)
    }

    /// Parses every recipe in this process without the cache, keeping each target's datastore
    /// (`parse-report` reads arbitrary variables from them).
    func parseAllKeepingStores() -> Summary {
        for file in cooker.files.recipes {
            do {
                let parsed = try cooker.parse(file)
                var parsedInfos: [RecipeInfo] = []
                for target in parsed { parsedInfos.append(try RecipeInfo(target)) }
                targets += parsed
                infos += parsedInfos
            } catch {
                fail(file, error.diagnostic.withSourceLineFromFile().description)
            }
        }
        return summary(cached: 0, parsed: cooker.files.recipes.count)
    }

    /// With `BAKE_TIMINGS` set, prints how long a step took (for benchmarks).
    static func reportTiming(_ step: String, _ duration: Duration) {
        guard ProcessInfo.processInfo.environment["BAKE_TIMINGS"] != nil else { return }
        FileHandle.standardError.write(Data(String(format: "TIMING: %@: %.3f s\n", step, duration.secondsValue).utf8))
    }

    private func fail(_ file: String, _ message: String) {
        failures.append((file, message))
        if !quiet { printError(message) }
    }

    private func summary(cached: Int, parsed: Int) -> Summary {
        Summary(files: cooker.files.recipes.count, cached: cached, parsed: parsed, targets: infos.count,
                skipped: infos.filter { $0.skipReason != nil }.count, masked: cooker.files.masked, errors: failures.count)
    }

    /// The candidates for provider choice: every target that did not skip itself.
    func candidates() -> [PreferredVersions.Candidate] {
        infos.filter { $0.skipReason == nil }.map { info in
            PreferredVersions.Candidate(
                file: info.virtualFile, pn: info.pn, epoch: info.pe, version: info.pv, revision: info.pr,
                defaultPreference: Int(info.defaultPreference) ?? 0,
                priority: cooker.collection(for: info.file)?.priority ?? 0)
        }
    }

    /// `PREFERRED_PROVIDERS` as `item -> PN` (`handlePrefProviders`, on a key-expanded copy).
    func preferredProviders() throws -> [String: String] {
        try reportingErrors { () throws(EvaluationError) in
            let data = cooker.configuration.data.createCopy()
            try data.expandKeys { _ in }
            var preferred: [String: String] = [:]
            for entry in (try data.getVar("PREFERRED_PROVIDERS")?.pythonString ?? "").split(whereSeparator: \.isWhitespace) {
                let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    printWarning("Malformed option in PREFERRED_PROVIDERS variable: \(entry)")
                    continue
                }
                preferred[String(parts[0])] = String(parts[1])
            }
            return preferred
        }
    }

    /// Every build-time name a non-skipped target provides (its PN and `PROVIDES`), with the
    /// candidates providing it.
    func providerCandidates(_ candidates: [PreferredVersions.Candidate]) -> [String: [PreferredVersions.Candidate]] {
        let byFile = Dictionary(uniqueKeysWithValues: candidates.map { ($0.file, $0) })
        var providers: [String: [PreferredVersions.Candidate]] = [:]
        for info in infos where info.skipReason == nil {
            guard let candidate = byFile[info.virtualFile] else { continue }
            var seen: Set<String> = []
            for item in [candidate.pn] + info.provides where seen.insert(item).inserted {
                providers[item, default: []].append(candidate)
            }
        }
        return providers
    }

    /// `-e TARGET`: a recipe file, or the preferred provider of a recipe name.
    func targetStore(_ target: String) throws -> DataStore {
        if target.hasSuffix(".bb") {
            let file = absolutePath(target)
            guard let parsed = try reportingErrors({ () throws(EvaluationError) in try cooker.parse(file, onlyVariant: "") }).first else {
                throw ValidationError("\(target) did not parse to a recipe")
            }
            return parsed.store
        }
        let config = cooker.configuration.data
        let assumed = ((try? config.getVar("ASSUME_PROVIDED"))??.pythonString ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        if assumed.contains(target) { throw TargetError("\(target) is in ASSUME_PROVIDED") }
        _ = parseAll()
        let candidates = candidates()
        let versions = try reportingErrors { () throws(EvaluationError) in
            try PreferredVersions(candidates, configuration: config)
        }
        guard let pn = try provider(of: target, candidates: candidates, configuration: config),
              let choice = versions.choices[pn], let chosen = choice.preferred ?? Optional(choice.latest),
              let info = infos.first(where: { $0.virtualFile == chosen.file }) else {
            throw TargetError("Nothing PROVIDES '\(target)'")
        }
        // The cache keeps no datastores: the chosen recipe alone is parsed again, with the
        // history the configuration was built with.
        let parsed = try reportingErrors { () throws(EvaluationError) in
            try cooker.parse(info.file, onlyVariant: info.variant)
        }
        guard let found = parsed.first(where: { $0.virtualFile == info.virtualFile }) else {
            throw ValidationError("\(info.virtualFile) did not parse to a recipe")
        }
        return found.store
    }

    /// The recipe (PN) that provides `target`, chosen as a build chooses it
    /// (`PREFERRED_PROVIDER_<target>`, then a PN equal to the target, then by name).
    private func provider(
        of target: String, candidates: [PreferredVersions.Candidate], configuration: DataStore
    ) throws -> String? {
        let pns = (providerCandidates(candidates)[target] ?? []).map(\.pn)
        let preferred = try reportingErrors { () throws(EvaluationError) in
            try configuration.getVar("PREFERRED_PROVIDER_" + target)?.pythonString
        }
        return ProviderMap.choose(target, among: pns, preferred: preferred)
    }

    /// `-s`: bitbake's table of recipe names with latest and preferred versions.
    func printVersions() throws {
        let candidates = candidates()
        let versions = try reportingErrors { () throws(EvaluationError) in
            try PreferredVersions(candidates, configuration: cooker.configuration.data)
        }
        for warning in versions.warnings { printWarning(warning) }
        func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
            a.padding(toLength: max(35, a.count), withPad: " ", startingAt: 0) + " " + leftPad(b, 25) + " " + leftPad(c, 25)
                + " " + leftPad(d, 25)
        }
        print(row("Recipe Name", "Latest Version", "Preferred Version", "Required Version"))
        print(row("===========", "==============", "=================", "================") + "\n")
        for pn in versions.choices.keys.sorted() {
            let choice = versions.choices[pn]!
            let latest = choice.latest.versionString
            var preferred = "", required = ""
            if choice.required { required = choice.preferred?.versionString ?? "" } else { preferred = choice.preferred?.versionString ?? "" }
            if choice.preferred?.file == choice.latest.file { preferred = "" }
            print(row(pn, latest, preferred, required))
        }
    }

    private func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}

extension ParseSession.Summary {
    /// Everything from the parse cache, as `WarmParse` found it.
    init(warm: WarmParse) {
        self.init(files: warm.files.recipes.count, cached: warm.files.recipes.count, parsed: 0, targets: warm.infos.count,
                  skipped: warm.infos.filter { $0.skipReason != nil }.count, masked: warm.files.masked, errors: 0)
    }
}

/// Runs `body`, reporting its duration under `BAKE_TIMINGS`.
func timed<T>(_ step: String, _ body: () throws -> T) rethrows -> T {
    let start = ContinuousClock.now
    defer { ParseSession.reportTiming(step, ContinuousClock.now - start) }
    return try body()
}

/// A target `-e` cannot show, reported as BitBake's `ERROR:` line.
struct TargetError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
