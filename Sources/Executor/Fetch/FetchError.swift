/// Why fetching, unpacking or patching a source failed.
///
/// Messages follow BitBake's fetcher exceptions (`bb.fetch2.FetchError`, `ChecksumError`,
/// `NetworkAccess`, `UnpackError`, ...) so logs read the same; `code` says which one it was.
public struct FetchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure. A struct over a private enum so kinds can be added without breaking
    /// exhaustive switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedURL, noMethod, missingParameter, invalidParameter, fetchFailed
            case checksumMismatch, missingChecksum, networkAccess, untrustedURL, unpackFailed
            case patchFailed, missingFile
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The URL cannot be parsed (`MalformedUrl`).
        public static let malformedURL = Code(.malformedURL)
        /// No fetcher handles the URL's scheme (`NoMethodError`).
        public static let noMethod = Code(.noMethod)
        /// A parameter the fetcher needs is absent (`MissingParameterError`).
        public static let missingParameter = Code(.missingParameter)
        /// A parameter has a value the fetcher refuses (`ParameterError`).
        public static let invalidParameter = Code(.invalidParameter)
        /// Downloading failed from every source (`FetchError`).
        public static let fetchFailed = Code(.fetchFailed)
        /// The download does not have the checksum the recipe expects (`ChecksumError`).
        public static let checksumMismatch = Code(.checksumMismatch)
        /// `BB_STRICT_CHECKSUM = "1"` and the recipe gives no checksum (`NoChecksumError`).
        public static let missingChecksum = Code(.missingChecksum)
        /// `BB_NO_NETWORK` forbids the network access the fetch needs (`NetworkAccess`).
        public static let networkAccess = Code(.networkAccess)
        /// The host is not in `BB_ALLOWED_NETWORKS` (`UntrustedUrl`).
        public static let untrustedURL = Code(.untrustedURL)
        /// Unpacking failed (`UnpackError`).
        public static let unpackFailed = Code(.unpackFailed)
        /// A patch did not apply.
        public static let patchFailed = Code(.patchFailed)
        /// A `file://` entry was found nowhere along `FILESPATH`.
        public static let missingFile = Code(.missingFile)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String
    /// The SRC_URI entry concerned, when there is one.
    public var url: String?

    public init(_ code: Code, _ message: String, url: String? = nil) {
        self.code = code
        self.message = message
        self.url = url
    }

    public var description: String { message }

    // MARK: BitBake's message shapes

    static func malformed(_ url: String, _ detail: String? = nil) -> FetchError {
        FetchError(.malformedURL, detail ?? "The URL: '\(url)' is invalid and cannot be interpreted", url: url)
    }

    static func failure(_ message: String, url: String?) -> FetchError {
        let text = url.map { "Fetcher failure for URL: '\($0)'. \(message)" } ?? "Fetcher failure: \(message)"
        return FetchError(.fetchFailed, text, url: url)
    }

    static func parameter(_ message: String, url: String) -> FetchError {
        FetchError(.invalidParameter, "URL: '\(url)' has invalid parameters. \(message)", url: url)
    }

    static func unpack(_ message: String, url: String) -> FetchError {
        FetchError(.unpackFailed, "Unpack failure for URL: '\(url)'. \(message)", url: url)
    }

    static func networkAccess(url: String, command: String) -> FetchError {
        FetchError(
            .networkAccess,
            "Network access disabled through BB_NO_NETWORK (or set indirectly due to use of BB_FETCH_PREMIRRORONLY)"
                + " but access requested with command \(command) (for url \(url))",
            url: url)
    }
}
