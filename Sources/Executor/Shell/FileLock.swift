import Foundation

/// An exclusive flock(2) on a lock file, as BitBake's `bb.utils.lockfile` takes for `[lockfiles]`:
/// the file (and its directory) is created if missing, and the lock lasts until `release()`.
final class FileLock {
    let path: String
    private var descriptor: Int32

    /// Waits for the lock, polling so that cancellation of the waiting task is honoured.
    /// - Throws: `SandboxError` naming the failed call, or `CancellationError`.
    static func acquire(_ path: String) async throws -> FileLock {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let lock = FileLock(path: path, descriptor: try LinuxSystem.openLockFile(path))
        do {
            while try !LinuxSystem.tryLockExclusive(lock.descriptor, path: path) {
                try await Task.sleep(for: .milliseconds(50))
            }
        } catch {
            lock.release()
            throw error
        }
        return lock
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Closing the descriptor drops the lock.
    func release() {
        if descriptor >= 0 { LinuxSystem.close(descriptor) }
        descriptor = -1
    }

    deinit { release() }
}
