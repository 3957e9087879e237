import BakeRecipeParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a parse worker sends its parent, one frame each: a 4-byte little-endian length, then a
/// kind byte and a `CompactEncoder` body.
///
/// The parent sends `configured` once its configuration events have run, then recipe paths
/// one per line; an empty line (or end of input) ends the worker.
enum ParseWorkerMessage: Equatable {
    static let configured = "configured"

    /// The configuration is parsed; its cache key, for the parent to check it matches its own.
    case ready(key: [UInt8])
    /// The configuration failed to parse: the worker can do nothing.
    case fatal(String)
    case parsed(RecipeParseResult)
    case failed(ParseFailure)

    func frame() -> [UInt8] {
        var encoder = CompactEncoder()
        let kind: UInt8
        switch self {
        case .ready(let key):
            kind = 1
            encoder.write(bytes: key)
        case .fatal(let message):
            kind = 2
            encoder.write(message)
        case .parsed(let result):
            kind = 3
            result.encode(into: &encoder)
        case .failed(let failure):
            kind = 4
            encoder.write(failure.file)
            encoder.write(failure.message)
        }
        let body = [kind] + encoder.finished()
        let length = UInt32(body.count)
        return [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] + body
    }

    init(body: [UInt8]) throws(CompactDecoder.Malformed) {
        guard let kind = body.first else { throw CompactDecoder.Malformed(reason: "empty frame") }
        var decoder = try CompactDecoder(body, from: 1)
        switch kind {
        case 1: self = .ready(key: try decoder.readBytes())
        case 2: self = .fatal(try decoder.readString())
        case 3: self = .parsed(try RecipeParseResult(from: &decoder))
        case 4: self = .failed(ParseFailure(file: try decoder.readString(), message: try decoder.readString()))
        default: throw CompactDecoder.Malformed(reason: "unknown frame kind \(kind)")
        }
        guard decoder.isAtEnd else { throw CompactDecoder.Malformed(reason: "trailing bytes in a frame") }
    }

    /// Writes the whole frame to `fd`; false when the reader has gone.
    @discardableResult
    func send(to fd: Int32) -> Bool { Self.writeAll(frame(), to: fd) }

    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// Reads one frame from `fd`: nil at a clean end of input.
    ///
    /// - Throws: `CompactDecoder.Malformed` for a truncated or undecodable frame.
    static func receive(from fd: Int32) throws(CompactDecoder.Malformed) -> ParseWorkerMessage? {
        guard let header = readExactly(4, from: fd) else { return nil }
        let length = Int(header[0]) | Int(header[1]) << 8 | Int(header[2]) << 16 | Int(header[3]) << 24
        guard let body = readExactly(length, from: fd) else { throw CompactDecoder.Malformed(reason: "truncated frame") }
        return try ParseWorkerMessage(body: body)
    }

    private static func readExactly(_ count: Int, from fd: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            offset += n
        }
        return bytes
    }
}
