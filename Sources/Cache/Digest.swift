public import Foundation
import Crypto

/// The name of a blob in the content store: its SHA-256 and its size, as REAPI's `Digest`
/// message (`hash` in lowercase hex, `size_bytes`).
///
/// The size travels with the hash so that a reader can reject a blob of the wrong length
/// before hashing it, and so that a remote cache can size its transfers up front.
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 64 lowercase hex digits; `init(hash:sizeBytes:)` guarantees the form.
    public let hash: String
    /// Always >= 0 (an int64 in REAPI).
    public let sizeBytes: Int64

    /// A digest received from elsewhere (a remote cache, a manifest).
    ///
    /// - Parameters:
    ///   - hash: 64 hex digits; uppercase is accepted and lowered.
    ///   - sizeBytes: the blob's length in bytes.
    /// - Throws: `CacheError` with code `.invalidArgument` when either is malformed.
    public init(hash: String, sizeBytes: Int64) throws(CacheError) {
        let lowered = hash.lowercased()
        guard lowered.utf8.count == 64, lowered.utf8.allSatisfy(Self.isHexDigit) else {
            throw CacheError(.invalidArgument, "'\(hash)' is not a SHA-256 hash (64 hex digits)")
        }
        guard sizeBytes >= 0 else {
            throw CacheError(.invalidArgument, "digest size \(sizeBytes) is negative")
        }
        self.hash = lowered
        self.sizeBytes = sizeBytes
    }

    /// The digest of `data`.
    public init(of data: Data) {
        self.init(trustedHash: Self.hex(SHA256.hash(data: data)), sizeBytes: Int64(data.count))
    }

    /// Parses REAPI's resource-name form, `hash/size`, as `description` prints it.
    ///
    /// - Throws: `CacheError` with code `.invalidArgument` when `text` is not of that form.
    public init(parsing text: String) throws(CacheError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let size = Int64(parts[1]) else {
            throw CacheError(.invalidArgument, "'\(text)' is not a digest of the form hash/size")
        }
        try self.init(hash: String(parts[0]), sizeBytes: size)
    }

    /// For hashes this module computed itself, which are lowercase hex by construction.
    init(trustedHash hash: String, sizeBytes: Int64) {
        self.hash = hash
        self.sizeBytes = sizeBytes
    }

    /// The digest of the empty blob, which REAPI servers treat as always present.
    public static let empty = Digest(of: Data())

    public var description: String { "\(hash)/\(sizeBytes)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool {
        (lhs.hash, lhs.sizeBytes) < (rhs.hash, rhs.sizeBytes)
    }

    /// Whether `data` is the blob this digest names (size first: it is free).
    func matches(_ data: Data) -> Bool {
        Int64(data.count) == sizeBytes && Self.hex(SHA256.hash(data: data)) == hash
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            var i = 0
            for byte in digest {
                buffer[i] = digits[Int(byte >> 4)]
                buffer[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return i
        }
    }
}

extension Digest: Codable {
    private enum CodingKeys: String, CodingKey {
        case hash
        case sizeBytes
    }

    /// Decodes REAPI's JSON form, `{"hash": "...", "sizeBytes": "123"}`; proto3 JSON writes
    /// int64 as a string, so both a string and a number are accepted for the size.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let hash = try container.decode(String.self, forKey: .hash)
        let size: Int64
        if let text = try? container.decode(String.self, forKey: .sizeBytes), let value = Int64(text) {
            size = value
        } else {
            size = try container.decode(Int64.self, forKey: .sizeBytes)
        }
        try self.init(hash: hash, sizeBytes: size)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hash, forKey: .hash)
        try container.encode(String(sizeBytes), forKey: .sizeBytes)
    }
}
