public import Foundation

/// A local content-addressed store: blobs named by their SHA-256 `Digest`, compressed at
/// rest, verified on every read. It plays the part of BitBake's shared-state directory.
///
/// Layout under `root`:
///
/// ```
/// cas/ab/abcdef…       one entry per blob: an `EntryHeader`, then the payload
/// cas/ab/.tmp.abcdef…  a write in progress (or abandoned by a crash)
/// ```
///
/// Guarantees:
/// - A reader never sees a half-written entry: writes go to a temporary file in the same
///   directory, are synced, then renamed into place. A crash leaves at most a temporary
///   file, which the next store opened on `root` deletes.
/// - `get` never returns bytes that are not the blob named: size and SHA-256 are checked
///   after decompression, and an entry that fails is removed and reported.
/// - Concurrent puts of one blob write it once (single-flight); others wait for that write.
///
/// Blobs are held in memory whole; streaming large files is future work.
public actor ContentStore {
    /// The directory holding the store; other bake processes may share it.
    public nonisolated let root: String
    /// The codec new entries are written with. Entries record their own codec, so a store
    /// reads entries written with any codec. Blobs that do not shrink are stored as is.
    public nonisolated let compression: Compression
    private nonisolated let casDirectory: String

    /// Puts whose write is running, by digest. Invariant: a digest is present exactly while
    /// its one writer task runs; later puts of it await that task instead of writing.
    private var inFlight: [Digest: Task<Int?, any Error>] = [:]
    private var counters: Statistics

    /// What the store has done since it was opened.
    public struct Statistics: Sendable, Equatable {
        /// `get`s that returned a blob.
        public var hits = 0
        /// `get`s that found no entry (a corrupt entry counts here too, and in `corruptEntries`).
        public var misses = 0
        /// Uncompressed bytes returned by hits.
        public var bytesRead: Int64 = 0
        /// Entries written.
        public var stores = 0
        /// Puts that wrote nothing: the blob was already stored, or being stored by another put.
        public var duplicates = 0
        /// Bytes written to entries, headers included (so after compression).
        public var bytesWritten: Int64 = 0
        /// Entries that failed verification and were removed.
        public var corruptEntries = 0
        /// Temporary files of crashed writers deleted when the store was opened.
        public var abandonedTemporaries = 0

        public init() {}
    }

    /// Opens (creating if needed) the store at `root` and deletes temporary files whose
    /// writers are gone.
    ///
    /// - Parameters:
    ///   - root: the store's directory.
    ///   - compression: the codec for new entries.
    /// - Throws: `CacheError` with code `.invalidArgument` for a zstd level libzstd rejects,
    ///   or `.io` when the directory cannot be created or read.
    public init(
        root: String, compression: Compression = .zstd(level: Compression.defaultZstdLevel)
    ) throws(CacheError) {
        if case .zstd(let level) = compression, !Zstd.levels.contains(level) {
            throw CacheError(.invalidArgument, "zstd level \(level) is outside \(Zstd.levels)")
        }
        self.root = root
        self.compression = compression
        self.casDirectory = "\(root)/cas"
        try FileSystem.createDirectory(at: casDirectory)
        var counters = Statistics()
        for shard in try FileSystem.directoryEntries(at: casDirectory) where shard.utf8.count == 2 {
            counters.abandonedTemporaries += try FileSystem.removeAbandonedTemporaries(in: "\(casDirectory)/\(shard)")
        }
        self.counters = counters
    }

    public var statistics: Statistics { counters }

    // MARK: Blobs

    /// Stores `data` unless an entry for it already exists.
    ///
    /// - Returns: the digest naming `data`.
    /// - Throws: `CacheError` with code `.io` when the entry cannot be written.
    @discardableResult
    @concurrent public nonisolated func put(_ data: Data) async throws(CacheError) -> Digest {
        // Hash off the actor: it is the expensive part, and needs no shared state.
        let digest = Digest(of: data)
        try await store(data, as: digest)
        return digest
    }

    /// Stores the contents of the file at `path`.
    ///
    /// - Returns: the digest naming the contents.
    /// - Throws: `CacheError` with code `.notFound` when there is no such file, or `.io`.
    @discardableResult
    @concurrent public nonisolated func put(fileAt path: String) async throws(CacheError) -> Digest {
        guard let data = try FileSystem.readFile(at: path) else {
            throw CacheError(.notFound, "\(path): no such file")
        }
        return try await put(data)
    }

    /// The blob `digest` names, or nil when the store does not have it.
    ///
    /// - Throws: `CacheError` with code `.corruptEntry` when the entry fails verification (it
    ///   has been removed, so a later `get` returns nil); `.unsupportedEntry` for an entry
    ///   from a newer bake; `.io` when it cannot be read.
    @concurrent public nonisolated func get(_ digest: Digest) async throws(CacheError) -> Data? {
        do throws(CacheError) {
            let data = try Self.readEntry(at: entryPath(for: digest), digest: digest)
            await record(read: data)
            return data
        } catch where error.code == .corruptEntry {
            await recordCorruption()
            throw error
        }
    }

    /// Writes the blob `digest` names to `path`, atomically, replacing any file there.
    ///
    /// - Parameters:
    ///   - digest: the blob.
    ///   - path: the destination; its directory must exist.
    ///   - permissions: mode bits for the new file (the umask applies).
    /// - Returns: false when the store does not have the blob (nothing is written).
    /// - Throws: as `get`, or `CacheError` with code `.io` when `path` cannot be written.
    @concurrent public nonisolated func export(
        _ digest: Digest, to path: String, permissions: UInt32 = 0o644
    ) async throws(CacheError) -> Bool {
        guard let data = try await get(digest) else { return false }
        try FileSystem.writeAtomically([data], to: path, permissions: .init(permissions))
        return true
    }

    /// Whether an entry for `digest` exists (it is not verified until read).
    public nonisolated func contains(_ digest: Digest) -> Bool {
        FileSystem.fileExists(entryPath(for: digest))
    }

    /// Deletes the entry for `digest`, after any put of it in progress has finished.
    ///
    /// - Returns: whether there was an entry.
    /// - Throws: `CacheError` with code `.io`.
    @discardableResult
    public func remove(_ digest: Digest) async throws(CacheError) -> Bool {
        if let running = inFlight[digest] { _ = try? await running.value }
        return try FileSystem.removeFile(at: entryPath(for: digest))
    }

    /// Where the entry for `digest` lives (whether or not it exists).
    nonisolated func entryPath(for digest: Digest) -> String {
        "\(casDirectory)/\(digest.hash.prefix(2))/\(digest.hash)"
    }

    // MARK: Single-flight writes

    private func store(_ data: Data, as digest: Digest) async throws(CacheError) {
        if let running = inFlight[digest] {
            counters.duplicates += 1
            _ = try await Self.value(of: running)
            return
        }
        let path = entryPath(for: digest)
        let compression = compression
        // Unstructured on purpose: if the first caller is cancelled, the write still
        // finishes for everyone waiting on it.
        let task = Task { () async throws -> Int? in
            try await Self.writeEntry(data, size: digest.sizeBytes, to: path, compression: compression)
        }
        inFlight[digest] = task
        defer { inFlight[digest] = nil }
        if let written = try await Self.value(of: task) {
            counters.stores += 1
            counters.bytesWritten += Int64(written)
        } else {
            counters.duplicates += 1
        }
    }

    private func record(read data: Data?) {
        if let data {
            counters.hits += 1
            counters.bytesRead += Int64(data.count)
        } else {
            counters.misses += 1
        }
    }

    private func recordCorruption() {
        counters.corruptEntries += 1
        counters.misses += 1
    }

    /// `task.value` with its error as the `CacheError` every writer throws.
    private static func value<Success>(of task: Task<Success, any Error>) async throws(CacheError) -> Success {
        do {
            return try await task.value
        } catch let error as CacheError {
            throw error
        } catch {
            throw CacheError(.io, "writing an entry failed", cause: error)
        }
    }
}
