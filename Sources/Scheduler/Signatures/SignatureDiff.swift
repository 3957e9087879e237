/// Why a task's signature changed between two builds, in plain words, as BitBake's
/// `bitbake-diffsigs` explains it.
public struct SignatureDiff: Sendable, Equatable {
    /// One reason. Cases are listed in the order `changes` reports them.
    public enum Change: Sendable, Equatable, CustomStringConvertible {
        case ignoredVariablesChanged(added: [String], removed: [String])
        /// The task's own code (its function body or value).
        case taskCodeChanged(task: String, diff: [String])
        case variableAdded(name: String, value: String?, addedBy: [String])
        case variableRemoved(name: String)
        case variableChanged(name: String, from: String?, to: String?)
        case fileAdded(path: String)
        case fileRemoved(path: String)
        case fileChanged(path: String)
        case dependencyAdded(task: String)
        case dependencyRemoved(task: String)
        case dependencyChanged(task: String)
        case taintChanged(from: String?, to: String?)

        public var description: String {
            switch self {
            case .ignoredVariablesChanged(let added, let removed):
                var parts: [String] = []
                if !added.isEmpty { parts.append("now ignores \(added.joined(separator: ", "))") }
                if !removed.isEmpty { parts.append("no longer ignores \(removed.joined(separator: ", "))") }
                return "BB_BASEHASH_IGNORE_VARS changed: " + parts.joined(separator: "; ")
            case .taskCodeChanged(let task, let diff):
                return (["task code of \(task) changed"] + diff.map { "  " + $0 }).joined(separator: "\n")
            case .variableAdded(let name, let value, let addedBy):
                var text = "variable \(name) added to the dependencies"
                if !addedBy.isEmpty { text += " (referenced by \(addedBy.joined(separator: ", ")))" }
                if let value, !value.contains("\n") { text += " with value \(Self.quoted(value))" }
                return text
            case .variableRemoved(let name):
                return "variable \(name) removed from the dependencies"
            case .variableChanged(let name, let from, let to):
                if (from ?? "").contains("\n") || (to ?? "").contains("\n") {
                    let diff = Self.lineDiff(from ?? "", to ?? "").map { "  " + $0 }
                    return (["code of \(name) changed"] + diff).joined(separator: "\n")
                }
                return "variable \(name) changed from \(from.map(Self.quoted) ?? "unset") to \(to.map(Self.quoted) ?? "unset")"
            case .fileAdded(let path):
                return "file \(path) added"
            case .fileRemoved(let path):
                return "file \(path) removed"
            case .fileChanged(let path):
                return "file \(path) changed"
            case .dependencyAdded(let task):
                return "dependency \(task) added"
            case .dependencyRemoved(let task):
                return "dependency \(task) removed"
            case .dependencyChanged(let task):
                return "dependency \(task) changed"
            case .taintChanged(let from, let to):
                if to == nil { return "the forced-run taint was removed" }
                if from == nil { return "the task was tainted to force it to run" }
                return "the task's taint changed"
            }
        }

        static func quoted(_ text: String) -> String { "'" + text + "'" }

        /// Lines only in `old` (`- `) and only in `new` (`+ `), in order: a longest common
        /// subsequence walk, enough for function bodies.
        static func lineDiff(_ old: String, _ new: String) -> [String] {
            let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
            var lines: [String] = []
            var (i, j) = (0, 0)
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    i += 1
                    j += 1
                } else if i < a.count, j == b.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                    lines.append("- " + a[i])
                    i += 1
                } else {
                    lines.append("+ " + b[j])
                    j += 1
                }
            }
            return lines
        }
    }

    public var old: TaskSignature
    public var new: TaskSignature
    public var changes: [Change]

    /// Whether the task must run again: its task hash differs.
    public var mustRerun: Bool { old.taskhash != new.taskhash }

    /// Compares two signatures of the same task.
    public init(old: TaskSignature, new: TaskSignature) {
        self.old = old
        self.new = new
        var changes: [Change] = []

        let oldIgnored = Set(old.ignoredVariables), newIgnored = Set(new.ignoredVariables)
        if oldIgnored != newIgnored {
            changes.append(.ignoredVariablesChanged(
                added: newIgnored.subtracting(oldIgnored).pythonSorted(),
                removed: oldIgnored.subtracting(newIgnored).pythonSorted()))
        }

        let oldCode = old.variables[old.task] ?? nil, newCode = new.variables[new.task] ?? nil
        if oldCode != newCode {
            changes.append(.taskCodeChanged(task: new.task, diff: Change.lineDiff(oldCode ?? "", newCode ?? "")))
        }
        let oldNames = Set(old.variables.keys).subtracting([old.task])
        let newNames = Set(new.variables.keys).subtracting([new.task])
        for name in newNames.subtracting(oldNames).pythonSorted() {
            let referrers = new.references.filter { $0.value.contains(name) }.map(\.key).pythonSorted()
            changes.append(.variableAdded(name: name, value: new.variables[name] ?? nil, addedBy: referrers))
        }
        for name in oldNames.subtracting(newNames).pythonSorted() {
            changes.append(.variableRemoved(name: name))
        }
        for name in oldNames.intersection(newNames).pythonSorted() {
            let from = old.variables[name] ?? nil, to = new.variables[name] ?? nil
            if from != to { changes.append(.variableChanged(name: name, from: from, to: to)) }
        }

        let oldFiles = Dictionary(old.fileChecksums.map { ($0.path, $0.checksum) }, uniquingKeysWith: { a, _ in a })
        let newFiles = Dictionary(new.fileChecksums.map { ($0.path, $0.checksum) }, uniquingKeysWith: { a, _ in a })
        for path in Set(newFiles.keys).subtracting(oldFiles.keys).pythonSorted() { changes.append(.fileAdded(path: path)) }
        for path in Set(oldFiles.keys).subtracting(newFiles.keys).pythonSorted() { changes.append(.fileRemoved(path: path)) }
        for path in Set(oldFiles.keys).intersection(newFiles.keys).pythonSorted() where oldFiles[path]! != newFiles[path]! {
            changes.append(.fileChanged(path: path))
        }

        let oldDeps = Dictionary(old.dependencies.map { ($0.task, $0.taskhash) }, uniquingKeysWith: { a, _ in a })
        let newDeps = Dictionary(new.dependencies.map { ($0.task, $0.taskhash) }, uniquingKeysWith: { a, _ in a })
        for task in Set(newDeps.keys).subtracting(oldDeps.keys).pythonSorted() { changes.append(.dependencyAdded(task: task)) }
        for task in Set(oldDeps.keys).subtracting(newDeps.keys).pythonSorted() { changes.append(.dependencyRemoved(task: task)) }
        for task in Set(oldDeps.keys).intersection(newDeps.keys).pythonSorted() where oldDeps[task] != newDeps[task] {
            changes.append(.dependencyChanged(task: task))
        }

        if old.taint != new.taint { changes.append(.taintChanged(from: old.taint, to: new.taint)) }
        self.changes = changes
    }

    /// One line (or block) per change; empty when the signatures agree.
    public var explanation: [String] { changes.map(\.description) }
}
