import CBakePython

extension DataStore {
    /// Expands `${VAR}` and `${@python}` references in `text`, as `d.expand()` does.
    public func expand(_ text: String, variable: String? = nil) throws(EvaluationError) -> String {
        try expandWithReferences(.string(text), variable: variable).value?.stringValue ?? text
    }

    func expandValue(_ value: Value, variable: String?) throws(EvaluationError) -> Value {
        try expandWithReferences(value, variable: variable).value ?? value
    }

    /// Depth past which expansion is reported as infinite recursion instead of overflowing the
    /// stack (Python raises RecursionError at about this depth of nested lookups).
    static let maximumExpansionDepth = 150
    /// Rounds of the `${VAR}` + `${@...}` passes on one value: each round only resolves
    /// references that inline Python produced, so real metadata needs two or three.
    static let maximumExpansionRounds = 32
    static let maximumExpansionBytes = 16 << 20

    /// BitBake's `expandWithRefs`: repeat a `${VAR}` pass and a `${@...}` pass until the text
    /// has no `${` or stops changing. Non-string values are returned as they are.
    func expandWithReferences(
        _ value: Value?, variable makeVariable: @autoclosure () -> String?, collectReferences: Bool = true
    ) throws(EvaluationError) -> Expansion {
        guard case .string(let original) = value else { return Expansion(value: value, unexpanded: value) }
        let result = Expansion(value: nil, unexpanded: value)
        guard original.utf8.contains(UInt8(ascii: "$")) else {
            result.value = value
            return result
        }
        let variable = makeVariable()
        let depth = bake_expansion_enter()
        defer { bake_expansion_leave() }
        if depth > Self.maximumExpansionDepth {
            throw EvaluationError(
                .expansion, "Failure expanding variable \(variable ?? "<expansion>"): RecursionError: maximum recursion depth exceeded",
                variableChain: [variable ?? ""])
        }
        var text = Array(original.utf8)
        do throws(EvaluationError) {
            var rounds = 0
            while Self.containsOpening(text) {
                // BitBake loops forever on text that keeps producing new `${` (an expression that
                // returns itself plus more); bake stops with an error instead.
                rounds += 1
                if rounds > Self.maximumExpansionRounds || text.count > Self.maximumExpansionBytes {
                    throw EvaluationError(.python, "RecursionError: expansion does not terminate "
                        + "(\(rounds) rounds, \(text.count) bytes)")
                }
                let old = text
                text = try substituteVariables(text, variable: variable, references: collectReferences ? result : nil)
                do throws(InlinePythonFailure) {
                    text = try substitutePython(text, variable: variable, references: collectReferences ? result : nil)
                } catch {
                    switch error {
                    case .unterminatedString: break  // BitBake leaves such an expression unexpanded
                    case .error(let e): throw e
                    }
                }
                if text == old { break }
            }
        } catch {
            var e = error
            switch e.kind {
            case .skipRecipe, .fatal:
                throw e
            case .expansion:
                if let variable { e.variableChain.append(variable) }
                throw e
            default:
                let name = variable ?? ""
                var current = String(decoding: text.prefix(240), as: UTF8.self)
                if text.count > 240 { current += "..." }
                e.message = variable != nil
                    ? "Failure expanding variable \(name), expression was \(current) which triggered exception \(e.message)"
                    : "Failure expanding expression \(current) which triggered exception \(e.message)"
                e.kind = .expansion
                e.variableChain = [name]
                throw e
            }
        }
        result.value = .string(String(decoding: text, as: UTF8.self))
        return result
    }

    private static func containsOpening(_ text: [UInt8]) -> Bool {
        guard text.count >= 2 else { return false }
        for i in 0..<(text.count - 1) where text[i] == UInt8(ascii: "$") && text[i + 1] == UInt8(ascii: "{") {
            return true
        }
        return false
    }

