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
        let (preferred, required) = try preferredCandidate(pn, sets, data, &warnings)
        let latest = latestCandidate(sets[0])
        return Choice(latest: latest, preferred: preferred ?? (required ? nil : latest), required: required)
    }
}

extension PreferredVersions {
    /// `bb.providers.filterProviders` for a build-time name: the eligible files providing
    /// `item`, best first. `providers` are the candidates whose PN or `PROVIDES` names it;
    /// `preferred` is `PREFERRED_PROVIDERS` as `item -> PN`.
    public static func providers(
        for item: String, _ providers: [Candidate], configuration data: DataStore, preferred: [String: String]
    ) throws(EvaluationError) -> (eligible: [Candidate], unique: Bool) {
        var ignored: [String] = []
        let sorted = providers.sorted { $0.file < $1.file }
        let byPN = Dictionary(grouping: sorted, by: \.pn)
        var eligible: [Candidate] = []
        var chosen: [String: Candidate] = [:]
        for pn in byPN.keys.sorted() {
            let sets = prioritySets(byPN[pn]!)
            let (preferredFile, required) = try preferredCandidate(pn, sets, data, &ignored)
            if required && preferredFile == nil { return ([], false) }
            if let preferredFile {
                chosen[pn] = preferredFile
                eligible.append(preferredFile)
            }
        }
        for pn in byPN.keys.sorted() where chosen[pn] == nil {
            let latest = latestCandidate(prioritySets(byPN[pn]!)[0])
            chosen[pn] = latest
            eligible.append(latest)
        }
        // A recipe named like the item goes first: PREFERRED_PROVIDER_foo defaults to foo.
        for p in sorted where p.pn == item {
            if let c = chosen[p.pn], let i = eligible.firstIndex(where: { $0.file == c.file }) {
                eligible.insert(eligible.remove(at: i), at: 0)
            }
        }
        var wanted = preferred[item]
        if let value = try data.getVar("PREFERRED_PROVIDER_" + item), value.isTruthy { wanted = value.pythonString }
        if let wanted, let i = eligible.firstIndex(where: { $0.pn == wanted }) {
            eligible.insert(eligible.remove(at: i), at: 0)
            return (eligible, true)
        }
        return (eligible, false)
    }

    /// `findPreferredProvider`: the first file, highest priority first, matching
    /// `REQUIRED_VERSION` or `PREFERRED_VERSION`.
    static func preferredCandidate(
        _ pn: String, _ sets: [[Candidate]], _ data: DataStore, _ warnings: inout [String]
    ) throws(EvaluationError) -> (Candidate?, required: Bool) {
        var required = false
        var wanted = try versionVariable("PREFERRED", pn, data)
        if let requiredVersion = try versionVariable("REQUIRED", pn, data) {
            if wanted != nil {
                warnings.append("REQUIRED_VERSION and PREFERRED_VERSION for package \(pn) are both set using REQUIRED_VERSION \(requiredVersion)")
            }
            wanted = requiredVersion
            required = true
        }
        guard let wanted else { return (nil, false) }
        // r'(\d+:)*(.*)(_.*)*': the greedy middle group takes the rest, so no revision part.
        var epoch: String?
        var version = Substring(wanted)
        while let colon = version.firstIndex(of: ":"), !version[..<colon].isEmpty,
              version[..<colon].allSatisfy({ $0.isASCII && $0.isNumber }) {
            epoch = String(version[..<colon])
            version = version[version.index(after: colon)...]
        }
        for set in sets {
            for c in set where epoch == nil || c.epoch == epoch! {
                if c.version == version || (version.hasSuffix("%") && c.version.hasPrefix(version.dropLast())) {
                    return (c, required)
                }
            }
        }
        let text = epoch.map { "\($0):\(version)" } ?? String(version)
        if !required { warnings.append("preferred version \(text) of \(pn) not available") }
        let available = Set(sets.joined().map { $0.epoch.isEmpty ? $0.version : "\($0.epoch):\($0.version)" }).sorted()
        if !available.isEmpty { warnings.append("versions of \(pn) available: \(available.joined(separator: " "))") }
        if required { warnings.append("required version \(text) of \(pn) not available") }
        return (nil, required)
    }

    /// `findLatestProvider`: the newest version after `DEFAULT_PREFERENCE` in one priority set.
    static func latestCandidate(_ set: [Candidate]) -> Candidate {
        var latest = set[0]
        for c in set.dropFirst() {
            if (latest.defaultPreference == c.defaultPreference && BitBakeVersion.compare(latest.split, c.split) < 0)
                || c.defaultPreference > latest.defaultPreference {
                latest = c
            }
        }
        return latest
    }
}
