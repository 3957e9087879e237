import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which file a path named when it was opened: a later `lstat` that disagrees means the
/// path has since been replaced (say, by a concurrent writer's rename).
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// The POSIX calls the content store makes, each retrying EINTR and throwing a `CacheError`
/// (code `.io`, or `.notFound` where noted) that names the C function and the path.
///
/// This is the only file in the module that touches libc, so platform conditionals stay here.
enum FileSystem {
    /// Temporary files start with this: entry names are hex digits, so a reader never
    /// mistakes a half-written file for an entry.
    static let temporaryPrefix = ".tmp."

    /// A `CacheError` for a failed call, with the errno as cause.
    static func failure(_ function: String, _ path: String, errno code: Int32 = errno) -> CacheError {
        let text = String(cString: strerror(code))
        let cause = POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        return CacheError(code == ENOENT ? .notFound : .io, "\(function)(\(path)): \(text)", cause: cause)
    }

    /// Runs `body` until it does not fail with EINTR; throws on any other failure (-1).
    ///
    /// - Throws: `CacheError` naming `function` and `path`.
    @discardableResult
    static func call<Result: BinaryInteger>(
        _ function: String, _ path: String, _ body: () -> Result
    ) throws(CacheError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            if errno != EINTR { throw failure(function, path) }
        }
    }

    /// Opens `path` (open), or returns nil when it does not exist.
    static func openIfExists(_ path: String, flags: Int32) throws(CacheError) -> Int32? {
        do throws(CacheError) {
            return try call("open", path) { open(path, flags | O_CLOEXEC) }
        } catch let error where error.code == .notFound {
            return nil
        }
    }

    /// Opens `path` read-only (open, fstat) and runs `body` on the descriptor and its status.
    ///
    /// - Returns: what `body` returns, or nil when `path` does not exist.
    /// - Throws: `CacheError` with code `.io`, or what `body` throws.
    static func withFile<Result>(
        at path: String, _ body: (Int32, stat) throws(CacheError) -> Result
    ) throws(CacheError) -> Result? {
        guard let fd = try openIfExists(path, flags: O_RDONLY) else { return nil }
        defer { close(fd) }
        var status = stat()
        try call("fstat", path) { fstat(fd, &status) }
        return try body(fd, status)
    }

    /// Reads up to `count` bytes from the current offset of `fd` (read); fewer only at the
    /// end of the file.
    ///
    /// - Throws: `CacheError` with code `.io`.
    static func readBytes(from fd: Int32, count: Int, path: String) throws(CacheError) -> Data {
        var readError: Int32 = 0
        let data = makeData(capacity: count) { buffer, capacity in
            var total = 0
            while total < capacity {
                let n = read(fd, buffer + total, capacity - total)
                if n > 0 {
                    total += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    readError = errno
                    return nil
                }
            }
            return total
        }
        guard let data else { throw failure("read", path, errno: readError == 0 ? ENOMEM : readError) }
        return data
    }

    /// The whole of `path` (open, fstat, read), or nil when it does not exist.
    ///
    /// - Throws: `CacheError` with code `.io`.
    static func readFile(at path: String) throws(CacheError) -> Data? {
        try withFile(at: path) { fd, status throws(CacheError) in
            try readBytes(from: fd, count: Int(status.st_size), path: path)
        }
    }

    /// Writes `parts` to `path` so that readers see either no file or the complete one.
    ///
    /// The bytes go to a temporary file beside `path`, held under an exclusive `flock` while
    /// it is written (so `removeAbandonedTemporaries` can tell a live writer from a crashed
    /// one), then `fsync`, then `rename` over `path`, then `fsync` of the directory so the
    /// rename itself survives a crash. The directory sync is best effort: some file systems
    /// refuse it, and the entry is already complete and visible by then.
    ///
    /// - Returns: the number of bytes written.
    /// - Throws: `CacheError` with code `.io` (or `.notFound` when the directory is missing).
    @discardableResult
    static func writeAtomically(
        _ parts: [Data], to path: String, permissions: mode_t = 0o644
    ) throws(CacheError) -> Int {
        let directory = parentDirectory(of: path)
        // The name is cut so that the temporary name stays under NAME_MAX (255) for any target.
        let name = (path.split(separator: "/").last.map(String.init) ?? path).prefix(64)
        // A cleaner may take the lock in the instant between our open and our flock, and
        // delete the file; the rename then fails with ENOENT and a fresh attempt succeeds.
        var attempt = 0
        while true {
            attempt += 1
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let temporary = "\(directory)/\(temporaryPrefix)\(name).\(suffix)"
            do throws(CacheError) {
                let written = try writeTemporary(parts, at: temporary, permissions: permissions)
                do throws(CacheError) {
                    try call("rename", temporary) { rename(temporary, path) }
                } catch {
                    _ = unlink(temporary)
                    throw error
                }
                syncDirectory(directory)
                return written
            } catch let error where error.code == .notFound && attempt < 3 && fileExists(directory) {
                continue
            }
        }
    }

    /// Creates `path` exclusively, locks it, writes and syncs `parts`; removes it on failure.
    private static func writeTemporary(
        _ parts: [Data], at path: String, permissions: mode_t
    ) throws(CacheError) -> Int {
        let fd = try call("open", path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions) }
        defer { close(fd) }
        do throws(CacheError) {
            try call("flock", path) { flock(fd, LOCK_EX) }
            var total = 0
            for part in parts {
                var failed: Int32 = 0
                part.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                        if n >= 0 {
                            offset += n
                        } else if errno != EINTR {
                            failed = errno
                            return
                        }
                    }
                }
                if failed != 0 { throw failure("write", path, errno: failed) }
                total += part.count
            }
            try call("fsync", path) { fsync(fd) }
            return total
        } catch {
            _ = unlink(path)
            throw error
        }
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Deletes the temporary files in `directory` whose writer has gone: those on which an
    /// exclusive `flock` can be taken (a live writer holds one until its rename; the kernel
    /// drops it when the writer exits or crashes).
    ///
    /// - Returns: how many were deleted.
    static func removeAbandonedTemporaries(in directory: String) throws(CacheError) -> Int {
        var removed = 0
        for name in try directoryEntries(at: directory) where name.hasPrefix(temporaryPrefix) {
            let path = "\(directory)/\(name)"
            guard let fd = try? openIfExists(path, flags: O_RDONLY | O_NONBLOCK) else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed += 1 }
        }
        return removed
    }

    /// The names in `directory` (opendir, readdir), or none when it does not exist.
    static func directoryEntries(at directory: String) throws(CacheError) -> [String] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw failure("opendir", directory)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates `path` and any missing parents (mkdir); an existing directory is fine.
    static func createDirectory(at path: String) throws(CacheError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, path != "/" && !path.isEmpty else { throw failure("mkdir", path) }
        try createDirectory(at: parentDirectory(of: path))
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", path) }
    }

    static func fileExists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// Deletes `path` (unlink); when `identity` is given, only if the path still names that
    /// file, so a corrupt entry's removal never takes a fresh copy written meanwhile.
    ///
    /// - Returns: whether a file was deleted.
    /// - Throws: `CacheError` with code `.io`.
    @discardableResult
    static func removeFile(at path: String, ifStill identity: FileIdentity? = nil) throws(CacheError) -> Bool {
        if let identity {
            var status = stat()
            guard lstat(path, &status) == 0, FileIdentity(status) == identity else { return false }
        }
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("unlink", path)
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
