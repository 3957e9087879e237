/// A set of variable names asked about on every write, nearly always for a name it does not
/// hold: a mask of the members' UTF-8 lengths answers most of those without hashing.
struct NameSet: Sendable, ExpressibleByArrayLiteral {
    private(set) var names: Set<String>
    private var lengths: UInt64 = 0

    init(_ names: some Sequence<String>) {
        self.names = Set(names)
        for name in self.names { lengths |= Self.bit(name.utf8.count) }
    }

    init(arrayLiteral names: String...) { self.init(names) }

    @inline(__always)
    private static func bit(_ length: Int) -> UInt64 { 1 << UInt64(length & 63) }

    /// Whether some member is `length` bytes long (names are often measured already).
    @inline(__always)
    func mayHaveLength(_ length: Int) -> Bool { lengths & Self.bit(length) != 0 }

    @inline(__always)
    func contains(_ name: String) -> Bool {
        mayHaveLength(name.utf8.count) && names.contains(name)
    }

    func isSuperset(of other: Set<String>) -> Bool { other.isSubset(of: names) }

    mutating func formUnion(_ other: Set<String>) {
        for name in other { lengths |= Self.bit(name.utf8.count) }
        names.formUnion(other)
    }
}
