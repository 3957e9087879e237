/// Byte-level text tests for the hot paths: the generic `String.contains(String)` goes through
/// the string-processing searcher, which dominated profiles of the datastore.
extension String {
    /// Whether `needle` occurs in the string (UTF-8 byte comparison, exact).
    @inline(__always)
    func containsText(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in Self.find(n, in: h) != nil }
        }
    }

    /// Python's `str.replace(old, new)`: every non-overlapping occurrence, left to right,
    /// compared byte for byte (as Python compares code points), not by `Character`.
    func replacingText(_ old: String, with new: String) -> String {
        var haystack = self
        var needle = old
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> String in
                guard !n.isEmpty, var at = Self.find(n, in: h) else { return self }
                var out: [UInt8] = []
                out.reserveCapacity(h.count + new.utf8.count)
                var copied = 0
                while true {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: h[copied..<at]))
                    out.append(contentsOf: new.utf8)
                    copied = at + n.count
                    guard let next = Self.find(n, in: UnsafeBufferPointer(rebasing: h[copied...])) else { break }
                    at = copied + next
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: h[copied...]))
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Whether the ASCII byte occurs in the string.
    @inline(__always)
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.contains(byte)
    }

    /// Python's `str.split(separator)`: the pieces between occurrences, empty ones kept.
    func splitOnText(_ separator: String) -> [String] {
        let bytes = Array(utf8), sep = Array(separator.utf8)
        guard !sep.isEmpty, bytes.count >= sep.count else { return [self] }
        var pieces: [String] = []
        var start = 0, i = 0
        while i <= bytes.count - sep.count {
            if bytes[i] == sep[0], bytes[i..<(i + sep.count)].elementsEqual(sep) {
                pieces.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        pieces.append(String(decoding: bytes[start...], as: UTF8.self))
        return pieces
    }

    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count, h = haystack.count
        if n == 0 { return 0 }
        if n > h { return nil }
        let first = needle[0]
        var i = 0
        while i <= h - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }
}
