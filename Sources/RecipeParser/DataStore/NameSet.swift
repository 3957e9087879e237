/// The UTF-8 lengths (modulo 64) of a set of names: a name of another length is certainly not
/// in the set, which answers most questions asked on every write without hashing the name.
struct LengthMask: Sendable {
    private var bits: UInt64 = 0

    var isEmpty: Bool { bits == 0 }

    @inline(__always)
    private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(length & 63) }

    @inline(__always)
    mutating func insert(length: Int) { bits |= Self.bit(length) }

    @inline(__always)
    func mayContain(length: Int) -> Bool { bits & Self.bit(length) != 0 }

    mutating func removeAll() { bits = 0 }
}

/// A set of variable names asked about on every write, nearly always for a name it does not
/// hold: the names' length mask answers most of those without hashing.
struct NameSet: Sendable, ExpressibleByArrayLiteral {
    private(set) var names: Set<String>
    private var lengths = LengthMask()

    init(_ names: some Sequence<String>) {
        self.names = Set(names)
        for name in self.names { lengths.insert(length: name.utf8.count) }
    }

    init(arrayLiteral names: String...) { self.init(names) }

    /// Whether some member is `length` bytes long (names are often measured already).
    @inline(__always)
    func mayHaveLength(_ length: Int) -> Bool { lengths.mayContain(length: length) }

    @inline(__always)
    func contains(_ name: String) -> Bool {
        mayHaveLength(name.utf8.count) && names.contains(name)
    }

    func isSuperset(of other: Set<String>) -> Bool { other.isSubset(of: names) }

    mutating func formUnion(_ other: Set<String>) {
        for name in other { lengths.insert(length: name.utf8.count) }
        names.formUnion(other)
    }
}
