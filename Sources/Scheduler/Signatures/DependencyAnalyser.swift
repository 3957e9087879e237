import BakeRecipeParser

/// The analysis of one name for `VariableDependencyGraph` (BitBake's `build_dependencies`).
struct DependencyAnalyser {
    let store: DataStore
    /// The datastore shell and Python code is read from: `store` with `BB_HASH_CODEPARSER_VALS`
    /// applied, so that values which only change paths in code do not change dependencies.
    let codeStore: DataStore
    /// Names of the datastore (internal `__` names excepted): a called command or function
    /// only counts when it is one of them.
    let keys: Set<String>
    /// Exported variables: every shell function depends on them.
    let exported: Set<String>
    /// `BB_SIGNATURE_EXCLUDE_FLAGS`; when set, every other flag becomes a `VAR[flag]` dependency.
    let flagExclusions: [String]
    let ignored: Set<String>

    private static let expandedFlags: Set<String> = [
        "vardeps", "vardepvalue", "vardepsexclude", "exports", "postfuncs", "prefuncs", "lineno", "filename",
    ]

    init(store: DataStore) throws(SignatureError) {
        self.store = store
        do {
            keys = Set(try store.keys().filter { !$0.hasPrefix("__") })
            var exported: Set<String> = []
            for name in store.exportList {
                let export = try Self.boolean(store.getVarFlag(name, "export"), name)
                if export, !(try Self.boolean(store.getVarFlag(name, "unexport"), name)) { exported.insert(name) }
            }
            self.exported = exported
            flagExclusions = pythonSplit(try store.getVar("BB_SIGNATURE_EXCLUDE_FLAGS")?.pythonString ?? "")
            ignored = Set(pythonSplit(try store.getVar("BB_BASEHASH_IGNORE_VARS")?.pythonString ?? ""))
            codeStore = store.createCopy()
            for forced in pythonSplit(try store.getVar("BB_HASH_CODEPARSER_VALS")?.pythonString ?? "") {
                guard let equals = forced.firstIndex(of: "=") else {
                    throw SignatureError(.metadata, "BB_HASH_CODEPARSER_VALS entry '\(forced)' is not NAME=VALUE")
                }
                try codeStore.setVar(String(forced[..<equals]), .string(String(forced[forced.index(after: equals)...])))
            }
        } catch let error as SignatureError {
            throw error
        } catch {
            throw SignatureError(.metadata, "cannot read the recipe", cause: error)
        }
    }

    func taskNames() throws(SignatureError) -> [String] {
        do {
            switch try store.getVar("__BBTASKS", expand: false) {
            case .list(let items)?: return items.compactMap(\.stringValue)
            case let other?: return pythonSplit(other.pythonString)
            case nil: return []
            }
        } catch {
            throw SignatureError(.metadata, "cannot read the task list", cause: error)
        }
    }

    /// `bb.utils.to_boolean`: nil, empty and false are false; "1"/"yes"/"y"/"true" true,
    /// "0"/"no"/"n"/"false" false, anything else an error.
    static func boolean(_ value: Value?, _ name: String) throws(SignatureError) -> Bool {
        switch value {
        case nil, .none?: return false
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case let other?:
            let text = other.pythonString
            if text.isEmpty { return false }
            switch text.lowercased() {
            case "y", "yes", "1", "true": return true
            case "n", "no", "0", "false": return false
            default: throw SignatureError(.invalidFlag, "invalid boolean value '\(text)'", variable: name)
            }
        }
    }

    /// The direct dependencies of `key` and the text it contributes to signatures.
    mutating func dependencies(of key: String) throws(SignatureError) -> (Set<String>, String?) {
        do {
            return try analyse(key)
        } catch let error as SignatureError {
            throw error
        } catch let error as ShellSyntaxError {
            throw SignatureError(.shellSyntax, error.message, variable: key)
        } catch let error as EvaluationError where error.kind == .python && error.message.hasPrefix("cannot analyse") {
            throw SignatureError(.pythonSyntax, error.description, variable: key)
        } catch {
            throw SignatureError(.metadata, "cannot analyse", variable: key, cause: error)
        }
    }

