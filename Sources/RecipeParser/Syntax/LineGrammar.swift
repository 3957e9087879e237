/// The single-line statements BitBake recognises, matched exactly as its regular expressions do
/// (ConfHandler's `feeder` and the BBHandler keywords), without a regex engine.
enum LineGrammar {
    /// BitBake's `__config_regexp__`:
    /// `[export ]NAME[\[flag\]] OP 'value'` or with double quotes.
    static func assignment(_ line: ScalarLine) -> Assignment? {
        // `(export\s+)?` is tried first, then without it.
        if line.hasPrefix("export", at: 0) {
            let afterKeyword = 6
            let nameStart = line.skipSpaces(from: afterKeyword)
            if nameStart > afterKeyword, let a = assignment(line, nameStart: nameStart, exported: true) {
                return a
            }
        }
        return assignment(line, nameStart: 0, exported: false)
    }

    private static func assignment(_ line: ScalarLine, nameStart: Int, exported: Bool) -> Assignment? {
        let nameLimit = line.skip(from: nameStart, while: ScalarClass.isAssignedName)
        // The name is lazy: the shortest name for which the rest of the line matches wins.
        for nameEnd in nameStart...nameLimit {
            var pos = nameEnd
            var flag: String?
            if pos < line.count, line[pos] == "[", pos + 1 < line.count, ScalarClass.isFlagStart(line[pos + 1]) {
                let flagEnd = line.skip(from: pos + 2, while: ScalarClass.isFlagChar)
                if flagEnd < line.count, line[flagEnd] == "]" {
                    flag = line.string((pos + 1)..<flagEnd)
                    pos = flagEnd + 1
                }
            }
            pos = line.skipSpaces(from: pos)
            // Most candidate ends are inside the name: only an operator's first character can
            // follow a name that matches.
            guard pos < line.count, Self.startsOperator(line[pos]),
                  let (op, value) = assignmentOperator(line, at: pos)
            else { continue }
            return Assignment(
                exported: exported, name: line.string(nameStart..<nameEnd), flag: flag, op: op, value: value)
        }
        return nil
    }

    /// The operators in the order of BitBake's alternation.
    private static let operators: [(String, Assignment.Operator)] = [
        (":=", .immediate), ("??=", .weakDefault), ("?=", .defaultValue), ("+=", .append),
        ("=+", .prepend), ("=.", .prependNoSpace), (".=", .appendNoSpace), ("=", .set),
    ]

