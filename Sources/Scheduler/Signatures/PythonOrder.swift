/// Python's `sorted()` order for strings (by code point), which BitBake's hashes depend on;
/// Swift's `<` on `String` compares canonical equivalents and could differ.
func pythonLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}

extension Sequence where Element == String {
    func pythonSorted() -> [String] { sorted(by: pythonLess) }
}

/// Python's `str.split()` with no argument.
func pythonSplit(_ text: String) -> [String] {
    text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
}
