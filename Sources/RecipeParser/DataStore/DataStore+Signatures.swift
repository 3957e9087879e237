/// What expanding one value involved, as BitBake's `VariableParse` records it for task
/// signatures: the `${NAME}` references met in every round, the facts of each `${@...}`
/// expression run, and the `:remove` values that removed something.
public struct ExpansionFacts: Sendable {
    /// The value before expansion (appends, prepends and overrides applied), nil when unset.
    public var unexpanded: Value?
    /// The expanded value with removals applied.
    public var expanded: Value?
    /// Every `${NAME}` met while expanding, defined or not.
    public var references: Set<String> = []
    /// References, calls and `contains` tests of the inline Python that ran.
    public var python = PythonCodeFacts()
    /// The `:remove` values (unexpanded) that removed a word.
    public var removes: Set<String> = []
}

extension DataStore {
    /// `d.getVarFlag(name, flag, False, retparser=True)` for the signature code: the
    /// unexpanded value and what expanding it involved.
    ///
    /// - Parameters:
    ///   - name: the variable.
    ///   - flag: a flag name, or nil for the variable's value.
    /// - Throws: `EvaluationError` when expansion fails.
    public func expansionFacts(of name: String, flag: String? = nil) throws(EvaluationError) -> ExpansionFacts {
        let internalFlag = flag ?? Variable.content
        let (unexpanded, parser) = try lookup(
            name, internalFlag, expand: false, noWeakDefault: false, parsing: false, wantParser: true)
        var facts = try expansionFacts(ofValue: unexpanded, variable: flag.map { name + "[" + $0 + "]" } ?? name)
        facts.unexpanded = unexpanded
        if let removes = parser?.removes {
            facts.removes = removes
            facts.expanded = parser?.value
        }
        return facts
    }

    /// BitBake's `expandWithRefs(text, variable)`: repeat a `${NAME}` pass and a `${@...}`
    /// pass until nothing changes, noting every name met and analysing every expression run.
    ///
    /// - Throws: `EvaluationError` when a reference fails to expand or Python fails.
    public func expansionFacts(ofValue value: Value?, variable: String?) throws(EvaluationError) -> ExpansionFacts {
        var facts = ExpansionFacts(unexpanded: value, expanded: value)
        guard case .string(let original) = value else { return facts }
        var text = Array(original.utf8)
        var rounds = 0
        while Self.containsOpeningBrace(text) {
            rounds += 1
            if rounds > Self.maximumExpansionRounds || text.count > Self.maximumExpansionBytes {
                throw EvaluationError(.python, "RecursionError: expansion does not terminate")
            }
            let old = text
            text = try referencePass(text, variable: variable, facts: &facts)
            do throws(InlinePythonFailure) {
                text = try pythonPass(text, variable: variable, facts: &facts)
            } catch {
                switch error {
                case .unterminatedString: break  // left unexpanded, as BitBake does
                case .error(let e): throw e
                }
            }
            if text == old { break }
        }
        facts.expanded = .string(String(decoding: text, as: UTF8.self))
        return facts
    }

    private static func containsOpeningBrace(_ text: [UInt8]) -> Bool {
        guard text.count >= 2 else { return false }
        for i in 0..<(text.count - 1) where text[i] == UInt8(ascii: "$") && text[i + 1] == UInt8(ascii: "{") {
            return true
        }
        return false
    }

    private func referencePass(_ text: [UInt8], variable: String?, facts: inout ExpansionFacts) throws(EvaluationError) -> [UInt8] {
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        while let dollar = text[i...].firstIndex(of: UInt8(ascii: "$")) {
            guard let end = Self.referenceEnd(text, at: dollar) else {
                i = dollar + 1
                continue
            }
            let key = String(decoding: text[(dollar + 2)..<end], as: UTF8.self)
            if let variable, variable == key {
                throw EvaluationError(.expansion, "variable \(variable) references itself!", variableChain: [variable])
            }
            facts.references.insert(key)
            if case .string(let s)? = try getVar(key) {
                out.append(contentsOf: text[copied..<dollar])
                out.append(contentsOf: s.utf8)
                copied = end + 1
            }
            i = end + 1
        }
        if copied == 0 { return text }
        out.append(contentsOf: text[copied...])
        return out
    }

    private func pythonPass(_ text: [UInt8], variable: String?, facts: inout ExpansionFacts) throws(InlinePythonFailure) -> [UInt8] {
        guard Self.containsInlinePython(text) else { return text }
        var out: [UInt8] = []
        var i = 0
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
                        guard let python else {
                            throw .error(EvaluationError(.python, "no Python interpreter to evaluate ${@\(source)}"))
                        }
                        let analysed: PythonCodeFacts
                        do {
                            analysed = try PythonInterpreter.shared().codeFacts(of: source)
                        } catch {
                            // BitBake analyses before it evaluates; a compile error is left to
                            // the evaluation to report (or tolerate, for unterminated strings).
                            analysed = PythonCodeFacts()
                        }
                        let result = try python.evaluateInline(source, variable: variable, store: self)
                        facts.python.references.formUnion(analysed.references)
                        facts.python.execs.formUnion(analysed.execs)
                        for (key, words) in analysed.contains { facts.python.contains[key, default: []].formUnion(words) }
                        out.append(contentsOf: result.utf8)
                    }
                    i = end
                    continue
                }
            }
            out.append(text[i])
            i += 1
        }
        return out
    }
}
