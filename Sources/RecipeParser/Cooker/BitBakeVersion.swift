/// BitBake's version arithmetic (`bb.utils.vercmp_string`, `explode_dep_versions2`), used for
/// layer dependencies and provider selection without a trip into Python.
public enum BitBakeVersion {
    /// One piece of an exploded version: `~` sorts first, then numbers, words, other characters.
    enum Part: Equatable {
        case tilde, number(Int), word(String), other(Character)
        var order: Int {
            switch self {
            case .tilde: -1
            case .number: 0
            case .word: 1
            case .other: 2
            }
        }
    }

    static func explode(_ s: String) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(s)
        while let c = rest.first {
            if c.isASCII && c.isNumber {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                parts.append(.number(Int(digits) ?? Int.max))
                rest = rest.dropFirst(digits.count)
            } else if c.isASCII && c.isLetter {
                let letters = rest.prefix { $0.isASCII && $0.isLetter }
                parts.append(.word(String(letters)))
                rest = rest.dropFirst(letters.count)
            } else {
                parts.append(c == "~" ? .tilde : .other(c))
                rest = rest.dropFirst()
            }
        }
        return parts
    }

    /// `split_version`: `PE:PV-PR` into its three parts (outer spaces and `<>=` stripped).
    public static func split(_ version: String) -> (epoch: Int, version: String, revision: String) {
        var s = Substring(version)
        let strip: Set<Character> = [" ", "<", ">", "="]
        while let f = s.first, strip.contains(f) { s = s.dropFirst() }
        while let l = s.last, strip.contains(l) { s = s.dropLast() }
        var epoch = 0
        if s.contains(":") {
            let pieces = s.split(separator: ":", omittingEmptySubsequences: false)
            epoch = Int(pieces[0]) ?? 0
            s = pieces[1]
        }
        var revision = ""
        if let dash = s.lastIndex(of: "-") {
            revision = String(s[s.index(after: dash)...])
            s = s[..<dash]
        }
        return (epoch, String(s), revision)
    }

    /// `vercmp_part`: negative, zero or positive as `a` sorts before, with or after `b`.
    static func comparePart(_ a: String, _ b: String) -> Int {
        var va = explode(a)[...], vb = explode(b)[...]
        while true {
            let pa = va.popFirst(), pb = vb.popFirst()
            switch (pa, pb) {
            case (nil, nil): return 0
            case (nil, let p?): return 0 < p.order ? -1 : 0 > p.order ? 1 : -1
            case (let p?, nil): return p.order < 0 ? -1 : p.order > 0 ? 1 : 1
            case (let x?, let y?):
                if x.order != y.order { return x.order < y.order ? -1 : 1 }
                switch (x, y) {
                case (.number(let m), .number(let n)) where m != n: return m < n ? -1 : 1
                case (.word(let m), .word(let n)) where m != n: return m < n ? -1 : 1
                case (.other(let m), .other(let n)) where m != n: return m < n ? -1 : 1
                default: continue
                }
            }
        }
    }

    /// `vercmp` on split versions.
    public static func compare(_ a: (epoch: Int, version: String, revision: String),
                               _ b: (epoch: Int, version: String, revision: String)) -> Int {
        if a.epoch != b.epoch { return a.epoch - b.epoch }
        let v = comparePart(a.version, b.version)
        return v != 0 ? v : comparePart(a.revision, b.revision)
    }

    /// `vercmp_string_op`; nil for an operator BitBake does not know.
    public static func satisfies(_ a: String, _ op: String, _ b: String) -> Bool? {
        let r = compare(split(a), split(b))
        switch op {
        case "=", "==": return r == 0
        case "<=": return r <= 0
        case ">=": return r >= 0
        case ">", ">>": return r > 0
        case "<", "<<": return r < 0
        case "!=": return r != 0
        default: return nil
        }
    }

    /// `explode_dep_versions2`: each dependency with its `op version` constraints, in order
    /// of first appearance (BitBake then sorts by name; callers sort when they need to).
    public static func dependencies(_ s: String) throws(EvaluationError) -> [(name: String, constraints: [String])] {
        var result: [(name: String, constraints: [String])] = []
        func index(_ name: String) -> Int {
            if let i = result.firstIndex(where: { $0.name == name }) { return i }
            result.append((name, []))
            return result.count - 1
        }
        var lastDependency: String?
        var lastOperator = "", lastVersion = ""
        var inComparison = false, inVersion = false
        for var word in splitWords(s.replacingText(",", with: "")) {
            if word.hasPrefix("(") {
                inComparison = true
                word = String(word.dropFirst()).trimmingSpaces
                if word.isEmpty { continue }
            }
            if inComparison {
                inComparison = false
                inVersion = true
                if let op = ["<=", "=<", "<<", "==", "!=", ">=", "=>", ">>"].first(where: word.hasPrefix) {
                    lastOperator = op
                    word = String(word.dropFirst(2))
                } else if let op = ["<", ">", "="].first(where: word.hasPrefix) {
                    lastOperator = op
                    word = String(word.dropFirst())
                } else {
                    throw EvaluationError(.fatal, "Invalid version specification in \"(\(word)\" - invalid or missing operator")
                }
                if word.isEmpty { continue }
            }
            if inVersion {
                if word.hasSuffix(")") {
                    word.removeLast()
                    inVersion = false
                    if !lastVersion.isEmpty && !word.isEmpty { lastVersion += " " }
                }
                if !word.isEmpty {
                    lastVersion += word
                    result[index(lastDependency ?? "None")].constraints.append(lastOperator + " " + lastVersion)
                }
                continue
            }
            lastDependency = word
            lastVersion = ""
            lastOperator = ""
            let i = index(word)
            if result[i].constraints.isEmpty { result[i].constraints = [] }
        }
        return result
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