    /// `[a-zA-Z0-9\-_+./~:]`, the characters `${...}` accepts in a name.
    @inline(__always)
    static func isReferenceByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "/"), UInt8(ascii: "~"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    /// Finds `${NAME}` starting at `i`: the end of the name (index of `}`), or nil.
    static func referenceEnd(_ text: [UInt8], at i: Int) -> Int? {
        guard i + 3 < text.count + 0, text[i] == UInt8(ascii: "$"), text[i + 1] == UInt8(ascii: "{") else { return nil }
        var j = i + 2
        while j < text.count, isReferenceByte(text[j]) { j += 1 }
        guard j > i + 2, j < text.count, text[j] == UInt8(ascii: "}") else { return nil }
        return j
    }

    /// One `re.sub` pass of `\${[a-zA-Z0-9\-_+./~:]+}`: defined names are replaced by their
    /// expanded value, undefined ones stay as written.
    private func substituteVariables(_ text: [UInt8], variable: String?, references: Expansion?) throws(EvaluationError) -> [UInt8] {
        var out: [UInt8] = []
        var copied = 0  // text[..<copied] is already in `out`
        var i = 0
        while let dollar = text[i...].firstIndex(of: UInt8(ascii: "$")) {
            guard let end = Self.referenceEnd(text, at: dollar) else {
                i = dollar + 1
                continue
            }
            let key = String(decoding: text[(dollar + 2)..<end], as: UTF8.self)
            if let variable, variable == key {
                throw EvaluationError(.python, "Exception: variable \(variable) references itself!")
            }
            references?.references.insert(key)
            switch try getVar(key) {
            case .string(let s)?:
                if out.isEmpty { out.reserveCapacity(text.count + s.utf8.count) }
                out.append(contentsOf: text[copied..<dollar])
                out.append(contentsOf: s.utf8)
                copied = end + 1
            case nil:
                break  // left as written
            case let other?:
                throw EvaluationError(.python, "TypeError: expected str instance, \(other.typeName.dropFirst().dropLast()) found")
            }
            i = end + 1
        }
        if copied == 0 { return text }
        out.append(contentsOf: text[copied...])
        return out
    }

    /// One `re.sub` pass of `\${@(?:{.*?}|.)+?}`: each inline Python expression is evaluated
    /// unless it still contains a `${VAR}` reference.
    private func substitutePython(_ text: [UInt8], variable: String?, references: Expansion?) throws(InlinePythonFailure) -> [UInt8] {
        guard Self.containsInlinePython(text) else { return text }
        var out: [UInt8] = []
        var i = 0
        var changed = false
        while i < text.count {
            if text[i] == UInt8(ascii: "$"), i + 2 < text.count, text[i + 1] == UInt8(ascii: "{"),
               text[i + 2] == UInt8(ascii: "@") {
                var budget = 200_000
                if let end = InlinePythonMatcher.match(text, from: i + 3, budget: &budget) {
                    let code = Array(text[(i + 3)..<(end - 1)])
                    if Self.containsReference(code) {
                        out.append(contentsOf: text[i..<end])
                    } else {
                        let source = String(decoding: code, as: UTF8.self)
                        if let references { Self.collectPythonReferences(source, into: references) }
                        guard let python else {
                            throw .error(EvaluationError(.python, "no Python interpreter to evaluate ${@\(source)}"))
                        }
                        expansions.ranPython()
                        let result = try python.evaluateInline(source, variable: variable, store: self)
                        out.append(contentsOf: result.utf8)
                        changed = true
                    }
                    i = end
                    continue
                }
            }
            out.append(text[i])
            i += 1
        }
        return changed ? out : text
    }

    static func containsInlinePython(_ text: [UInt8]) -> Bool {
        var i = 0
        while let dollar = text[i...].firstIndex(of: UInt8(ascii: "$")) {
            if dollar + 2 < text.count, text[dollar + 1] == UInt8(ascii: "{"), text[dollar + 2] == UInt8(ascii: "@") { return true }
            i = dollar + 1
        }
        return false
    }

    static func containsReference(_ code: [UInt8]) -> Bool {
        var i = 0
        while i < code.count {
            if code[i] == UInt8(ascii: "$"), referenceEnd(code, at: i) != nil { return true }
            i += 1
        }
        return false
    }

    /// The variables a Python expression names through `d.getVar('X')` and the
    /// `bb.utils.contains*('X', ...)` helpers (what BitBake's code parser reports).
    static func collectPythonReferences(_ source: String, into expansion: Expansion) {
        for call in ["getVar(", "contains(", "contains_any(", "filter("] {
            var rest = source[...]
            while let r = rest.firstRange(of: call) {
                rest = rest[r.upperBound...]
                let trimmed = rest.drop { $0 == " " }
                guard let quote = trimmed.first, quote == "'" || quote == "\"" else { continue }
                let name = trimmed.dropFirst().prefix { $0 != quote }
                if !name.isEmpty { expansion.references.insert(String(name)) }
            }
        }
    }
}

/// A backtracking matcher for BitBake's `\${@(?:{.*?}|.)+?}` (after the `${@`), with the
/// same leftmost, lazy choices as Python's regex engine. `.` matches anything but a newline.
///
/// It is iterative (an explicit stack of `{...}` choice points), so brace-heavy input cannot
/// overflow the stack, and every step is charged to `budget`: input that would take Python's
/// engine seconds fails fast instead (the expression is then left unexpanded).
enum InlinePythonMatcher {
    /// Returns the index just past the closing `}`, or nil.
    static func match(_ s: [UInt8], from start: Int, budget: inout Int) -> Int? {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        // A choice point: a `{` at `brace` whose lazy `.*?` currently ends at the `}` at `end`.
        var choices: [(brace: Int, end: Int)] = []
        var p = start
        var first = true

        /// The next `}` after `from` on the same line, charging the scan to the budget.
        func nextClose(after from: Int, budget: inout Int) -> Int? {
            var j = from + 1
            while j < s.count, s[j] != newline {
                budget -= 1
                if budget <= 0 { return nil }
                if s[j] == close { return j }
                j += 1
            }
            return nil
        }

        while true {
            budget -= 1
            if budget <= 0 { return nil }
            var advanced = false
            if !first, p < s.count, s[p] == close { return p + 1 }  // lazy: end as soon as possible
            if p < s.count {
                if s[p] == open, let end = nextClose(after: p, budget: &budget) {
                    choices.append((p, end))
                    p = end + 1
                    advanced = true
                } else if budget <= 0 {
                    return nil
                } else if s[p] != newline {
                    p += 1  // `.`
                    advanced = true
                }
            }
            if advanced {
                first = false
                continue
            }
            // Backtrack: extend the latest `{...}` to its next `}`, or let `.` take its `{`.
            var resumed = false
            while let choice = choices.popLast() {
                if let end = nextClose(after: choice.end, budget: &budget) {
                    choices.append((choice.brace, end))
                    p = end + 1
                    resumed = true
                    break
                }
                if budget <= 0 { return nil }
                p = choice.brace + 1  // `.` matches the `{` itself
                resumed = true
                break
            }
            guard resumed else { return nil }
            first = false
        }
    }
}
