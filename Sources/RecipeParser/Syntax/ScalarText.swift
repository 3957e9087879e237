/// Character classes of BitBake's regular expressions, over Unicode scalars.
///
/// BitBake matches lines with Python `re` on `str`; these predicates reproduce the classes it
/// uses (`\s`, `\w`, and the bracketed sets of variable and flag names) exactly.
enum ScalarClass {
    /// Python's `\s` / `str.isspace()`: Unicode White_Space plus the ASCII separators 0x1C-0x1F.
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09...0x0D, 0x1C...0x1F: return true
        case 0..<0x80: return false
        default: return c.properties.isWhitespace
        }
    }

    /// Python's `\w` for `str` patterns: alphanumerics in any script and the underscore.
    static func isWord(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F: return true
        case 0..<0x80: return false
        default: return c.properties.isAlphabetic || c.properties.numericType != nil
        }
    }

    static func isAlnum(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    /// `[a-zA-Z0-9\-_+.${}/~:]`: the characters of an assigned variable name.
    static func isAssignedName(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "-", "_", "+", ".", "$", "{", "}", "/", "~", ":": true
        default: isAlnum(c)
        }
    }

    /// `[a-zA-Z0-9\-_+.${}/~]`: names after `export` and `unset` (no colon).
    static func isPlainName(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "-", "_", "+", ".", "$", "{", "}", "/", "~": true
        default: isAlnum(c)
        }
    }

    /// `[a-zA-Z0-9\-_+.]`: the first character of a flag name.
    static func isFlagStart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "-", "_", "+", ".": true
        default: isAlnum(c)
        }
    }

    /// `[a-zA-Z0-9\-_+.@/]`: the rest of a flag name in an assignment.
    static func isFlagChar(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "-", "_", "+", ".", "@", "/": true
        default: isAlnum(c)
        }
    }

    /// `[\w\.\-\+\{\}\$:]`: the characters of a function name.
    static func isFunctionName(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "-", "+", "{", "}", "$", ":": true
        default: isWord(c)
        }
    }
}

/// A line as an array of scalars with the small matching helpers the line grammar needs.
struct ScalarLine {
    /// The scalars of a line with non-ASCII text; empty for ASCII lines, which are read from
    /// `ascii` (then byte and scalar indices agree and slices need no re-encoding).
    private let unicode: [Unicode.Scalar]
    private let ascii: [UInt8]?
    let count: Int

    init(_ text: String) {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            ascii = bytes
            unicode = []
            count = bytes.count
        } else {
            ascii = nil
            unicode = Array(text.unicodeScalars)
            count = unicode.count
        }
    }

    init(_ scalars: ArraySlice<Unicode.Scalar>) {
        unicode = Array(scalars)
        ascii = nil
        count = unicode.count
    }

    var scalars: [Unicode.Scalar] { ascii.map { $0.map { Unicode.Scalar($0) } } ?? unicode }

    @inline(__always)
    subscript(_ i: Int) -> Unicode.Scalar {
        if let ascii { return Unicode.Scalar(ascii[i]) }
        return unicode[i]
    }

    func string(_ range: Range<Int>) -> String {
        if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: unicode[range])
        return String(s)
    }

    /// Whether `literal` (ASCII: the grammar's keywords and operators) starts at `i`.
    /// Compared through UTF-8 bytes, which a literal string iterates without decoding.
    func hasPrefix(_ literal: String, at i: Int) -> Bool {
        var j = i
        for byte in literal.utf8 {
            guard j < count, self[j].value == UInt32(byte) else { return false }
            j += 1
        }
        return true
    }

    func skipSpaces(from i: Int) -> Int {
        var j = i
        while j < count, ScalarClass.isSpace(self[j]) { j += 1 }
        return j
    }

    func skip(from i: Int, while predicate: (Unicode.Scalar) -> Bool) -> Int {
        var j = i
        while j < count, predicate(self[j]) { j += 1 }
        return j
    }

    /// `keyword\s+(.+)` anchored at the start: the text after the keyword and its spaces.
    func keywordArgument(_ keyword: String) -> String? {
        guard hasPrefix(keyword, at: 0) else { return nil }
        let k = keyword.unicodeScalars.count
        let start = skipSpaces(from: k)
        // `\s+` needs one space and `(.+)` one more character.
        guard start > k else { return nil }
        if start < count { return string(start..<count) }
        // Only spaces follow: `\s+` gives one back to `.+` (lines are right-stripped, so rare).
        return start - k >= 2 ? string((count - 1)..<count) : nil
    }
}