    private func analyse(_ key: String) throws -> (Set<String>, String?) {
        if key.hasSuffix("]"), key.contains("[") {
            let pieces = key.dropLast().split(separator: "[", omittingEmptySubsequences: false)
            let (name, flag) = (String(pieces[0]), String(pieces[1]))
            if flag == "vardepvalueexclude" { return ([], "") }
            let facts = try store.expansionFacts(of: name, flag: flag)
            var deps = facts.references.union(facts.python.references)
            deps.formUnion(keys.intersection(facts.python.execs))
            return (deps.subtracting(ignored), facts.unexpanded?.pythonString)
        }

        var flags: [String: Value] = [:]
        var flagOrder: [String] = []
        for (flag, value) in try store.getVarFlags(key, expand: Self.expandedFlags) ?? [] {
            flags[flag] = value
            flagOrder.append(flag)
        }
        let exclusions = pythonSplit(flags["vardepsexclude"]?.pythonString ?? "")
        var deps: Set<String> = []
        var value: String?

        if let forced = flags["vardepvalue"] {
            value = forced.pythonString
        } else if flags["func"]?.isTruthy == true {
            if flags["python"]?.isTruthy == true {
                let code = try codeStore.getVar(key, expand: false)
                let line = Int(flags["lineno"]?.pythonString ?? "") ?? 0
                let facts = try pythonFacts(code?.pythonString ?? "", file: flags["filename"]?.pythonString, line: line)
                deps.formUnion(facts.references)
                deps.formUnion(keys.intersection(facts.execs))
                value = contains(code, facts.contains, exclusions)
            } else {
                let facts = try codeStore.expansionFacts(of: key)
                let commands = try ShellCommandScanner.commands(in: facts.expanded?.pythonString ?? "None")
                deps.formUnion(exported)
                deps.formUnion(facts.references)
                deps.formUnion(facts.python.references)
                deps.formUnion(keys.intersection(commands.union(facts.python.execs)))
                value = contains(facts.unexpanded, facts.python.contains, exclusions)
                value = try removes(value!, &deps, facts.removes, exclusions)
            }
            for flag in ["prefuncs", "postfuncs", "exports"] {
                if let names = flags[flag] { deps.formUnion(pythonSplit(names.pythonString)) }
            }
        } else {
            let facts = try store.expansionFacts(of: key)
            deps.formUnion(facts.references)
            deps.formUnion(facts.python.references)
            deps.formUnion(keys.intersection(facts.python.execs))
            value = contains(facts.unexpanded, facts.python.contains, exclusions)
            value = try removes(value!, &deps, facts.removes, exclusions)
        }

        if let exclude = flags["vardepvalueexclude"], let current = value {
            var text = current
            for excluded in exclude.pythonString.split(separator: "|", omittingEmptySubsequences: true) {
                text = text.replacing(excluded, with: "")
            }
            value = text
        }
        if !flagExclusions.isEmpty {
            for flag in flagOrder where !flagExclusions.contains(flag) { deps.insert("\(key)[\(flag)]") }
        }
        deps.formUnion(pythonSplit(flags["vardeps"]?.pythonString ?? ""))
        deps.subtract(exclusions)
        deps.subtract(ignored)
        return (deps, value)
    }

    private func pythonFacts(_ code: String, file: String?, line: Int) throws -> PythonCodeFacts {
        if code.allSatisfy(\.isWhitespace) { return PythonCodeFacts() }
        return try PythonInterpreter.shared().codeFacts(of: code, file: file, line: line)
    }

    /// BitBake's `handle_contains`: the value, then one line per word a `contains` test
    /// looked for, saying whether the variable has it.
    private func contains(_ value: Value?, _ tests: [String: Set<String>], _ exclusions: [String]) -> String {
        var text = value.map { $0.isTruthy ? $0.pythonString : "" } ?? ""
        for name in tests.keys.pythonSorted() where !exclusions.contains(name) && !ignored.contains(name) {
            let words = Set(pythonSplit((try? store.getVar(name)?.pythonString) ?? ""))
            for item in tests[name]!.pythonSorted() {
                let set = pythonSplit(item).allSatisfy(words.contains)
                text += "\n\(name){\(item)} = \(set ? "Set" : "Unset")"
            }
        }
        return text
    }

    private func contains(_ value: String, _ tests: [String: Set<String>], _ exclusions: [String]) -> String {
        contains(value.isEmpty ? nil : .string(value), tests, exclusions)
    }

    /// BitBake's `handle_remove`: each `:remove` that removed something is noted, and what
    /// its text refers to becomes a dependency (calls in it do not, as in BitBake).
    private func removes(
        _ value: String, _ deps: inout Set<String>, _ removes: Set<String>, _ exclusions: [String]
    ) throws -> String {
        var text = value
        for removed in removes.pythonSorted() {
            let facts = try store.expansionFacts(ofValue: .string(removed), variable: nil)
            text += "\n_remove of \(removed)"
            deps.formUnion(facts.references)
            deps.formUnion(facts.python.references)
            text = contains(text, facts.python.contains, exclusions)
        }
        return text
    }
}
