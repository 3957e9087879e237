import Foundation

/// The text of a run file (`${T}/run.FUNC.PID`), shaped like BitBake's `exec_func_shell` output:
/// an exit trap that names the failing status, `set -e`, the exports, the function definitions,
/// `cd` into the working directory, the call, and the trap's removal.
struct ShellScript {
    var function: String
    var functions: [String: String]
    var exports: [String: String]
    var unexports: [String]
    var workingDirectory: String

    func render() -> String {
        var text = """
            #!/bin/sh

            # A nonzero exit anywhere below (set -e) is named in the log.
            bake_exit_handler() {
                ret=$?
                if [ "$ret" != 0 ]; then
                    echo "WARNING: exit code $ret from a shell command."
                fi
                exit $ret
            }
            trap 'bake_exit_handler' 0
            set -e

            """
        for name in exports.keys.sorted() where Self.isShellName(name) {
            text += "export \(name)=\"\(Self.quote(exports[name]!))\"\n"
        }
        for name in unexports.sorted() where Self.isShellName(name) {
            text += "unset \(name)\n"
        }
        text += "\n"
        // The task's own function first, then the helpers by name, as bb.data.emit_func does.
        let order = [function] + functions.keys.filter { $0 != function }.sorted()
        for name in order {
            guard let body = functions[name], Self.isShellName(name) else { continue }
            var trimmed = Substring(body)
            while trimmed.last == "\n" { trimmed = trimmed.dropLast() }
            text += "\(name)() {\n\(trimmed)\n}\n\n"
        }
        text += """
            cd '\(workingDirectory.replacingOccurrences(of: "'", with: "'\\''"))'
            \(function)

            # cleanup
            ret=$?
            trap '' 0
            exit $ret

            """
        return text
    }

    /// Escapes a value for double quotes. Newlines become line continuations (so a multi-line
    /// value reads as one line with spaces, as in BitBake's run files).
    static func quote(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "`": result += "\\`"
            case "$": result += "\\$"
            case "\n": result += " \\\n"
            default: result.append(character)
            }
        }
        return result
    }

    /// Names BitBake would emit: no '-', '.', '{', '}' or '+', and a valid shell identifier.
    static func isShellName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII
        else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
