/// Writes a datastore the way `bitbake -e` shows it: every variable with its history
/// (operation, file:line, text), its pre-expansion value when it took several operations,
/// then its final value as a shell assignment; shell functions; then Python functions.
public struct EnvironmentDump {
    let store: DataStore

    public init(_ store: DataStore) { self.store = store }

    public func render() throws(EvaluationError) -> String {
        var out = ""
        let keys = try store.keys().filter { !$0.hasPrefix("__") }
        var plain: [String] = [], functions: [String] = []
        for key in keys {
            if try store.getVarFlag(key, "func", expand: false)?.isTruthy == true { functions.append(key) } else { plain.append(key) }
        }
        for key in plain.sorted(by: pythonOrder) {
            try emitVariable(key, into: &out)
        }
        for key in functions.sorted(by: pythonOrder) {
            try emitShellFunction(key, into: &out)
        }
        for key in keys.sorted(by: pythonOrder) {
            guard try store.getVarFlag(key, "func", expand: false)?.isTruthy == true,
                  try store.getVarFlag(key, "python", expand: false)?.isTruthy == true else { continue }
            out += "\npython \(key) () {\n\(try store.getVar(key, expand: false)?.pythonString ?? "")}\n\n"
        }
        return out
    }

    private func pythonOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    private func emitVariable(_ key: String, into out: inout String) throws(EvaluationError) {
        let raw = try store.getVar(key, expand: false)
        guard case .success(let value) = expanded(key, into: &out) else { return }
        emitHistory(key, raw: raw, into: &out)
        let export = try store.getVarFlag(key, "export").map(isTrue) ?? false
        let unexport = try store.getVarFlag(key, "unexport").map(isTrue) ?? false
        let name = try store.expand(key)
        if unexport {
            out += "unset \(name)\n"
            return
        }
        guard let value else { return }
        var text = ""
        for c in value.pythonString {
            switch c {
            case "\"": text += "\\\""
            case "`": text += "\\`"
            case "\n": text += " \\\n"
            case "$": text += "\\$"
            default: text.append(c)
            }
        }
        out += (export ? "export " : "") + "\(name)=\"\(text)\"\n"
    }

    /// The expanded value (nil when unset); a failed expansion writes `emit_var`'s comment
    /// instead, and the dump goes on.
    private func expanded(_ key: String, into out: inout String) -> Result<Value?, EvaluationError> {
        let result = Result { () throws(EvaluationError) in try store.getVar(key) }
        if case .failure(let error) = result {
            out += "# expansion of \(key) threw ExpansionError: \(error.message)\n"
        }
        return result
    }

    private func isTrue(_ v: Value) -> Bool {
        switch v {
        case .string(let s): return ["y", "yes", "1", "true", "t", "on"].contains(s.lowercased())
        default: return v.isTruthy
        }
    }

    private func emitHistory(_ key: String, raw: Value?, into out: inout String) {
        var events = store.history(of: key)
        for entry in store.overrideData[key] ?? [] {
            for event in store.history(of: entry.variable) {
                if let flag = event.flag, !flag.hasPrefix("_"), !flag.hasPrefix(":") { continue }
                var e = event
                e.op = "override[\(entry.override)]:\(event.op)"
                events.append(e)
            }
        }
        let original = (raw?.pythonString ?? "None").replacingNewlines(with: "\n#")
        guard !events.isEmpty else {
            out += "#\n# $\(key)\n#   [no history recorded]\n#\n#   \"\(original)\"\n"
            return
        }
        out += events.count == 1 ? "#\n# $\(key)\n" : "#\n# $\(key) [\(events.count) operations]\n"
        for event in events {
            let flag = event.flag.map { "[\($0)] " } ?? ""
            out += "#   \(event.op) \(event.file):\(event.line)\n#     \(flag)\"\(event.detail.replacingNewlines(with: "\n#     "))\"\n"
        }
        if events.count > 1 {
            out += "# pre-expansion value:\n#   \"\(original)\"\n"
        }
    }

    /// `emit_var` for a shell function: an expansion failure becomes a comment (the dump goes
    /// on), names a shell cannot define are left out, unexported functions are unset.
    private func emitShellFunction(_ key: String, into out: inout String) throws(EvaluationError) {
        if try store.getVarFlag(key, "python", expand: false)?.isTruthy == true { return }
        guard case .success(let value) = expanded(key, into: &out) else { return }
        if key.contains(where: { "-.{}+".contains($0) }) { return }
        let name = try store.expand(key)
        if try store.getVarFlag(key, "unexport").map(isTrue) ?? false {
            out += "unset \(name)\n"
            return
        }
        guard let value else { return }
        let line = try store.getVarFlag(key, "lineno", expand: false)?.pythonString ?? "None"
        let file = try store.getVarFlag(key, "filename", expand: false)?.pythonString ?? "None"
        var body = value.pythonString
        while body.hasSuffix("\n") { body.removeLast() }
        out += "# line: \(line), file: \(file)\n\(name)() {\n\(body)\n}\n\n"
    }
}

extension String {
    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
