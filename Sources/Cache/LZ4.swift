import CBakeCompression
import Foundation

/// lz4 through the C shim: one raw block per blob. The block format is lz4's fastest to
/// decode, but it does not record its decompressed size, so the caller keeps it.
enum LZ4 {
    /// The largest input one block holds (LZ4_MAX_INPUT_SIZE).
    static let maxInputSize = Int(bake_lz4_max_input_size())

    /// - Throws: `CacheError` with code `.inputTooLarge` or `.compressionFailed`.
    static func compress(_ data: Data) throws(CacheError) -> Data {
        guard data.count <= maxInputSize else {
            throw CacheError(.inputTooLarge, "lz4: \(data.count) bytes exceed the block limit of \(maxInputSize)")
        }
        let output = data.withUnsafeBytes { source in
            makeData(capacity: Int(bake_lz4_bound(Int32(source.count)))) { buffer, capacity in
                let result = bake_lz4_compress(source.baseAddress, Int32(source.count), buffer, Int32(capacity))
                return result > 0 ? Int(result) : nil
            }
        }
        guard let output else { throw CacheError(.compressionFailed, "lz4: compression failed") }
        return output
    }

    /// Decompresses into exactly `originalSize` bytes; the decoder never writes past them.
    ///
    /// - Throws: `CacheError` with code `.decompressionFailed`.
    static func decompress(_ data: Data, originalSize: Int) throws(CacheError) -> Data {
        guard originalSize >= 0, originalSize <= maxInputSize, data.count <= Int(Int32.max) else {
            throw CacheError(.decompressionFailed, "lz4: sizes out of range for one block")
        }
        var malformed = false
        let output = data.withUnsafeBytes { source in
            makeData(capacity: originalSize) { buffer, capacity in
                let result = bake_lz4_decompress(source.baseAddress, Int32(source.count), buffer, Int32(capacity))
                if result < 0 {
                    malformed = true
                    return nil
                }
                return Int(result)
            }
        }
        guard let output else {
            throw CacheError(.decompressionFailed, malformed ? "lz4: malformed block" : "lz4: out of memory")
        }
        guard output.count == originalSize else {
            throw CacheError(.decompressionFailed, "lz4: decoded \(output.count) bytes, expected \(originalSize)")
        }
        return output
    }
}
