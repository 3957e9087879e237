import Foundation

/// Fetches, unpacks and patches a recipe's SRC_URI as BitBake 2.19's `bb.fetch2.Fetch` and
/// OE-core's `do_unpack`/`do_patch` do.
///
/// The fetcher reads variables through a `FetchContext` (two lookups), so it works on any
/// datastore or on plain dictionaries. Variables used: SRC_URI, FILESPATH, DL_DIR, PREMIRRORS,
/// MIRRORS, BB_NO_NETWORK, BB_FETCH_PREMIRRORONLY, BB_ALLOWED_NETWORKS, BB_STRICT_CHECKSUM, PN,
/// SRCREV and SRCREV_<name>, GITDIR, BB_GIT_NOSHARED, BB_GIT_DEFAULT_DESTSUFFIX, UNPACKDIR, S,
/// SRCDATE/DATE (patch dates), BB_SIGNATURE_LOCAL_DIRS_EXCLUDE; flags SRC_URI[<name>.sha256sum].
///
/// Tools used: curl (downloads), git, tar/gzip/bzip2/xz/zstd/unzip (unpack), patch.
public struct Fetcher: Sendable {
    public let context: FetchContext
    /// The SRC_URI entries, in order.
    public let urls: [String]
    let entries: [FetchEntry]

