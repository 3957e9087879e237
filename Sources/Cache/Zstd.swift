import CBakeCompression
import Foundation

/// zstd through the C shim: one frame per blob, content size recorded in the frame header.
enum Zstd {
    static let levels: ClosedRange<Int> = Int(bake_zstd_min_level())...Int(bake_zstd_max_level())

    /// - Throws: `CacheError` with code `.invalidArgument` or `.compressionFailed`.
    static func compress(_ data: Data, level: Int) throws(CacheError) -> Data {
        guard levels.contains(level) else {
            throw CacheError(.invalidArgument, "zstd level \(level) is outside \(levels)")
        }
        var failure = 0
        let output = data.withUnsafeBytes { source in
            makeData(capacity: bake_zstd_bound(source.count)) { buffer, capacity in
                let result = bake_zstd_compress(buffer, capacity, source.baseAddress, source.count, Int32(level))
                if bake_zstd_is_error(result) != 0 {
                    failure = result
                    return nil
                }
                return result
            }
        }
        guard let output else {
            throw CacheError(.compressionFailed, "zstd: \(failure == 0 ? "out of memory" : errorString(failure))")
        }
        return output
    }

    /// Decompresses into exactly `originalSize` bytes, checking the frame header's declared
    /// size before allocating anything.
    ///
    /// - Throws: `CacheError` with code `.decompressionFailed`.
    static func decompress(_ data: Data, originalSize: Int) throws(CacheError) -> Data {
        var declared: UInt64 = 0
        let status = data.withUnsafeBytes { bake_zstd_frame_content_size($0.baseAddress, $0.count, &declared) }
        switch status {
        case BAKE_ZSTD_SIZE_ERROR:
            throw CacheError(.decompressionFailed, "zstd: not a zstd frame (\(data.count) bytes)")
        case BAKE_ZSTD_SIZE_KNOWN where declared != UInt64(originalSize):
            throw CacheError(
                .decompressionFailed, "zstd: frame declares \(declared) bytes, expected \(originalSize)")
        default:
            break
        }
        var failure = 0
        let output = data.withUnsafeBytes { source in
            makeData(capacity: originalSize) { buffer, capacity in
                let result = bake_zstd_decompress(buffer, capacity, source.baseAddress, source.count)
                if bake_zstd_is_error(result) != 0 {
                    failure = result
                    return nil
                }
                return result
            }
        }
        guard let output else {
            throw CacheError(.decompressionFailed, "zstd: \(failure == 0 ? "out of memory" : errorString(failure))")
        }
        guard output.count == originalSize else {
            throw CacheError(.decompressionFailed, "zstd: decoded \(output.count) bytes, expected \(originalSize)")
        }
        return output
    }

    /// Decompresses every frame in `data` without knowing the total size up front, growing
    /// the output as needed (frames from `zstd` reading a pipe do not declare their size).
    ///
    /// - Parameter limit: the most output to produce before giving up, against decompression
    ///   bombs.
    /// - Throws: `CacheError` with code `.decompressionFailed`.
    static func decompressStreaming(_ data: Data, limit: Int = Int.max) throws(CacheError) -> Data {
        guard let stream = bake_zstd_dstream_create() else {
            throw CacheError(.decompressionFailed, "zstd: out of memory")
        }
        defer { bake_zstd_dstream_free(stream) }

        var declared: UInt64 = 0
        let status = data.withUnsafeBytes { bake_zstd_frame_content_size($0.baseAddress, $0.count, &declared) }
        guard status != BAKE_ZSTD_SIZE_ERROR else {
            throw CacheError(.decompressionFailed, "zstd: not a zstd frame (\(data.count) bytes)")
        }
        // Start from the declared size when there is one (a single-frame blob then needs no
        // regrowth), but never trust a header to allocate more than the input could plausibly
        // expand to in one step.
        var capacity = status == BAKE_ZSTD_SIZE_KNOWN ? Int(clamping: declared) : data.count * 4
        capacity = min(max(capacity, 64 * 1024), max(limit, 1), 256 << 20)
        var output = Data(count: capacity)
        var outputPosition = 0
        var inputPosition = 0
        var result = 0
        while true {
            data.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { destination in
                    result = bake_zstd_dstream_decompress(
                        stream, destination.baseAddress, destination.count, &outputPosition,
                        source.baseAddress, source.count, &inputPosition)
                }
            }
            if bake_zstd_is_error(result) != 0 {
                throw CacheError(.decompressionFailed, "zstd: \(errorString(result))")
            }
            let inputDone = inputPosition == data.count
            if inputDone && result == 0 { break }
            if outputPosition < output.count {
                // Room was left, so the decoder flushed all it could: it is waiting for input.
                if inputDone {
                    throw CacheError(.decompressionFailed, "zstd: input ends in the middle of a frame")
                }
                continue
            }
            guard output.count < limit else {
                throw CacheError(.decompressionFailed, "zstd: output exceeds the limit of \(limit) bytes")
            }
            output.count = output.count > limit / 2 ? limit : output.count * 2
        }
        output.count = outputPosition
        return output
    }

    static func errorString(_ code: Int) -> String {
        String(cString: bake_zstd_error_string(code))
    }
}
