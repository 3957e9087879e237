/// A local file a task reads (a `file://` entry of `SRC_URI`, a patch) and its checksum, as
/// it goes into the task hash.
public struct FileChecksum: Codable, Sendable, Hashable {
    public var path: String
    /// The file's checksum (BitBake uses SHA-256); nil or empty for a file that is missing,
    /// which then does not contribute to the hash.
    public var checksum: String?

    public init(path: String, checksum: String?) {
        self.path = path
        self.checksum = checksum
    }

    /// The name BitBake shows and orders by: the part after `/./` when the path has one (a
    /// file found below a search directory keeps its relative path), else the file name.
    public var displayName: String {
        relativeName ?? String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// `./rest` for a path with `/./` in it (Python's `"./" + path.split("/./")[1]`).
    var relativeName: String? {
        guard let range = path.firstRange(of: "/./") else { return nil }
        let rest = path[range.upperBound...]
        return "./" + String(rest.firstRange(of: "/./").map { rest[..<$0.lowerBound] } ?? rest)
    }
}

/// A task this task depends on and its hash, as it goes into the task hash.
public struct DependencyHash: Codable, Sendable, Hashable {
    /// `recipe:do_task` (BitBake's "pnid", prefixed `mc:NAME:` in a multiconfig build).
    public var task: String
    public var taskhash: String

    public init(task: String, taskhash: String) {
        self.task = task
        self.taskhash = taskhash
    }
}
