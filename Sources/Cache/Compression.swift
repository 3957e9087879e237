public import Foundation

/// How blobs are compressed at rest.
///
/// zstd is the default trade-off (BitBake's sstate archives use it too); lz4 decodes several
/// times faster at a worse ratio, for stores on fast disks where decompression dominates.
public enum Compression: Sendable, Hashable, CustomStringConvertible {
    /// Stored as is.
    case none
    /// One zstd frame recording its content size, so any `zstd -d` can read it. Levels run
    /// from `Compression.zstdLevels.lowerBound` (negative: fastest) to 22; 0 means zstd's
    /// default (3).
    case zstd(level: Int)
    /// One raw lz4 block. The block format does not record the decompressed size, so whoever
    /// stores a block must store its size beside it (the content store's entry header does).
    case lz4

    /// The level `zstd` itself uses by default.
    public static let defaultZstdLevel = 3

    /// The levels libzstd accepts.
    public static var zstdLevels: ClosedRange<Int> { Zstd.levels }

    /// Parses the spellings `description` produces: `none`, `lz4`, `zstd` (default level) and
    /// `zstd:LEVEL`. Returns nil for anything else, including a level libzstd does not accept.
    public init?(parsing text: String) {
        switch text {
        case "none": self = .none
        case "lz4": self = .lz4
        case "zstd": self = .zstd(level: Self.defaultZstdLevel)
        default:
            guard text.hasPrefix("zstd:"), let level = Int(text.dropFirst(5)), Zstd.levels.contains(level) else {
                return nil
            }
            self = .zstd(level: level)
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .zstd(let level): "zstd:\(level)"
        case .lz4: "lz4"
        }
    }

    /// Compresses `data` with this codec.
    ///
    /// - Returns: the compressed bytes; for `.none`, `data` itself.
    /// - Throws: `CacheError` with code `.invalidArgument` for a zstd level out of range,
    ///   `.inputTooLarge` for lz4 input over `LZ4_MAX_INPUT_SIZE`, or `.compressionFailed`.
    public func compress(_ data: Data) throws(CacheError) -> Data {
        switch self {
        case .none: data
        case .zstd(let level): try Zstd.compress(data, level: level)
        case .lz4: try LZ4.compress(data)
        }
    }

    /// Decompresses `data`, which this codec produced.
    ///
    /// Malformed or truncated input is reported as an error, never a crash, and the output
    /// never exceeds `originalSize`.
    ///
    /// - Parameters:
    ///   - data: the compressed bytes.
    ///   - originalSize: the decompressed size, when known. Required for lz4 (the block does
    ///     not record it). For zstd it must agree with the size the frame header declares;
    ///     when nil, zstd decodes frames of any (or no) declared size by streaming.
    /// - Returns: exactly `originalSize` bytes when it is given.
    /// - Throws: `CacheError` with code `.decompressionFailed` when the input is malformed or
    ///   its size is not `originalSize`; `.invalidArgument` for lz4 without `originalSize`.
    public func decompress(_ data: Data, originalSize: Int? = nil) throws(CacheError) -> Data {
        switch self {
        case .none:
            if let originalSize, originalSize != data.count {
                throw CacheError(.decompressionFailed, "expected \(originalSize) bytes, found \(data.count)")
            }
            return data
        case .zstd:
            guard let originalSize else { return try Zstd.decompressStreaming(data) }
            return try Zstd.decompress(data, originalSize: originalSize)
        case .lz4:
            guard let originalSize else {
                throw CacheError(.invalidArgument, "an lz4 block can only be decompressed knowing its original size")
            }
            return try LZ4.decompress(data, originalSize: originalSize)
        }
    }
}

/// A `Data` over a malloc'd buffer that C fills in, so large outputs are neither zero-filled
/// first nor copied afterwards.
///
/// - Parameters:
///   - capacity: bytes to allocate.
///   - fill: writes into the buffer and returns how many bytes it produced, or nil on failure.
/// - Returns: the produced bytes, or nil when `fill` failed (the buffer is then freed).
func makeData(capacity: Int, _ fill: (UnsafeMutableRawPointer, Int) -> Int?) -> Data? {
    // malloc(0) may return NULL; one spare byte keeps the empty case uniform.
    guard let buffer = malloc(max(capacity, 1)) else { return nil }
    guard let count = fill(buffer, capacity), count >= 0, count <= capacity else {
        free(buffer)
        return nil
    }
    // Compressed outputs come from a worst-case bound; give the slack back when it is large.
    var result = buffer
    if count < capacity / 2, let shrunk = realloc(buffer, max(count, 1)) { result = shrunk }
    return Data(bytesNoCopy: result, count: count, deallocator: .free)
}
