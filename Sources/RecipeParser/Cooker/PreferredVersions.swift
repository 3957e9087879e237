import Foundation

/// Which recipe file provides each recipe name (`bb.providers.findBestProvider`): among the
/// files of the highest layer priority, the `PREFERRED_VERSION`/`REQUIRED_VERSION` match if
/// there is one, else the latest version after `DEFAULT_PREFERENCE`.
public struct PreferredVersions {
    /// What the choice needs to know about one parsed, not skipped target.
    public struct Candidate {
        public var file: String
        public var pn: String
        public var epoch: String
        public var version: String
        public var revision: String
        public var defaultPreference: Int
        public var priority: Int

        public init(file: String, pn: String, epoch: String, version: String, revision: String, defaultPreference: Int, priority: Int) {
            self.file = file
            self.pn = pn
            self.epoch = epoch
            self.version = version
            self.revision = revision
            self.defaultPreference = defaultPreference
            self.priority = priority
        }

        public var versionString: String { epoch + ":" + version + "-" + revision }
        var split: (epoch: Int, version: String, revision: String) { (Int(epoch) ?? 0, version, revision) }
    }

    public struct Choice {
        public var latest: Candidate
        public var preferred: Candidate?
        public var required: Bool
    }

    public var choices: [String: Choice] = [:]
    public var warnings: [String] = []

    public init(_ candidates: [Candidate], configuration: DataStore) throws(EvaluationError) {
        for (pn, group) in Dictionary(grouping: candidates, by: \.pn) {
            choices[pn] = try Self.best(pn, group, configuration, &warnings)
        }
    }

    /// `sortPriorities`: sets of files, highest priority first, each ordered by preference.
    static func prioritySets(_ candidates: [Candidate]) -> [[Candidate]] {
        Dictionary(grouping: candidates, by: \.priority).sorted { $0.key > $1.key }.map { _, files in
            // A stable sort by preference, as Python's sorted() over the grouping keys.
            files.enumerated().sorted { a, b in
                a.element.defaultPreference != b.element.defaultPreference
                    ? a.element.defaultPreference < b.element.defaultPreference : a.offset < b.offset
            }.map(\.element)
        }
    }

    static func versionVariable(_ keyword: String, _ pn: String, _ data: DataStore) throws(EvaluationError) -> String? {
        for name in ["\(keyword)_VERSION:pn-\(pn)", "\(keyword)_VERSION_\(pn)", "\(keyword)_VERSION"] {
            if let value = try data.getVar(name), value.isTruthy { return value.pythonString }
        }
        return nil
    }

    static func best(_ pn: String, _ candidates: [Candidate], _ data: DataStore, _ warnings: inout [String]) throws(EvaluationError) -> Choice {
        let sets = prioritySets(candidates)
        var required = false
        var wanted = try versionVariable("PREFERRED", pn, data)
        if let requiredVersion = try versionVariable("REQUIRED", pn, data) {
            if wanted != nil {
                warnings.append("REQUIRED_VERSION and PREFERRED_VERSION for package \(pn) are both set using REQUIRED_VERSION \(requiredVersion)")
            }
            wanted = requiredVersion
            required = true
        }
        var preferred: Candidate?
        if let wanted {
            // r'(\d+:)*(.*)(_.*)*': the greedy middle group takes the rest, so no revision part.
            var epoch: String?
            var version = Substring(wanted)
            while let colon = version.firstIndex(of: ":"), !version[..<colon].isEmpty,
                  version[..<colon].allSatisfy({ $0.isASCII && $0.isNumber }) {
                epoch = String(version[..<colon])
                version = version[version.index(after: colon)...]
            }
            outer: for set in sets {
                for c in set where (epoch == nil || c.epoch == epoch!) {
                    if c.version == version || (version.hasSuffix("%") && c.version.hasPrefix(version.dropLast())) {
                        preferred = c
                        break outer
                    }
                }
            }
            if preferred == nil {
                let text = epoch.map { "\($0):\(version)" } ?? String(version)
                if !required { warnings.append("preferred version \(text) of \(pn) not available") }
                let available = Set(candidates.map { $0.epoch.isEmpty ? $0.version : "\($0.epoch):\($0.version)" }).sorted()
                if !available.isEmpty { warnings.append("versions of \(pn) available: \(available.joined(separator: " "))") }
                if required { throw EvaluationError(.fatal, "required version \(text) of \(pn) not available") }
            }
        }
        var latest = sets[0][0]
        var latestPreference = 0
        var first = true
        for c in sets[0] {
            if first || (latestPreference == c.defaultPreference && BitBakeVersion.compare(latest.split, c.split) < 0)
                || c.defaultPreference > latestPreference {
                latest = c
                latestPreference = c.defaultPreference
                first = false
            }
        }
        return Choice(latest: latest, preferred: preferred ?? (required ? nil : latest), required: required)
    }
}
