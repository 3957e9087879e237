import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// Parses every recipe of a cooker once and answers the questions `-p`, `-s` and `-e TARGET`
/// ask of the result.
final class ParseSession {
    let cooker: Cooker
    /// Print parse errors as they happen (off when the caller reports them itself).
    let quiet: Bool
    private(set) var targets: [ParsedTarget] = []
    /// Recipe files that failed to parse, with the diagnostic.
    private(set) var failures: [(file: String, message: String)] = []

    struct Summary {
        var files = 0, targets = 0, skipped = 0, masked = 0, errors = 0

        /// knotty's line after parsing.
        var line: String {
            "Parsing of \(files) .bb files complete (0 cached, \(files) parsed). \(targets) targets, \(skipped) skipped, "
                + "\(masked) masked, \(errors) errors."
        }
    }

    init(cooker: Cooker, quiet: Bool = false) {
        self.cooker = cooker
        self.quiet = quiet
    }

    /// Parses every collected recipe; a failing recipe is reported and counted, the others go on.
    func parseAll() -> Summary {
        var summary = Summary(files: cooker.files.recipes.count, masked: cooker.files.masked)
        for file in cooker.files.recipes {
            do {
                let parsed = try cooker.parse(file)
                summary.targets += parsed.count
                summary.skipped += parsed.filter { $0.skipReason != nil }.count
                targets += parsed
            } catch {
                summary.errors += 1
                let message = error.diagnostic.withSourceLineFromFile().description
                failures.append((file, message))
                if !quiet { FileHandle.standardError.write(Data(("ERROR: " + message + "\n").utf8)) }
            }
        }
        return summary
    }

    /// The candidates for provider choice: every target that did not skip itself.
    func candidates() throws -> [PreferredVersions.Candidate] {
        try targets.filter { $0.skipReason == nil }.map { target in
            try reportingErrors { () throws(EvaluationError) in try cooker.candidate(for: target) }
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
    func providerCandidates(_ candidates: [PreferredVersions.Candidate]) throws -> [String: [PreferredVersions.Candidate]] {
        let byFile = Dictionary(uniqueKeysWithValues: candidates.map { ($0.file, $0) })
        var providers: [String: [PreferredVersions.Candidate]] = [:]
        for target in targets where target.skipReason == nil {
            guard let candidate = byFile[target.virtualFile] else { continue }
            let provides = try reportingErrors { () throws(EvaluationError) in
                try BitBakeVersion.dependencies(try target.store.getVar("PROVIDES")?.pythonString ?? "").map(\.name)
            }
            var seen: Set<String> = []
            for item in [candidate.pn] + provides where seen.insert(item).inserted {
                providers[item, default: []].append(candidate)
            }
        }
        return providers
    }

    /// `-e TARGET`: a recipe file, or the preferred provider of a recipe name.
    func targetStore(_ target: String) throws -> DataStore {
        if target.hasSuffix(".bb") {
            let file = absolutePath(target)
            guard let parsed = try reportingErrors({ () throws(EvaluationError) in try cooker.parse(file) }).first else {
                throw ValidationError("\(target) did not parse to a recipe")
            }
            return parsed.store
        }
        _ = parseAll()
        let candidates = try candidates()
        let versions = try reportingErrors { () throws(EvaluationError) in
            try PreferredVersions(candidates, configuration: cooker.configuration.data)
        }
        guard let choice = versions.choices[target], let file = (choice.preferred ?? Optional(choice.latest))?.file,
              let found = targets.first(where: { $0.virtualFile == file }) else {
            throw ValidationError("Nothing PROVIDES '\(target)'")
        }
        return found.store
    }

    /// `-s`: bitbake's table of recipe names with latest and preferred versions.
    func printVersions() throws {
        let candidates = try candidates()
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
