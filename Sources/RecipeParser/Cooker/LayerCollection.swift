import Foundation

/// One entry of `BBFILE_COLLECTIONS`: the files its `BBFILE_PATTERN_<name>` matches and their
/// `BBFILE_PRIORITY_<name>` (BitBake's `bbfile_config_priorities`).
public struct LayerCollection: @unchecked Sendable {
    // Unchecked: NSRegularExpression is immutable once made and safe to share between threads.
    public let name: String
    public let pattern: String
    public let priority: Int
    let regex: NSRegularExpression?

    /// `re.match`: the pattern anchored at the start of `path`.
    func matches(_ path: String) -> Bool {
        guard let regex else { return false }
        let range = NSRange(path.startIndex..., in: path)
        return regex.firstMatch(in: path, options: .anchored, range: range) != nil
    }

    /// `handleCollections`: priorities (explicit, or one above the highest layer depended on),
    /// `LAYERDEPENDS` and `LAYERRECOMMENDS` checks, and the compiled patterns, ordered as the
    /// cooker matches files: the longest pattern first, so nested layers win.
    static func collections(of data: DataStore) throws(EvaluationError) -> [LayerCollection] {
        let names = splitWords(try data.getVar("BBFILE_COLLECTIONS")?.pythonString ?? "")
        guard !names.isEmpty else { return [] }
        var errors: [String] = []
        var priorities: [String: Int] = [:]
        var depends: [String: [String]] = [:]
        var minimum = 0
        for name in names {
            if let text = try data.getVar("BBFILE_PRIORITY_" + name)?.pythonString, !text.isEmpty {
                if let value = Int(text.trimmingCharacters(in: .whitespaces)) {
                    if minimum == 0 || value < minimum { minimum = value }
                    priorities[name] = value
                } else {
                    errors.append("invalid value for BBFILE_PRIORITY_\(name): \"\(text)\"")
                }
            }
            depends[name] = []
            if let text = try data.getVar("LAYERDEPENDS_" + name)?.pythonString, !text.isEmpty {
                for (dependency, constraints) in try BitBakeVersion.dependencies(text) {
                    depends[name, default: []].append(dependency)
                    guard names.contains(dependency) else {
                        errors.append("Layer '\(name)' depends on layer '\(dependency)', but this layer is not enabled in your configuration")
                        continue
                    }
                    for constraint in constraints {
                        let parts = splitWords(constraint)
                        guard let version = try data.getVar("LAYERVERSION_" + dependency)?.pythonString, !version.isEmpty else {
                            errors.append("Layer '\(name)' depends on version \(constraint) of layer '\(dependency)', which exists in your "
                                + "configuration but does not specify a version. Check that you are using the correct matching "
                                + "versions/branches of these two layers.")
                            continue
                        }
                        guard parts.count == 2, let ok = BitBakeVersion.satisfies(version, parts[0], parts[1]) else {
                            throw EvaluationError(.fatal, "Error parsing LAYERDEPENDS_\(name): Unsupported comparison operator \"\(parts.first ?? "")\"")
                        }
                        if !ok {
                            errors.append("Layer '\(name)' depends on version \(constraint) of layer '\(dependency)', but version \(version) "
                                + "is currently enabled in your configuration. Check that you are using the correct matching "
                                + "versions/branches of these two layers.")
                        }
                    }
                }
            }
            if let text = try data.getVar("LAYERRECOMMENDS_" + name)?.pythonString, !text.isEmpty {
                for (recommended, constraints) in try BitBakeVersion.dependencies(text) where names.contains(recommended) {
                    if let constraint = constraints.first {
                        let parts = splitWords(constraint)
                        guard let version = try data.getVar("LAYERVERSION_" + recommended)?.pythonString, !version.isEmpty,
                              parts.count == 2, BitBakeVersion.satisfies(version, parts[0], parts[1]) == true else { continue }
                    }
                    depends[name, default: []].append(recommended)
                }
            }
        }

        func priority(of name: String, visiting: Set<String> = []) -> Int {
            if let known = priorities[name], known != 0 { return known }
            var highest = minimum
            for dependency in depends[name] ?? [] where !visiting.contains(dependency) && names.contains(dependency) {
                highest = max(highest, priority(of: dependency, visiting: visiting.union([name])))
            }
            priorities[name] = highest + 1
            return highest + 1
        }

        var collections: [LayerCollection] = []
        for name in names {
            let value = priority(of: name)
            guard let pattern = try data.getVar("BBFILE_PATTERN_" + name)?.pythonString else {
                errors.append("BBFILE_PATTERN_\(name) not defined")
                continue
            }
            let regex: NSRegularExpression?
            if pattern.isEmpty {
                regex = nil  // BitBake compiles '^NULL$': it matches nothing real
            } else if let compiled = try? NSRegularExpression(pattern: pattern) {
                regex = compiled
            } else {
                errors.append("BBFILE_PATTERN_\(name) \"\(pattern)\" is not a valid regular expression")
                continue
            }
            collections.append(LayerCollection(name: name, pattern: pattern, priority: value, regex: regex))
        }
        if !errors.isEmpty {
            throw EvaluationError(.fatal, "Errors during parsing layer configuration:\n  " + errors.joined(separator: "\n  "))
        }
        // Python's sort is stable: equal patterns keep their BBFILE_COLLECTIONS order.
        return collections.enumerated().sorted { a, b in
            a.element.pattern != b.element.pattern ? a.element.pattern > b.element.pattern : a.offset < b.offset
        }.map(\.element)
    }

    /// `calc_bbfile_priority`: the first collection (longest pattern first) matching `path`.
    static func collection(for path: String, in collections: [LayerCollection]) -> LayerCollection? {
        collections.first { $0.matches(path) }
    }
}
