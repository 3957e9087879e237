#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
#error("The sandbox needs Linux")
#endif

/// The libc calls the executor makes, each retrying EINTR and throwing a `SandboxError` that names
/// the C function and its argument.
///
/// This is the only file in the module that touches libc directly, so platform conditionals stay
/// here; everything between clone and exec lives in the C target `CBakeSandbox`.
enum LinuxSystem {
    static let sigkill = SIGKILL

    /// Runs `body` until it stops failing with EINTR; a result of -1 throws, naming `call`.
    @discardableResult
    static func check<T: BinaryInteger>(
        _ call: String, _ argument: String? = nil, _ body: () -> T
    ) throws(SandboxError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let number = errno
            if number == EINTR { continue }
            throw SandboxError.systemCall(call, argument: argument, errno: number)
        }
    }

    /// The text strerror(3) gives for `number`.
    static func describe(errno number: Int32) -> String {
        String(cString: strerror(number))
    }

    /// The symbolic name of common errnos, for messages ("EPERM"); nil for others.
    static func symbol(errno number: Int32) -> String? {
        switch number {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EACCES: "EACCES"
        case EINVAL: "EINVAL"
        case ENOSYS: "ENOSYS"
        case EROFS: "EROFS"
        case EBUSY: "EBUSY"
        case ENOSPC: "ENOSPC"
        case EEXIST: "EEXIST"
        case ENOTDIR: "ENOTDIR"
        case EAGAIN: "EAGAIN"
        case ECHILD: "ECHILD"
        case ENOMEM: "ENOMEM"
        case EUSERS: "EUSERS"
        default: nil
        }
    }

    static var effectiveUserID: UInt32 { geteuid() }
    static var effectiveGroupID: UInt32 { getegid() }
    static var processID: Int32 { getpid() }

    /// open(2) with O_CLOEXEC added.
    static func open(_ path: String, flags: Int32, mode: UInt32 = 0o644) throws(SandboxError) -> Int32 {
        try check("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode_t(mode)) }
    }

    static func openForAppend(_ path: String) throws(SandboxError) -> Int32 {
        try open(path, flags: O_WRONLY | O_CREAT | O_APPEND)
    }

    static func openForWriting(_ path: String) throws(SandboxError) -> Int32 {
        try open(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
    }

    static func openForReading(_ path: String) throws(SandboxError) -> Int32 {
        try open(path, flags: O_RDONLY)
    }

    /// open(2) of a lock file: created if missing, as BitBake's lockfile() does.
    static func openLockFile(_ path: String) throws(SandboxError) -> Int32 {
        try open(path, flags: O_RDWR | O_CREAT, mode: 0o666)
    }

    static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// Reads up to `count` bytes, retrying EINTR; fewer means end of file.
    static func read(_ descriptor: Int32, count: Int) throws(SandboxError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var have = 0
        while have < count {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + have, count - have) }
            if got < 0 {
                if errno == EINTR { continue }
                throw SandboxError.systemCall("read", errno: errno)
            }
            if got == 0 { break }
            have += got
        }
        return Array(buffer.prefix(have))
    }

    /// flock(2) exclusive without blocking: true when taken, false when someone else holds it.
    static func tryLockExclusive(_ descriptor: Int32, path: String) throws(SandboxError) -> Bool {
        while true {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return true }
            let number = errno
            if number == EINTR { continue }
            if number == EWOULDBLOCK { return false }
            throw SandboxError.systemCall("flock", argument: path, errno: number)
        }
    }

    /// kill(2); ESRCH (already gone) is not an error.
    static func kill(_ pid: Int32, signal: Int32) {
        _ = Glibc.kill(pid, signal)
    }

    /// Waits until `pid` has exited without reaping it (waitid with WNOWAIT), so its id cannot be
    /// reused while a concurrent cancellation may still signal it.
    static func waitForExit(_ pid: Int32) throws(SandboxError) {
        var info = siginfo_t()
        try check("waitid", String(pid)) { waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) }
    }

    /// Reaps `pid` and returns its raw wait status.
    static func reap(_ pid: Int32) throws(SandboxError) -> Int32 {
        var status: Int32 = 0
        try check("waitpid", String(pid)) { waitpid(pid, &status, 0) }
        return status
    }

    /// Decodes a raw wait status.
    static func termination(of status: Int32) -> SandboxExit.Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }

    /// realpath(3): the canonical absolute path, symlinks resolved.
    static func canonicalPath(_ path: String) throws(SandboxError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw SandboxError.systemCall("realpath", argument: path, errno: errno)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// symlink(2), replacing whatever `path` was (BitBake's courtesy links are rewritten each run).
    static func replaceSymlink(at path: String, pointingTo target: String) throws(SandboxError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw SandboxError.systemCall("unlink", argument: path, errno: errno)
        }
        try check("symlink", path) { symlink(target, path) }
    }

    /// Writes `text` to an existing file (cgroup control files), as one write(2).
    static func writeControlFile(_ path: String, _ text: String) throws(SandboxError) {
        let descriptor = try open(path, flags: O_WRONLY)
        defer { close(descriptor) }
        var bytes = Array(text.utf8)
        let count = bytes.count
        let written = try check("write", path) { bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress, count) } }
        if written != count { throw SandboxError.systemCall("write", argument: path, errno: EIO) }
    }

    static func makeDirectory(_ path: String) throws(SandboxError) {
        try check("mkdir", path) { mkdir(path, 0o755) }
    }

    /// rmdir(2): true once the directory is gone (removed now, or already missing).
    static func removeDirectory(_ path: String) -> Bool {
        rmdir(path) == 0 || errno == ENOENT
    }

    /// access(2) with W_OK: whether this process may write `path`.
    static func isWritable(_ path: String) -> Bool {
        access(path, W_OK) == 0
    }
}
