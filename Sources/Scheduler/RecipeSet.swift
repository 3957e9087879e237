/// A set of recipe numbers as a bit set. The recursive-dependency pass unions and subtracts
/// these for every recursive task over every recipe, which as `Set<Int>` would dominate the
/// time to build a graph of a few thousand recipes.
struct RecipeSet: Sequence, Equatable {
    private var words: [UInt64]

    /// An empty set able to hold recipe numbers `0..<capacity`.
    init(capacity: Int) { words = [UInt64](repeating: 0, count: (capacity + 63) / 64) }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    func contains(_ member: Int) -> Bool { words[member >> 6] & (1 << UInt64(member & 63)) != 0 }

    mutating func insert(_ member: Int) { words[member >> 6] |= 1 << UInt64(member & 63) }

    mutating func formUnion(_ other: RecipeSet) {
        for i in words.indices { words[i] |= other.words[i] }
    }

    mutating func formIntersection(_ other: RecipeSet) {
        for i in words.indices { words[i] &= other.words[i] }
    }

    mutating func subtract(_ other: RecipeSet) {
        for i in words.indices { words[i] &= ~other.words[i] }
    }

    /// Members in increasing order.
    func makeIterator() -> some IteratorProtocol<Int> {
        var wordIndex = 0
        var bits: UInt64 = words.first ?? 0
        let words = self.words
        return AnyIterator {
            while true {
                if bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    bits &= bits - 1
                    return wordIndex * 64 + bit
                }
                wordIndex += 1
                guard wordIndex < words.count else { return nil }
                bits = words[wordIndex]
            }
        }
    }
}
