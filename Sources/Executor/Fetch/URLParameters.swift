/// The `;key=value` parameters of a BitBake URL, in the order they were written.
///
/// BitBake keeps them in an ordered dictionary: a repeated key keeps its first position and takes
/// the last value. A parameter written without `=` has no value (`nil`), which `decodeurl`
/// accepts and the mirror decoder rejects.
public struct URLParameters: Hashable, Sendable, Sequence {
    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: String?

        public init(key: String, value: String?) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public init(_ pairs: [(String, String?)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value of `key`; `nil` both when absent and when written without a value
    /// (use `contains` to tell them apart).
    public subscript(key: String) -> String? {
        get { entries.first { $0.key == key }?.value ?? nil }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                entries[index].value = newValue
            } else {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    public mutating func remove(_ key: String) {
        entries.removeAll { $0.key == key }
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }
}
