/// Reads what `CompactEncoder.finished()` wrote; any inconsistency (truncation, a string
/// number past the table, invalid UTF-8) is an error, never a crash.
public struct CompactDecoder {
    public struct Malformed: Error, Sendable {
        public var reason: String

        public init(reason: String) {
            self.reason = reason
        }
    }

    private let bytes: [UInt8]
    private var position: Int
    private var table: [String] = []

    public init(_ bytes: [UInt8], from start: Int = 0) throws(Malformed) {
        self.bytes = bytes
        position = start
        let count = try readCount()
        table.reserveCapacity(count)
        for _ in 0..<count {
            let length = try readCount()
            guard length <= bytes.count - position else { throw Malformed(reason: "truncated string table") }
            guard let string = String(validating: bytes[position..<position + length], as: UTF8.self) else {
                throw Malformed(reason: "a string is not UTF-8")
            }
            table.append(string)
            position += length
        }
    }

    public var isAtEnd: Bool { position == bytes.count }

    public mutating func readUInt() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw Malformed(reason: "truncated") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw Malformed(reason: "integer too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    public mutating func readInt() throws(Malformed) -> Int { Int(Int64(bitPattern: try readUInt())) }

    public mutating func readSigned() throws(Malformed) -> Int64 {
        let raw = try readUInt()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A count or length: non-negative and no larger than what is left to read.
    public mutating func readCount() throws(Malformed) -> Int {
        let value = try readUInt()
        guard value <= UInt64(bytes.count) else { throw Malformed(reason: "implausible count \(value)") }
        return Int(value)
    }

    public mutating func readBool() throws(Malformed) -> Bool {
        guard position < bytes.count else { throw Malformed(reason: "truncated") }
        let byte = bytes[position]
        position += 1
        guard byte <= 1 else { throw Malformed(reason: "bad boolean \(byte)") }
        return byte == 1
    }

    public mutating func readString() throws(Malformed) -> String {
        let index = try readUInt()
        guard index < UInt64(table.count) else { throw Malformed(reason: "string \(index) past the table") }
        return table[Int(index)]
    }

    public mutating func readOptionalString() throws(Malformed) -> String? {
        try readBool() ? try readString() : nil
    }

    public mutating func readStrings() throws(Malformed) -> [String] {
        let count = try readCount()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readString()) }
        return values
    }

    public mutating func readBytes() throws(Malformed) -> [UInt8] {
        let count = try readCount()
        guard count <= bytes.count - position else { throw Malformed(reason: "truncated") }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }
}
