/// The `NAME:o1:o2` variables registered for one base name (BitBake's `overridedata[base]`
/// list), in registration order, with O(1) membership and removal.
///
/// Class files register hundreds of overrides on a few bases (`FILES`, `RDEPENDS`...), and key
/// expansion renames them one by one, so linear scans of BitBake's list went quadratic. Removal
/// leaves a hole that iteration skips; holes are compacted once they outnumber live entries.
struct OverrideList: Sequence, ExpressibleByArrayLiteral {
    typealias Entry = DataStore.OverrideEntry

    /// Entries in order; nil marks a removed one.
    private var slots: [Entry?] = []
    /// The slot of each live entry. A repeated entry (only `renameVar` can append one) sets
    /// `hasRepeats`, and removal then falls back to a scan so every copy goes, as before.
    private var positions: [Entry: Int] = [:]
    private var hasRepeats = false
    private(set) var count = 0

    init(arrayLiteral elements: Entry...) {
        for e in elements { append(e) }
    }

    var isEmpty: Bool { count == 0 }

    /// Short lists (most of them) are scanned: an index costs more than it saves there, and
    /// every recipe's copy-on-write of a list it touches would copy the index too.
    private static let indexThreshold = 8
    private var isIndexed: Bool { slots.count > Self.indexThreshold }

    func contains(_ entry: Entry) -> Bool {
        isIndexed ? positions[entry] != nil : slots.contains(entry)
    }

    /// Appends `entry` (a repeat is kept, as Python's `list.append` keeps it).
    mutating func append(_ entry: Entry) {
        if isIndexed {
            if positions[entry] == nil { positions[entry] = slots.count } else { hasRepeats = true }
            slots.append(entry)
        } else {
            slots.append(entry)
            if isIndexed { reindex() }
        }
        count += 1
    }

    /// Removes every occurrence of `entry`.
    mutating func remove(_ entry: Entry) {
        guard isIndexed else {
            let before = slots.count
            slots.removeAll { $0 == entry }
            count -= before - slots.count
            return
        }
        guard let at = positions.removeValue(forKey: entry) else { return }
        if hasRepeats {
            slots.removeAll { $0 == nil || $0 == entry }
            count = slots.count
            reindex()
            return
        }
        slots[at] = nil
        count -= 1
        if count * 2 < slots.count {
            slots.removeAll { $0 == nil }
            reindex()
        }
    }

    private mutating func reindex() {
        positions.removeAll(keepingCapacity: true)
        hasRepeats = false
        guard isIndexed else { return }
        for (i, slot) in slots.enumerated() {
            guard let slot else { continue }
            if positions[slot] == nil { positions[slot] = i } else { hasRepeats = true }
        }
    }

    func contains(where predicate: (Entry) throws -> Bool) rethrows -> Bool {
        for slot in slots { if let slot, try predicate(slot) { return true } }
        return false
    }

    struct Iterator: IteratorProtocol {
        fileprivate var base: IndexingIterator<[Entry?]>
        mutating func next() -> Entry? {
            while let slot = base.next() { if let slot { return slot } }
            return nil
        }
    }

    func makeIterator() -> Iterator { Iterator(base: slots.makeIterator()) }
}
