/// A variable or flag value. Metadata text is always a string; Python code and BitBake's own
/// bookkeeping (`__BBTASKS`, task `deps`, the `export` flag) store other Python values.
public enum Value: Sendable, Equatable {
    case string(String)
    /// Python `None` stored explicitly (`d.setVar("X", None)`): reads as unset.
    case none
    case int(Int)
    case bool(Bool)
    case list([Value])
    /// Any other Python object, kept alive by the Python bridge.
    case object(PythonObjectHandle)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// What Python's `str()` prints for the value.
    public var pythonString: String {
        switch self {
        case .string(let s): return s
        case .none: return "None"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .list(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .object(let handle): return handle.describe()
        }
    }

    /// What Python's `repr()` prints, as used inside a list's `str()`.
    public var pythonRepr: String {
        switch self {
        case .string(let s): return Self.pythonQuoted(s)
        case .object(let handle): return handle.describeRepr()
        default: return pythonString
        }
    }

    /// Python's `repr` of a `str`: single quotes unless the text has one and no double quote.
    static func pythonQuoted(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let quote: Character = useDouble ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'" where !useDouble: out += "\\'"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                } else if scalar.value >= 0x80 && !scalar.properties.isPrintable {
                    let hex = String(scalar.value, radix: 16)
                    out += scalar.value <= 0xFF ? "\\x" + hex.leftPadded(to: 2)
                        : scalar.value <= 0xFFFF ? "\\u" + hex.leftPadded(to: 4) : "\\U" + hex.leftPadded(to: 8)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    /// Python truthiness, as `if value:` in BitBake's code sees it.
    public var isTruthy: Bool {
        switch self {
        case .string(let s): return !s.isEmpty
        case .none: return false
        case .int(let i): return i != 0
        case .bool(let b): return b
        case .list(let l): return !l.isEmpty
        case .object(let handle): return handle.isTruthy()
        }
    }
}

extension Unicode.Scalar.Properties {
    /// Python's `str.isprintable` approximation for repr: not a control, separator or unassigned.
    var isPrintable: Bool {
        switch generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return false
        case .spaceSeparator:
            return false
        default:
            return true
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// An opaque Python object owned by the bridge; the datastore only stores and prints it.
public final class PythonObjectHandle: @unchecked Sendable, Equatable {
    // Sendable: the pointer is only dereferenced by the Python bridge, which holds the GIL.
    public let pointer: UnsafeMutableRawPointer
    let ops: PythonObjectOps

    public init(pointer: UnsafeMutableRawPointer, ops: PythonObjectOps) {
        self.pointer = pointer
        self.ops = ops
    }

    deinit { ops.release(pointer) }

    public static func == (a: PythonObjectHandle, b: PythonObjectHandle) -> Bool { a.pointer == b.pointer }

    func describe() -> String { ops.str(pointer) }
    func describeRepr() -> String { ops.repr(pointer) }
    func isTruthy() -> Bool { ops.truthy(pointer) }
}

/// What the datastore needs from the bridge to handle a Python object it cannot look into.
public struct PythonObjectOps: Sendable {
    public var release: @Sendable (UnsafeMutableRawPointer) -> Void
    public var str: @Sendable (UnsafeMutableRawPointer) -> String
    public var repr: @Sendable (UnsafeMutableRawPointer) -> String
    public var truthy: @Sendable (UnsafeMutableRawPointer) -> Bool

    public init(
        release: @escaping @Sendable (UnsafeMutableRawPointer) -> Void,
        str: @escaping @Sendable (UnsafeMutableRawPointer) -> String,
        repr: @escaping @Sendable (UnsafeMutableRawPointer) -> String,
        truthy: @escaping @Sendable (UnsafeMutableRawPointer) -> Bool
    ) {
        self.release = release
        self.str = str
        self.repr = repr
        self.truthy = truthy
    }
}
