import ArgumentParser
import BakeBasics
import BakeRecipeParser
import Foundation

/// `bake parse-report --vars FILE`: parses the build directory's layers as `bake -p` does and
/// prints everything the cooker decided as one JSON object (the shape of
/// Tests/Layers/oracle.py, which prints the same from BitBake's own cooker).
struct ParseReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-report",
        abstract: "Parse the build directory's layers and print the cooker's results as JSON."
    )

    @Option(help: "Variables to print: names under [config] and [recipes] headers, one per line.")
    var vars: String

    func run() throws {
        let names = try Self.readVars(vars)
        var report: [String: Any] = [
            "summary": NSNull(), "layers": [String: Any](), "bbfiles": [String](), "bbappends": [String](),
            "config": [String: Any](), "recipes": [String: Any](), "providers": [String: Any](),
            "preferred_versions": [String: Any](), "preferred_files": [String: Any](), "errors": [[String: Any]](),
        ]
        defer { print(Self.serialise(report)) }
        let cooker: Cooker
        do {
            cooker = try Cooker(.init(workingDirectory: FileManager.default.currentDirectoryPath,
                                      environment: ProcessInfo.processInfo.environment))
        } catch {
            report["errors"] = [["file": NSNull(), "message": error.message]]
            return
        }
        let config = cooker.configuration.data
        report["layers"] = Dictionary(uniqueKeysWithValues: cooker.configuration.collections.map {
            ($0.name, ["pattern": $0.pattern, "priority": $0.priority] as [String: Any])
        })
        report["bbfiles"] = cooker.files.recipes
        report["bbappends"] = cooker.files.appends.map(\.path)
        report["config"] = Self.values(names.config, in: config)

        let session = ParseSession(cooker: cooker, quiet: true)
        let summary = session.parseAllKeepingStores()
        report["summary"] = ["bbfiles": summary.files, "targets": summary.targets, "skipped": summary.skipped,
                             "masked": summary.masked, "errors": summary.errors]
        report["errors"] = session.failures.map { ["file": $0.file, "message": $0.message] }
        var recipes: [String: Any] = [:]
        for target in session.targets {
            let collection = cooker.collection(for: target.file)
            recipes[target.virtualFile] = [
                "skipped": target.skipReason ?? NSNull() as Any,
                "layer": collection?.name ?? NSNull() as Any,
                "priority": collection?.priority ?? 0,
                "appends": cooker.files.appends(for: target.file),
                "values": Self.values(names.recipes, in: target.store),
            ] as [String: Any]
        }
        report["recipes"] = recipes

        let candidates = session.candidates()
        let preferredProviders = try session.preferredProviders()
        var providers: [String: Any] = [:]
        for (item, group) in session.providerCandidates(candidates) {
            let chosen = try reportingErrors { () throws(EvaluationError) in
                try PreferredVersions.providers(for: item, group, configuration: config, preferred: preferredProviders)
            }
            providers[item] = chosen.eligible.first?.pn ?? NSNull() as Any
        }
        report["providers"] = providers
        let versions = try reportingErrors { () throws(EvaluationError) in try PreferredVersions(candidates, configuration: config) }
        var preferredVersions: [String: Any] = [:], preferredFiles: [String: Any] = [:]
        for (pn, choice) in versions.choices {
            guard let preferred = choice.preferred else {
                preferredVersions[pn] = NSNull()
                preferredFiles[pn] = NSNull()
                continue
            }
            let text = preferred.version + "-" + preferred.revision
            preferredVersions[pn] = preferred.epoch.isEmpty ? text : preferred.epoch + ":" + text
            preferredFiles[pn] = preferred.file
        }
        report["preferred_versions"] = preferredVersions
        report["preferred_files"] = preferredFiles
    }

    static func readVars(_ path: String) throws -> (config: [String], recipes: [String]) {
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ValidationError("cannot read \(path)")
        }
        var config: [String] = [], recipes: [String] = [], section = ""
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line == "[config]" || line == "[recipes]" { section = line; continue }
            switch section {
            case "[config]": config.append(line)
            case "[recipes]": recipes.append(line)
            default: throw ValidationError("\(path):\(number + 1): variable before a [config] or [recipes] section")
            }
        }
        return (config, recipes)
    }

    /// Each name's expanded value (the name itself expanded first), as JSON values.
    static func values(_ names: [String], in store: DataStore) -> [String: Any] {
        var out: [String: Any] = [:]
        for name in names {
            do throws(EvaluationError) {
                let value: Value?
                if name.hasSuffix("]"), let open = name.firstIndex(of: "[") {
                    let flag = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                    value = try store.getVarFlag(try store.expand(String(name[..<open])), flag)
                } else {
                    value = try store.getVar(try store.expand(name))
                }
                out[name] = json(value)
            } catch {
                out[name] = ["expansion_error": "ExpansionError"]
            }
        }
        return out
    }

    static func json(_ value: Value?) -> Any {
        switch value {
        case nil, .none?: NSNull()
        case .string(let s)?: s
        case .int(let i)?: i
        case .bool(let b)?: b
        case .list(let items)?: items.map { json($0) }
        case .object?: value!.pythonString
        }
    }

    static func serialise(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
