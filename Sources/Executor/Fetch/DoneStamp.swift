import Foundation

/// A download's `.done` stamp, written as BitBake writes it: a Python pickle (protocol 2) of the
/// checksum dictionary, so BitBake and bake can share one DL_DIR. An empty stamp (BitBake's
/// older format, and what it writes for mirror tarballs) reads as no recorded checksums.
enum DoneStamp {
    /// The pickle bytes of a `{str: str}` dictionary, as `pickle.Pickler(f, 2).dump(d)` writes
    /// it (keys in insertion order; `ids` order here, as `verify_checksum` builds it).
    static func encode(_ checksums: [String: String], order: [String] = FileDigests.ids) -> [UInt8] {
        var out: [UInt8] = [0x80, 0x02, UInt8(ascii: "}")]
        var memo: UInt32 = 0
        func put() {
            if memo < 256 {
                out += [UInt8(ascii: "q"), UInt8(memo)]
            } else {
                out.append(UInt8(ascii: "r"))
                out += withUnsafeBytes(of: memo.littleEndian, Array.init)
            }
            memo += 1
        }
        func string(_ text: String) {
            let bytes = Array(text.utf8)
            out.append(UInt8(ascii: "X"))
            out += withUnsafeBytes(of: UInt32(bytes.count).littleEndian, Array.init)
            out += bytes
            put()
        }
        put()
        let keys = order.filter { checksums[$0] != nil } + checksums.keys.filter { !order.contains($0) }.sorted()
        if keys.count == 1 {
            string(keys[0])
            string(checksums[keys[0]]!)
            out.append(UInt8(ascii: "s"))
        } else if !keys.isEmpty {
            out.append(UInt8(ascii: "("))
            for key in keys {
                string(key)
                string(checksums[key]!)
            }
            out.append(UInt8(ascii: "u"))
        }
        out.append(UInt8(ascii: "."))
        return out
    }

    /// The dictionary in a stamp, or `nil` when the stamp is empty or not a pickled
    /// `{str: str}` (the caller then recomputes, as BitBake does).
    static func decode(_ bytes: [UInt8]) -> [String: String]? {
        var index = 0
        var stack: [String?] = []
        var marks: [Int] = []
        var memo: [Int: String] = [:]
        var result: [String: String]?
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard index + count <= bytes.count else { return nil }
            defer { index += count }
            return bytes[index..<index + count]
        }
        func integer(_ count: Int) -> Int? {
            guard let raw = take(count) else { return nil }
            return raw.reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        while index < bytes.count {
            let op = bytes[index]
            index += 1
            switch op {
            case 0x80: guard take(1) != nil else { return nil }
            case 0x95: guard take(8) != nil else { return nil }  // FRAME
            case UInt8(ascii: "}"):
                result = [:]
                stack.append(nil)
            case UInt8(ascii: "("): marks.append(stack.count)
            case UInt8(ascii: "X"), 0x8C:
                guard let length = integer(op == 0x8C ? 1 : 4), let raw = take(length) else { return nil }
                stack.append(String(decoding: raw, as: UTF8.self))
            case UInt8(ascii: "q"), UInt8(ascii: "r"), 0x94:
                let slot = op == 0x94 ? memo.count : integer(op == UInt8(ascii: "q") ? 1 : 4)
                guard let slot, let top = stack.last else { return nil }
                if let top { memo[slot] = top }
            case UInt8(ascii: "h"), UInt8(ascii: "j"):
                guard let slot = integer(op == UInt8(ascii: "h") ? 1 : 4), let value = memo[slot] else { return nil }
                stack.append(value)
            case UInt8(ascii: "u"), UInt8(ascii: "s"):
                let start = op == UInt8(ascii: "u") ? (marks.popLast() ?? -1) : stack.count - 2
                guard start >= 1, (stack.count - start) % 2 == 0 else { return nil }
                var pair = start
                while pair < stack.count {
                    guard let key = stack[pair], let value = stack[pair + 1] else { return nil }
                    result?[key] = value
                    pair += 2
                }
                stack.removeSubrange(start...)
            case UInt8(ascii: "."): return result
            default: return nil
            }
        }
        return nil
    }

    static func read(_ path: String) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return decode(Array(data))
    }

    /// Writes the stamp through a temporary file and a rename, so a reader never sees half.
    static func write(_ checksums: [String: String], to path: String) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Data(encode(checksums)).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, path) != 0 { throw FetchError.failure("Cannot write \(path)", url: nil) }
        } catch let error as FetchError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw FetchError.failure("Cannot write \(path): \(error)", url: nil)
        }
    }
}
