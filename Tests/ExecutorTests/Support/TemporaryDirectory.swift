import Foundation

/// A fresh directory under /tmp, removed (with everything in it) when the test is done with it.
/// World-writable so the same tests can run as a non-root user.
final class TemporaryDirectory: Sendable {
    let path: String

    init(_ label: String = "bake-executor-test") throws {
        path = "/tmp/\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Creates `name` (and parents) inside, returning its path.
    func directory(_ name: String) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
}
