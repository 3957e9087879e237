import Foundation

/// The 16 bytes at the start of every content-store entry, before the (maybe compressed)
/// payload:
///
/// ```
/// offset  size  field
///      0     4  magic "BKCS"
///      4     1  format version, 1
///      5     1  codec: 0 none, 1 zstd, 2 lz4
///      6     2  reserved, 0
///      8     8  uncompressed size, little-endian
/// ```
///
/// The size is what lets lz4 blocks be decoded at all, and lets a reader reject an entry
/// whose size disagrees with its digest before decompressing anything.
struct EntryHeader: Equatable, Sendable {
    static let size = 16
    static let magic: [UInt8] = Array("BKCS".utf8)
    static let currentVersion: UInt8 = 1

    /// The codec of one entry. Entries record the codec rather than inheriting the store's,
    /// so a store can change codec (or fall back to `.none`) without rewriting old entries.
    enum Codec: UInt8, Sendable {
        case none = 0
        case zstd = 1
        case lz4 = 2

        init(_ compression: Compression) {
            switch compression {
            case .none: self = .none
            case .zstd: self = .zstd
            case .lz4: self = .lz4
            }
        }

        /// A `Compression` able to decode this codec (the zstd level only matters when encoding).
        var decoder: Compression {
            switch self {
            case .none: .none
            case .zstd: .zstd(level: Compression.defaultZstdLevel)
            case .lz4: .lz4
            }
        }
    }

    var codec: Codec
    var uncompressedSize: UInt64

    var encoded: Data {
        var bytes = Self.magic
        bytes.append(Self.currentVersion)
        bytes.append(codec.rawValue)
        bytes.append(contentsOf: [0, 0])
        withUnsafeBytes(of: uncompressedSize.littleEndian) { bytes.append(contentsOf: $0) }
        return Data(bytes)
    }

    /// Reads the header at the start of `entry`.
    ///
    /// - Throws: `CacheError` with code `.corruptEntry` when the bytes are not a header, or
    ///   `.unsupportedEntry` when they are one from a newer format.
    init(parsing entry: Data) throws(CacheError) {
        guard entry.count >= Self.size else {
            throw CacheError(.corruptEntry, "entry is \(entry.count) bytes, shorter than its header")
        }
        let bytes = [UInt8](entry.prefix(Self.size))
        guard bytes[0..<4].elementsEqual(Self.magic) else {
            throw CacheError(.corruptEntry, "entry does not start with the content-store magic")
        }
        // Only a version from the future is "unsupported" (and left for the bake that wrote
        // it); a zero version, an unknown codec or set reserved bits in version 1 are damage.
        guard bytes[4] <= Self.currentVersion else {
            throw CacheError(.unsupportedEntry, "entry has format version \(bytes[4]); this bake reads version 1")
        }
        guard bytes[4] == Self.currentVersion, bytes[6] == 0, bytes[7] == 0,
              let codec = Codec(rawValue: bytes[5]) else {
            throw CacheError(.corruptEntry, "entry header is damaged (version \(bytes[4]), codec \(bytes[5]))")
        }
        self.codec = codec
        self.uncompressedSize = bytes[8..<16].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    init(codec: Codec, uncompressedSize: UInt64) {
        self.codec = codec
        self.uncompressedSize = uncompressedSize
    }
}
