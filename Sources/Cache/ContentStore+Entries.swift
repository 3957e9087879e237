import Foundation

/// Reading and writing single entry files. These are static and called from `@concurrent`
/// code, so they run off the actor: compression, hashing and disk I/O need no shared state,
/// and must not hold up other callers of the store.
extension ContentStore {
    /// Writes the entry for a blob unless a plausible one is already there.
    ///
    /// "Plausible" means a header recording the right size: checking more would mean reading
    /// and hashing every existing blob on every put, and `get` verifies fully anyway (a bad
    /// entry it removes is rewritten by the next put).
    ///
    /// - Returns: the bytes written, or nil when the entry was already present.
    @concurrent static func writeEntry(
        _ data: Data, size: Int64, to path: String, compression: Compression
    ) async throws(CacheError) -> Int? {
        if try isPresent(at: path, size: size) { return nil }
        let (codec, payload) = try encode(data, with: compression)
        let header = EntryHeader(codec: codec, uncompressedSize: UInt64(data.count))
        try FileSystem.createDirectory(at: FileSystem.parentDirectory(of: path))
        return try FileSystem.writeAtomically([header.encoded, payload], to: path)
    }

    private static func isPresent(at path: String, size: Int64) throws(CacheError) -> Bool {
        let header = try FileSystem.withFile(at: path) { fd, _ throws(CacheError) in
            try FileSystem.readBytes(from: fd, count: EntryHeader.size, path: path)
        }
        guard let header else { return false }
        do throws(CacheError) {
            return try EntryHeader(parsing: header).uncompressedSize == UInt64(size)
        } catch {
            // A newer bake's entry is its business; a damaged one is overwritten.
            return error.code == .unsupportedEntry
        }
    }

    /// The codec and payload for `data`: the store's codec, unless it cannot take the input
    /// (lz4 past 2 GiB) or does not make it smaller, when the bytes are kept as they are and
    /// reads skip decompression.
    static func encode(_ data: Data, with compression: Compression) throws(CacheError) -> (EntryHeader.Codec, Data) {
        if compression == .none { return (.none, data) }
        do throws(CacheError) {
            let compressed = try compression.compress(data)
            return compressed.count < data.count ? (EntryHeader.Codec(compression), compressed) : (.none, data)
        } catch where error.code == .inputTooLarge {
            return (.none, data)
        }
    }

    /// Reads and verifies the entry at `path`.
    ///
    /// - Returns: the blob, or nil when there is no entry.
    /// - Throws: `CacheError` with code `.corruptEntry` after removing an entry that fails
    ///   verification; `.unsupportedEntry` or `.io` otherwise.
    static func readEntry(at path: String, digest: Digest) throws(CacheError) -> Data? {
        let result = try FileSystem.withFile(at: path) { fd, status throws(CacheError) -> Data in
            do throws(CacheError) {
                let headerBytes = try FileSystem.readBytes(from: fd, count: EntryHeader.size, path: path)
                let header = try EntryHeader(parsing: headerBytes)
                guard header.uncompressedSize == UInt64(digest.sizeBytes) else {
                    throw CacheError(
                        .corruptEntry, "entry records \(header.uncompressedSize) bytes, the digest \(digest.sizeBytes)")
                }
                let payload = try FileSystem.readBytes(
                    from: fd, count: max(Int(status.st_size) - EntryHeader.size, 0), path: path)
                let data: Data
                do throws(CacheError) {
                    data = try header.codec.decoder.decompress(payload, originalSize: Int(digest.sizeBytes))
                } catch {
                    throw CacheError(.corruptEntry, "entry does not decompress", cause: error)
                }
                guard digest.matches(data) else {
                    throw CacheError(.corruptEntry, "entry content does not hash to its digest")
                }
                return data
            } catch where error.code == .corruptEntry {
                // Only if the path still names the file we read: a put may have replaced it.
                _ = try? FileSystem.removeFile(at: path, ifStill: FileIdentity(status))
                throw CacheError(.corruptEntry, "\(digest): \(error.message); entry removed", cause: error.cause)
            }
        }
        return result
    }
}
