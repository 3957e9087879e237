/// Override bookkeeping: which `NAME:o1:o2` variables belong to which base name, which
/// overrides are active, and how `OVERRIDES` is computed.
extension DataStore {
    /// BitBake's `__setvar_regexp__`: `BASE:append[:o...]`, the first keyword whose tail is
    /// empty or a `:` and an override chain without capital letters.
    static func splitKeyword(_ name: String) -> (base: String, keyword: OverrideKeyword, override: String?)? {
        let u = name.utf8
        guard u.contains(UInt8(ascii: ":")) else { return nil }
        let bytes = Array(u)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ":") {
                for keyword in OverrideKeyword.allCases {
                    let k = keyword.bytes
                    guard i + k.count <= bytes.count, bytes[i..<(i + k.count)].elementsEqual(k) else { continue }
                    let rest = bytes[(i + k.count)...]
                    let base = String(decoding: bytes[..<i], as: UTF8.self)
                    if rest.isEmpty { return (base, keyword, nil) }
                    if rest.first == UInt8(ascii: ":"), !rest.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                        let add = String(decoding: rest.dropFirst(), as: UTF8.self)
                        return (base, keyword, add.isEmpty ? nil : add)
                    }
                }
            }
            i += 1
        }
        return nil
    }

    /// BitBake refuses names using the pre-2021 `_append`/`_prepend`/`_remove` syntax anywhere
    /// in the name (anonymous function names excepted).
    static func hasOldOverrideSyntax(_ name: String) -> Bool {
        let u = name.utf8
        guard u.contains(UInt8(ascii: "_")), !name.hasPrefix("__anon_") else { return false }
        return name.containsText("_append") || name.containsText("_prepend") || name.containsText("_remove")
    }

    /// `[a-z0-9]+` matched at the start: what BitBake accepts as an override name.
    static func looksLikeOverride(_ s: Substring) -> Bool {
        guard let c = s.unicodeScalars.first else { return false }
        return (c.value >= 0x61 && c.value <= 0x7A) || (c.value >= 0x30 && c.value <= 0x39)
    }

    /// Visits (base, override chain) for `A:b:c` as BitBake registers it: (`A:b`, `c`), (`A`, `b:c`).
    /// (Colons are found in the UTF-8 bytes: Python splits code points, and a `Character`
    /// search is many times slower on this path, taken by every write of an override name.)
    func walkOverrideChain(of name: String, _ visit: (String, String) -> Void) {
        let colon = UInt8(ascii: ":")
        let utf8 = name.utf8
        guard let last = utf8.lastIndex(of: colon) else { return }
        var override = name[utf8.index(after: last)...]
        var short = name[..<last]
        while !override.isEmpty && Self.looksLikeOverride(override) {
            visit(String(short), String(override))
            override = ""
            if let cut = short.utf8.lastIndex(of: colon) {
                override = name[utf8.index(after: cut)...]
                short = name[..<cut]
                if short.isEmpty { override = "" }
            }
        }
    }

    func updateOverrides(_ name: String) {
        walkOverrideChain(of: name) { short, override in
            let entry = OverrideEntry(variable: name, override: override)
            if let i = overrideData.index(forKey: short) {
                if !overrideData.values[i].contains(entry) { overrideData.values[i].append(entry) }
            } else {
                if short.containsText("${") { overrideBasesWithReferences.append(short) }
                overrideData[short] = [entry]
            }
        }
    }

    func updateOverrideVars(_ name: String, _ value: Value) throws(EvaluationError) {
        var new = try expandWithReferences(value, variable: name).references
        while !overrideVars.isSuperset(of: new) {
            var next: Set<String> = []
            overrideVars.formUnion(new)
            for n in new {
                next.formUnion(try expandWithReferences(try getVar(n), variable: n).references)
            }
            new = next
        }
        overrides = nil
        overridesVersion &+= 1
        parentOverridesVersion = nil
        expansions.overridesChanged()
    }

    /// Is the override chain `o` (one name or `a:b`) active under the current `OVERRIDES`?
    func isActive(_ override: String) -> Bool {
        if overridesSet.contains(override) { return true }
        guard override.containsByte(UInt8(ascii: ":")) else { return false }
        return Self.overrideParts(override).allSatisfy { overridesSet.contains($0) }
    }

    /// `o.split(":")`, on the UTF-8 bytes.
    static func overrideParts(_ override: String) -> [String] {
        override.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            .map { String(Substring($0)) }
    }

    /// Conditional appends use list membership over each part (`o2 in self.overrides`).
    func conditionMatches(_ override: String?) throws(EvaluationError) -> Bool {
        guard let override, !override.isEmpty else { return true }
        try needOverrides()
        let list = overrides ?? []
        for part in Self.overrideParts(override) where !list.contains(part) {
            return false
        }
        return true
    }

    /// Computes `OVERRIDES` until it is stable (at most five rounds), as BitBake does.
    func needOverrides() throws(EvaluationError) {
        expansions.readOverrides()
        if overrides != nil || inOverride { return }
        if let parent, parentOverridesVersion == parent.overridesVersion, !parent.inOverride, let inherited = parent.overrides {
            overrides = inherited
            overridesSet = parent.overridesSet
            return
        }
        var stack: [[String]] = []
        for _ in 0..<5 {
            inOverride = true
            overrides = []
            overridesSet = []
            let first: [String]
            do {
                first = Self.splitOverrides(try getVar("OVERRIDES"))
            } catch {
                inOverride = false
                overrides = nil
                throw error
            }
            overrides = first
            overridesSet = Set(first)
            stack.append(first)
            inOverride = false
            expansions.overridesChanged()
            let again = Self.splitOverrides(try getVar("OVERRIDES"))
            if again == first { return }
            overrides = again
            overridesSet = Set(again)
        }
        throw EvaluationError(
            .fatal, "Overrides could not be expanded into a stable state after 5 iterations: "
                + stack.map { $0.joined(separator: ":") }.joined(separator: "; "))
    }

    private static func splitOverrides(_ value: Value?) -> [String] {
        overrideParts(value?.stringValue ?? "")
    }
}
