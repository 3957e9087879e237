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
