/// A conditional `:append`, `:prepend` or `:remove` waiting to be applied when the variable is
/// read. `override` is the `o1:o2` chain that must be active, nil for unconditional ones.
struct PendingOperation: Sendable, Equatable {
    var value: Value
    var override: String?
}

/// Everything the datastore knows about one name: its content and flags, in insertion order
/// (Python dict order shows through `getVarFlags`), and its pending operations.
struct Variable: Sendable {
    private(set) var flagNames: [String] = []
    private(set) var flagValues: [Value] = []
    var appends: [PendingOperation] = []
    var prepends: [PendingOperation] = []
    var removes: [PendingOperation] = []

    static let content = "_content"
    static let defaultValue = "_defaultval"
    static let defaultFlagPrefix = "_defaultval_flag_"

    var isEmpty: Bool { flagNames.isEmpty && appends.isEmpty && prepends.isEmpty && removes.isEmpty }

    subscript(flag: String) -> Value? {
        get {
            for i in flagNames.indices where flagNames[i] == flag { return flagValues[i] }
            return nil
        }
        set {
            if let i = flagNames.firstIndex(of: flag) {
                if let newValue { flagValues[i] = newValue } else {
                    flagNames.remove(at: i)
                    flagValues.remove(at: i)
                }
            } else if let newValue {
                flagNames.append(flag)
                flagValues.append(newValue)
            }
        }
    }

    func has(_ flag: String) -> Bool { flagNames.contains(flag) }

    var flags: Zip2Sequence<[String], [Value]> { zip(flagNames, flagValues) }

    mutating func removeAllPending() {
        appends = []
        prepends = []
        removes = []
    }

    func pending(_ keyword: OverrideKeyword) -> [PendingOperation] {
        switch keyword {
        case .append: return appends
        case .prepend: return prepends
        case .remove: return removes
        }
    }

    mutating func addPending(_ op: PendingOperation, _ keyword: OverrideKeyword) {
        switch keyword {
        case .append: appends.append(op)
        case .prepend: prepends.append(op)
        case .remove: removes.append(op)
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
