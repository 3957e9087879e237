/// Why a cache operation failed.
///
/// `code` says what kind of failure it was, so callers branch on it without parsing text;
/// `message` says what happened to which object, and `cause` carries the lower-level error
/// (an errno from a syscall, a codec failure under a corrupt entry) when there is one.
public struct CacheError: Error, Sendable, CustomStringConvertible {
    public var code: Code
    public var message: String
    public var cause: (any Error)?
    /// Where in bake the error was thrown, for bug reports.
    public var location: Location

    public init(
        _ code: Code, _ message: String, cause: (any Error)? = nil,
        function: String = #function, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.location = Location(function: function, file: file, line: line)
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }

    /// A throw site inside bake.
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        public var function: String
        public var file: String
        public var line: Int

        public var description: String { "\(function) (\(file):\(line))" }
    }
}

extension CacheError {
    /// What kind of failure a `CacheError` is. A struct over a private enum rather than a
    /// public enum, so that new codes can be added without breaking callers' `switch`es.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case invalidArgument
            case inputTooLarge
            case compressionFailed
            case decompressionFailed
            case corruptEntry
            case unsupportedEntry
            case notFound
            case io
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The caller passed something impossible: a malformed digest, an out-of-range level.
        public static let invalidArgument = Code(.invalidArgument)
        /// The input is larger than the codec can handle (lz4 blocks stop just under 2 GiB).
        public static let inputTooLarge = Code(.inputTooLarge)
        /// The codec refused to compress (out of memory, or a library fault).
        public static let compressionFailed = Code(.compressionFailed)
        /// Compressed input is malformed, truncated or decodes to an unexpected size.
        public static let decompressionFailed = Code(.decompressionFailed)
        /// A stored entry failed verification (header, decompression, size or SHA-256). The
        /// store has already removed it; the object is now simply absent.
        public static let corruptEntry = Code(.corruptEntry)
        /// A stored entry was written by a newer bake (format version or codec unknown here).
        /// It is left in place, since a newer bake sharing the store can still read it.
        public static let unsupportedEntry = Code(.unsupportedEntry)
        /// A file the caller named does not exist.
        public static let notFound = Code(.notFound)
        /// A file-system call failed; `cause` holds the errno.
        public static let io = Code(.io)

        public var description: String {
            switch value {
            case .invalidArgument: "invalid argument"
            case .inputTooLarge: "input too large"
            case .compressionFailed: "compression failed"
            case .decompressionFailed: "decompression failed"
            case .corruptEntry: "corrupt entry"
            case .unsupportedEntry: "unsupported entry"
            case .notFound: "not found"
            case .io: "I/O error"
            }
        }
    }
}