    /// Prepares every entry of `urls` (default: SRC_URI split on whitespace).
    /// - Throws: `FetchError` for a malformed URL, an unknown scheme or a bad parameter.
    public init(urls: [String]? = nil, context: FetchContext) throws {
        self.context = context
        let list = urls ?? (context.variable("SRC_URI") ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        self.urls = list
        self.entries = try list.map { try FetchEntry(url: $0, context: context) }
    }

    /// Convenience over two closures.
    public init(
        urls: [String]? = nil, variable: @escaping @Sendable (String) -> String?,
        flag: @escaping @Sendable (String, String) -> String? = { _, _ in nil }
    ) throws {
        try self.init(urls: urls, context: FetchContext(variable: variable, flag: flag))
    }

    /// Where each entry is (or will be) once fetched, in SRC_URI order.
    public var localPaths: [String] { entries.map(\.localPath) }

    /// Fetches every entry: local files must exist; downloads go to DL_DIR through PREMIRRORS,
    /// upstream, then MIRRORS, with checksums verified and `.done` stamps written; git
    /// repositories become bare mirror clones under DL_DIR/git2.
    /// - Throws: `FetchError`: `.fetchFailed` when no source worked, `.checksumMismatch`,
    ///   `.networkAccess` when BB_NO_NETWORK forbids the access needed, `.missingChecksum`.
    public func fetch() throws {
        var missingChecksums: [String] = []
        for entry in entries {
            do {
                try withLock(entry) { try download(entry) }
            } catch let error as FetchError where error.code == .missingChecksum {
                missingChecksums.append(error.message)
            }
        }
        if !missingChecksums.isEmpty {
            throw FetchError(
                .missingChecksum,
                "Missing SRC_URI checksum, please add those to the recipe: \n" + missingChecksums.joined(separator: "\n"))
        }
    }

    /// `Fetch.download` for one entry.
    private func download(_ entry: FetchEntry) throws {
        var done = false
        if try verifyDoneStamp(entry) && !needsUpdate(entry) {
            done = true
        } else if tryPremirror(entry) {
            done = try tryMirrors(entry, lines: Self.mirrorLines(context.variable("PREMIRRORS"), log: context.log), context: context)
            if done {
                do {
                    try updateDoneStamp(entry)
                } catch let error as FetchError where error.code == .checksumMismatch {
                    context.log(
                        "WARNING: Checksum failure encountered with premirror download of \(entry.url) - will attempt other sources.")
                    done = false
                }
            }
        }

        var upstreamContext = context
        if try context.boolean("BB_FETCH_PREMIRRORONLY") {
            let base = context.variable
            upstreamContext.variable = { $0 == "BB_NO_NETWORK" ? "1" : base($0) }
        }
        var firstError: FetchError?
        var verified = false
        if done { verified = try verifyDoneStamp(entry, context: upstreamContext) }
        if try !done && (!verified || needsUpdate(entry)) {
            do {
                guard try trustedNetwork(entry.url, context: upstreamContext) else {
                    throw FetchError(.untrustedURL, "The URL: '\(entry.url)' is not trusted and cannot be used", url: entry.url)
                }
                try downloadUpstream(entry, context: upstreamContext)
                done = true
                try updateDoneStamp(entry, context: upstreamContext)
            } catch let error as FetchError where error.code == .networkAccess || error.code == .missingChecksum {
                throw error
            } catch let error as FetchError {
                if error.code == .checksumMismatch {
                    context.log(
                        "WARNING: Checksum failure encountered with download of \(entry.url) - will attempt other sources if available")
                    removeItem(entry.localPath)
                } else {
                    context.log("WARNING: Failed to fetch URL \(entry.url), attempting MIRRORS if available")
                }
                firstError = error
                done = false
                if !verified && cleansUpOnFailure(entry) { clean(entry) }
                done = try tryMirrors(
                    entry, lines: Self.mirrorLines(upstreamContext.variable("MIRRORS"), log: context.log), context: upstreamContext)
            }
        }
        if !done || !FileManager.default.fileExists(atPath: entry.localPath) {
            var message = "Unable to fetch URL from any source."
            if let firstError { message += "\n" + firstError.message }
            // The code says why the first source failed (checksum, missing file, ...).
            throw FetchError.failure(message, url: entry.url).with(code: firstError?.code ?? .fetchFailed)
        }
        try updateDoneStamp(entry, context: upstreamContext)
    }

    // MARK: Per-method dispatch

    func needsUpdate(_ entry: FetchEntry) throws -> Bool {
        switch entry.method {
        case .local, .http: return !FileManager.default.fileExists(atPath: entry.localPath)
        case .git: return try gitCloneNeedsUpdate(entry)
        }
    }

    func downloadUpstream(_ entry: FetchEntry, context: FetchContext) throws {
        switch entry.method {
        case .local: try checkLocalExists(entry)
        case .http: try httpDownload(entry, context: context)
        case .git: try gitDownload(entry, context: context)
        }
    }

    func tryPremirror(_ entry: FetchEntry) -> Bool {
        // A git clone already in DL_DIR is updated from upstream rather than replaced.
        if entry.method == .git, let git = entry.git, (try? context.boolean("BB_FETCH_PREMIRRORONLY")) != true,
            FileManager.default.fileExists(atPath: git.clonedir)
        {
            return (try? trustedNetwork(entry.url, context: context)) == false
        }
        return true
    }

    func cleansUpOnFailure(_ entry: FetchEntry) -> Bool { entry.method != .git }

    func clean(_ entry: FetchEntry) {
        if entry.method == .http { removeItem(entry.localPath) }
    }

    func removeItem(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    // MARK: Network policy

    /// `check_network_access`: BB_NO_NETWORK refuses, BB_ALLOWED_NETWORKS filters hosts.
    func checkNetworkAccess(url: String, command: String, context: FetchContext) throws {
        if try context.boolean("BB_NO_NETWORK") {
            throw FetchError.networkAccess(url: url, command: command)
        }
        if !(try trustedNetwork(url, context: context)) {
            throw FetchError(.untrustedURL, "The URL: '\(url)' is not trusted and cannot be used", url: url)
        }
    }

    /// `trusted_network`: true unless BB_ALLOWED_NETWORKS (or its [PN] flag) is set and the
    /// URL's host is neither listed nor under a listed `*.domain`.
    func trustedNetwork(_ url: String, context: FetchContext) throws -> Bool {
        if try context.boolean("BB_NO_NETWORK") { return true }
        var allowed: String?
        if let pn = context.value("PN") { allowed = context.flag("BB_ALLOWED_NETWORKS", pn) }
        if allowed?.isEmpty ?? true { allowed = context.value("BB_ALLOWED_NETWORKS") }
        guard let allowed, !allowed.isEmpty else { return true }
        let host = try FetchURL(decoding: url).host
        if host.isEmpty { return true }
        let network = (host.split(separator: ":").first.map(String.init) ?? host).lowercased()
        for item in allowed.split(separator: " ") {
            let trusted = item.lowercased()
            if trusted.hasPrefix("*.") && ("." + network).hasSuffix(trusted.dropFirst()) { return true }
            if trusted == network { return true }
        }
        return false
    }

    // MARK: Locking

    /// Holds `<DL_DIR>/<name>.lock` (flock) while `body` runs, so two tasks sharing DL_DIR do
    /// not download the same file at once.
    func withLock<T>(_ entry: FetchEntry, _ body: () throws -> T) throws -> T {
        guard let lockFile = entry.lockFile else { return try body() }
        try FileManager.default.createDirectory(
            atPath: (lockFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return try body() }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

extension FetchError {
    func with(code: Code) -> FetchError {
        var copy = self
        copy.code = code
        return copy
    }
}
