import Synchronization

/// The commands a shell function runs, as BitBake's `ShellParser.parse_shell` reports them:
/// the first word of every simple command (also inside `$(...)` and backquotes, `eval`
/// arguments and function bodies), minus the functions the script defines itself.
///
/// BitBake intersects this set with the datastore's variable names to find which shell
/// functions a task calls. Its quirks are reproduced because they decide the dependencies:
/// a command word starting with `$` is ignored, `VAR=value cmd` yields `cmd`, a command
/// substitution in the command word hides the next word from the scan, and substitutions
/// inside `${...}`, redirection targets and here-documents are not looked into.
public enum ShellCommandScanner {
    private static let cache = Mutex<[String: Set<String>]>([:])

    /// - Parameter script: shell code after `${...}` expansion.
    /// - Returns: the names of the commands the script runs.
    /// - Throws: `ShellSyntaxError` for code BitBake's shell parser rejects.
    public static func commands(in script: String) throws(ShellSyntaxError) -> Set<String> {
        if let cached = cache.withLock({ $0[script] }) { return cached }
        var scan = Scan()
        try scan.parse(script)
        let commands = scan.executed.subtracting(scan.defined)
        cache.withLock { $0[script] = commands }
        return commands
    }

    private struct Scan {
        var executed: Set<String> = []
        var defined: Set<String> = []

        mutating func parse(_ script: String) throws(ShellSyntaxError) {
            for command in try ShellParser.parse(script) { try visit(command) }
        }

        mutating func visit(_ command: ShellCommand) throws(ShellSyntaxError) {
            switch command {
            case .simple(let words):
                try scan(words)
            case .group(let commands, let words):
                for c in commands { try visit(c) }
                if !words.isEmpty { try scan(words) }
            case .function(let name, let body):
                defined.insert(name)
                try visit(body)
            }
        }

        /// pysh's `process_words`, including its list handling: a command word holding a
        /// substitution is removed from the list while the list is being walked.
        mutating func scan(_ original: [ShellWord]) throws(ShellSyntaxError) {
            var words = original
            var i = 0
            while i < words.count {
                let word = words[i]
                for part in try ShellWordTree.parts(of: word.text) {
                    guard case .group(let open, let inner, _) = part, !open.isEmpty else { continue }
                    var candidates = [part]
                    if open == "\"" {
                        candidates += inner.filter { if case .group(let o, _, _) = $0 { !o.isEmpty } else { false } }
                    }
                    for candidate in candidates {
                        guard case .group(let o, let body, _) = candidate, o == "`" || o == "$(" else { continue }
                        try parse(body.map(\.source).joined())
                        if word.role == "cmd_name" || word.role == "cmd_word", let j = words.firstIndex(of: word) {
                            words.remove(at: j)
                        }
                    }
                }
                i += 1
            }

            var useToken = false
            for word in words where word.role == "cmd_name" || word.role == "cmd_word" || (useToken && word.role == "TOKEN") {
                if word.text.contains("=") {
                    useToken = true
                    continue
                }
                if word.text.hasPrefix("$") {
                    // A command named by a variable: BitBake cannot follow it.
                } else if word.text == "eval" {
                    try parse(words.dropFirst().map(\.text).joined(separator: " "))
                } else {
                    executed.insert(word.text)
                }
                break
            }
        }
    }
}
