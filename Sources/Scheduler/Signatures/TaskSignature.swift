import Crypto

/// A task's signature: what went into its hash, so that a build can store it beside the
/// task's output and later explain why the task must run again (`SignatureDiff`).
///
/// `basehash` covers the task's code and every variable and function it depends on;
/// `taskhash` adds the hashes of the tasks it depends on and the checksums of the local
/// files it reads, as BitBake's `SignatureGeneratorBasic.get_taskhash` does.
public struct TaskSignature: Codable, Sendable, Equatable {
    /// The task, `do_compile`.
    public var task: String
    /// The recipe (`PN`), for messages.
    public var recipe: String
    public var basehash: String
    public var taskhash: String
    /// The task and every name it depends on, with the text each contributed (nil: a flag
    /// that is unset). The task's own entry is its code.
    public var variables: [String: String?]
    /// For each of those names, the names it refers to directly (to explain additions).
    public var references: [String: [String]]
    /// `BB_BASEHASH_IGNORE_VARS` when the signature was made.
    public var ignoredVariables: [String]
    /// The tasks this one depends on, in the order they were hashed.
    public var dependencies: [DependencyHash]
    /// The local files the task reads, in the order they were hashed.
    public var fileChecksums: [FileChecksum]
    /// A forced-run taint, when there is one.
    public var taint: String?

    public init(
        task: String, recipe: String, basehash: String, taskhash: String, variables: [String: String?],
        references: [String: [String]], ignoredVariables: [String], dependencies: [DependencyHash],
        fileChecksums: [FileChecksum], taint: String? = nil
    ) {
        self.task = task
        self.recipe = recipe
        self.basehash = basehash
        self.taskhash = taskhash
        self.variables = variables
        self.references = references
        self.ignoredVariables = ignoredVariables
        self.dependencies = dependencies
        self.fileChecksums = fileChecksums
        self.taint = taint
    }

    /// BitBake's `get_taskhash`: SHA-256 of the basehash, then each dependency's hash in
    /// order of `recipe:task`, then each file's checksum in order of its display name (a
    /// `/./` path adds its relative name first), then the taint.
    ///
    /// - Returns: the hash and the dependencies and files in the order they were hashed.
    public static func taskhash(
        basehash: String, dependencies: [DependencyHash], fileChecksums: [FileChecksum], taint: String? = nil
    ) -> (hash: String, dependencies: [DependencyHash], files: [FileChecksum]) {
        let orderedDependencies = dependencies.sorted {
            $0.task != $1.task ? pythonLess($0.task, $1.task) : pythonLess($0.taskhash, $1.taskhash)
        }
        let orderedFiles = fileChecksums.enumerated().sorted {
            let (a, b) = ($0.element.displayName, $1.element.displayName)
            return a != b ? pythonLess(a, b) : $0.offset < $1.offset  // Python's sort is stable
        }.map(\.element)
        var data = basehash
        for dependency in orderedDependencies { data += dependency.taskhash }
        for file in orderedFiles {
            guard let checksum = file.checksum, !checksum.isEmpty else { continue }
            if let relative = file.relativeName { data += relative }
            data += checksum
        }
        if let taint { data += taint.hasPrefix("nostamp:") ? String(taint.dropFirst(8)) : taint }
        return (sha256(data), orderedDependencies, orderedFiles)
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
