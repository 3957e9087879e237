/// A conditional `:append`, `:prepend` or `:remove` waiting to be applied when the variable is
/// read. `override` is the `o1:o2` chain that must be active, nil for unconditional ones.
struct PendingOperation: Sendable, Equatable {
    var value: Value
    var override: String?
}

/// Everything the datastore knows about one name: its content and flags, in insertion order
/// (Python dict order shows through `getVarFlags`), and its pending operations.
///
/// Lookups copy variables out of dictionaries constantly, so the layout keeps copies cheap:
/// one array of flags and one optional box for the (rarer) pending operations, two reference
/// counts per copy instead of one per array.
struct Variable: Sendable {
    struct Flag: Sendable {
        var name: String
        var value: Value
    }

    /// The three pending lists; boxed so a variable without any carries no arrays at all.
    struct Pending: Sendable {
        var appends: [PendingOperation] = []
        var prepends: [PendingOperation] = []
        var removes: [PendingOperation] = []
    }

    /// Copy-on-write storage for `Pending` (mutated only when uniquely referenced).
    final class PendingBox: @unchecked Sendable {
        // Sendable: the box is immutable once shared; writers copy it unless it is unique.
        var pending: Pending
        init(_ pending: Pending) { self.pending = pending }
    }

    private(set) var flagList: [Flag] = []
    private var box: PendingBox?

    static let content = "_content"
    static let defaultValue = "_defaultval"
    static let defaultFlagPrefix = "_defaultval_flag_"

    var isEmpty: Bool { flagList.isEmpty && box == nil }

    var appends: [PendingOperation] { box?.pending.appends ?? [] }
    var prepends: [PendingOperation] { box?.pending.prepends ?? [] }
    var removes: [PendingOperation] { box?.pending.removes ?? [] }

    subscript(flag: String) -> Value? {
        get {
            for entry in flagList where Self.same(entry.name, flag) { return entry.value }
            return nil
        }
        set {
            if let i = flagList.firstIndex(where: { Self.same($0.name, flag) }) {
                if let newValue { flagList[i].value = newValue } else { flagList.remove(at: i) }
            } else if let newValue {
                // Functions and tasks collect several flags: start with room for a few.
                if flagList.isEmpty { flagList.reserveCapacity(4) }
                flagList.append(Flag(name: flag, value: newValue))
            }
        }
    }

    /// The `_defaultval_flag_FLAG` entry (`VAR[FLAG] ??= ...`), found without building its name.
    func weakDefault(of flag: String) -> Value? {
        let prefix = Self.defaultFlagPrefix.utf8
        let length = prefix.count + flag.utf8.count
        for entry in flagList where entry.name.utf8.count == length {
            let name = entry.name.utf8
            if name.starts(with: prefix) && name.dropFirst(prefix.count).elementsEqual(flag.utf8) { return entry.value }
        }
        return nil
    }

    func has(_ flag: String) -> Bool { flagList.contains { Self.same($0.name, flag) } }

    /// Flag names are compared in every lookup's scan of the flag list, most of them unequal:
    /// the UTF-8 lengths (stored in the string) rule those out before a full comparison.
    @inline(__always)
    private static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a == b
    }

    var flags: LazyMapSequence<[Flag], (String, Value)> { flagList.lazy.map { ($0.name, $0.value) } }

    mutating func removeAllPending() {
        box = nil
    }

    func pending(_ keyword: OverrideKeyword) -> [PendingOperation] {
        switch keyword {
        case .append: return appends
        case .prepend: return prepends
        case .remove: return removes
        }
    }

    mutating func addPending(_ op: PendingOperation, _ keyword: OverrideKeyword) {
        if box == nil {
            box = PendingBox(Pending())
        } else if !isKnownUniquelyReferenced(&box!) {
            box = PendingBox(box!.pending)
        }
        switch keyword {
        case .append: box!.pending.appends.append(op)
        case .prepend: box!.pending.prepends.append(op)
        case .remove: box!.pending.removes.append(op)
        }
    }
}

enum OverrideKeyword: String, CaseIterable, Sendable {
    case append = ":append"
    case prepend = ":prepend"
    case remove = ":remove"

    var bytes: [UInt8] {
        switch self {
        case .append: Self.appendBytes
        case .prepend: Self.prependBytes
        case .remove: Self.removeBytes
        }
    }

    private static let appendBytes = Array(":append".utf8)
    private static let prependBytes = Array(":prepend".utf8)
    private static let removeBytes = Array(":remove".utf8)
}
