/// A compact binary encoding for the parse cache and the parse workers' results: LEB128
/// integers, and strings written once into a table and then referred to by number (recipes
/// repeat task names, class paths and dependency names thousands of times).
///
/// Layout of `finished()`: string count, each string as byte length + UTF-8, then the body.
/// Reading the cache of all of OpenEmbedded-Core this way takes a few milliseconds, where
/// Foundation's JSON decoder takes well over a hundred.
public struct CompactEncoder: Sendable {
    private var body: [UInt8] = []
    private var indices: [String: Int] = [:]
    private var table: [String] = []

    public init() {
        body.reserveCapacity(1 << 16)
    }

    public mutating func write(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            body.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        body.append(UInt8(v))
    }

    public mutating func write(_ value: Int) { write(UInt64(bitPattern: Int64(value))) }

    /// Signed values zig-zag encoded, so small negative numbers stay short.
    public mutating func write(signed value: Int64) {
        write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func write(_ value: Bool) { body.append(value ? 1 : 0) }

    public mutating func write(_ value: String) {
        if let index = indices[value] {
            write(index)
        } else {
            indices[value] = table.count
            write(table.count)
            table.append(value)
        }
    }

    public mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    public mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    public mutating func write(bytes: [UInt8]) {
        write(bytes.count)
        body += bytes
    }

    /// The string table followed by the body.
    public func finished() -> [UInt8] {
        var head = CompactEncoder()
        head.write(table.count)
        for string in table {
            head.write(string.utf8.count)
            head.body += string.utf8
        }
        return head.body + body
    }
}
