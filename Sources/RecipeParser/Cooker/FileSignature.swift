#if canImport(Glibc)
import Glibc
#endif

/// What `stat(2)` says about a file the parse read or looked for: enough to notice any change
/// without reading it. An absent file is a signature of its own, so creating a file that a
/// search looked for (an include earlier in `BBPATH`) changes it.
public struct FileSignature: Hashable, Sendable {
    /// Nanoseconds since the epoch; 0 with the others for an absent file.
    public var modified: Int64
    public var changed: Int64
    public var size: Int64
    public var inode: UInt64
    public var exists: Bool

    public static let absent = FileSignature(modified: 0, changed: 0, size: 0, inode: 0, exists: false)

    public init(modified: Int64, changed: Int64, size: Int64, inode: UInt64, exists: Bool) {
        self.modified = modified
        self.changed = changed
        self.size = size
        self.inode = inode
        self.exists = exists
    }

    /// `stat(2)` of `path` (symbolic links followed, as reading the file does).
    public static func of(_ path: String) -> FileSignature {
        var info = stat()
        guard stat(path, &info) == 0 else { return .absent }
        return FileSignature(
            modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec),
            size: Int64(info.st_size), inode: UInt64(info.st_ino), exists: true)
    }

    /// Whether the file changed at or after `instant` (ns since the epoch): such a file may have
    /// changed again after it was read within one timestamp tick, so a parse that read it must
    /// not be cached (git's "racily clean" entries).
    public func changed(since instant: Int64) -> Bool {
        exists && (modified >= instant || changed >= instant)
    }

    /// The wall clock in nanoseconds since the epoch, as file timestamps count.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