    @inline(__always)
    private static func startsOperator(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ":", "?", "+", "=", ".": true
        default: false
        }
    }

    /// The operator at `pos` and the quoted value after it.
    private static func assignmentOperator(_ line: ScalarLine, at pos: Int) -> (Assignment.Operator, String)? {
        for (text, op) in operators where line.hasPrefix(text, at: pos) {
            // Each alternative is followed by the same tail; only one can make it match.
            if let value = quotedValue(line, from: pos + text.utf8.count) { return (op, value) }
        }
        return nil
    }

    /// `\s*` then a quote, anything, the same quote at the very end; BitBake rejects exactly three
    /// quotes of one kind (`"a"b"`) through two negative lookaheads.
    private static func quotedValue(_ line: ScalarLine, from start: Int) -> String? {
        let open = line.skipSpaces(from: start)
        guard open < line.count else { return nil }
        let quote = line[open]
        guard quote == "\"" || quote == "'" else { return nil }
        guard line.count - 1 > open, line[line.count - 1] == quote else { return nil }
        for q in ["\"", "'"] as [Unicode.Scalar] where quote == q {
            var quotes = 0
            for i in open..<line.count where line[i] == q { quotes += 1 }
            if quotes == 3 { return nil }
        }
        // `.` does not match a newline; lines never contain one.
        return line.string((open + 1)..<(line.count - 1))
    }

    /// `export NAME` alone.
    static func export(_ line: ScalarLine) -> String? {
        plainNameArgument(line, keyword: "export")
    }

    /// `unset NAME`.
    static func unset(_ line: ScalarLine) -> String? {
        plainNameArgument(line, keyword: "unset")
    }

    private static func plainNameArgument(_ line: ScalarLine, keyword: String) -> String? {
        guard line.hasPrefix(keyword, at: 0) else { return nil }
        let k = keyword.unicodeScalars.count
        let start = line.skipSpaces(from: k)
        guard start > k, start < line.count else { return nil }
        let end = line.skip(from: start, while: ScalarClass.isPlainName)
        guard end == line.count else { return nil }
        return line.string(start..<end)
    }

    /// `unset NAME[flag]`; the flag needs two characters or more, as in BitBake.
    static func unsetFlag(_ line: ScalarLine) -> (String, String)? {
        guard line.hasPrefix("unset", at: 0) else { return nil }
        let start = line.skipSpaces(from: 5)
        guard start > 5 else { return nil }
        let nameEnd = line.skip(from: start, while: ScalarClass.isPlainName)
        guard nameEnd > start, nameEnd < line.count, line[nameEnd] == "[" else { return nil }
        let flagStart = nameEnd + 1
        guard flagStart < line.count, ScalarClass.isFlagStart(line[flagStart]) else { return nil }
        let flagEnd = line.skip(from: flagStart + 1) { ScalarClass.isFlagStart($0) || $0 == "@" }
        guard flagEnd > flagStart + 1, flagEnd == line.count - 1, line[flagEnd] == "]" else { return nil }
        return (line.string(start..<nameEnd), line.string(flagStart..<flagEnd))
    }

    /// `keyword\s+(.+)\s+(.+)...` with `count` greedy groups, as Python's regex engine matches
    /// it: each group ends as late as possible, each separator is as long as possible given
    /// that, and groups may keep spaces (`addpylib a   b` gives `a  ` and `b`).
    static func splitArguments(_ line: ScalarLine, keyword: String, count: Int) -> [String]? {
        guard line.hasPrefix(keyword, at: 0) else { return nil }
        let k = keyword.unicodeScalars.count
        let firstStart = line.skipSpaces(from: k)
        guard firstStart > k else { return nil }
        var budget = 100_000
        // `\s+` before the first group is greedy too, but it can give back spaces to the group.
        for start in stride(from: firstStart, to: k, by: -1) {
            if let ranges = groups(line, from: start, count: count, budget: &budget) {
                return ranges.map { line.string($0) }
            }
            if budget <= 0 { return nil }
        }
        return nil
    }

    private static func groups(_ line: ScalarLine, from start: Int, count: Int, budget: inout Int) -> [Range<Int>]? {
        // `.+` for the last group: everything left (re.match needs no `$`), at least one character.
        if count == 1 { return start < line.count ? [start..<line.count] : nil }
        var end = line.count - 1
        while end > start {
            budget -= 1
            if budget <= 0 { return nil }
            if ScalarClass.isSpace(line[end]) {
                // The separator starts at `end`; greedy, it takes the whole run, then gives back.
                let runEnd = line.skipSpaces(from: end)
                for next in stride(from: runEnd, to: end, by: -1) {
                    if let rest = groups(line, from: next, count: count - 1, budget: &budget) {
                        return [start..<end] + rest
                    }
                    if budget <= 0 { return nil }
                }
            }
            end -= 1
        }
        return nil
    }

    /// BBHandler's `__func_start_regexp__`: `[python|fakeroot ...] [name] ( ) {`.
    static func functionStart(_ line: ScalarLine) -> (name: String?, python: Bool, fakeroot: Bool)? {
        // Every alternative ends with `{` at the end of the line: most lines stop here.
        guard line.count > 0, line[line.count - 1] == "{" else { return nil }
        // Keyword prefixes repeat greedily; fewer are tried if the rest fails to match.
        var prefixes: [(end: Int, python: Bool, fakeroot: Bool)] = [(0, false, false)]
        var pos = 0
        var python = false, fakeroot = false
        while true {
            if line.hasPrefix("python", at: pos), pos + 6 < line.count,
               ScalarClass.isSpace(line[pos + 6]) || line[pos + 6] == "(" {
                python = true
                pos = line.skipSpaces(from: pos + 6)
            } else if line.hasPrefix("fakeroot", at: pos), pos + 8 < line.count, ScalarClass.isSpace(line[pos + 8]) {
                fakeroot = true
                pos = line.skipSpaces(from: pos + 8)
            } else {
                break
            }
            prefixes.append((pos, python, fakeroot))
        }
        for prefix in prefixes.reversed() {
            let nameEnd = line.skip(from: prefix.end, while: ScalarClass.isFunctionName)
            var p = line.skipSpaces(from: nameEnd)
            guard p < line.count, line[p] == "(" else { continue }
            p = line.skipSpaces(from: p + 1)
            guard p < line.count, line[p] == ")" else { continue }
            p = line.skipSpaces(from: p + 1)
            guard p == line.count - 1, line[p] == "{" else { continue }
            let name = nameEnd > prefix.end ? line.string(prefix.end..<nameEnd) : nil
            return (name, prefix.python, prefix.fakeroot)
        }
        return nil
    }

    /// `def\s+(\w+).*:` — a top-level Python function; returns its name.
    static func pythonDef(_ line: ScalarLine) -> String? {
        guard line.hasPrefix("def", at: 0) else { return nil }
        let start = line.skipSpaces(from: 3)
        guard start > 3 else { return nil }
        let end = line.skip(from: start, while: ScalarClass.isWord)
        guard end > start else { return nil }
        guard (end..<line.count).contains(where: { line[$0] == ":" }) else { return nil }
        return line.string(start..<end)
    }

    /// `addtask`/`deltask`: `keyword\s+([^#\n]+)` — the argument stops at a `#`.
    static func taskArgument(_ line: ScalarLine, keyword: String) -> String? {
        guard line.hasPrefix(keyword, at: 0) else { return nil }
        let k = keyword.unicodeScalars.count
        let start = line.skipSpaces(from: k)
        guard start > k else { return nil }
        var end = start
        while end < line.count, line[end] != "#" { end += 1 }
        if end > start { return line.string(start..<end) }
        // `\s+` may give a space back to the group when a comment follows at once.
        return start - k >= 2 ? line.string((start - 1)..<start) : nil
    }
}
