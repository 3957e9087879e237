import Foundation

/// One SRC_URI entry made ready to fetch: BitBake's `FetchData` for the three fetchers bake has
/// (local `file://`, wget-style `http(s)://`/`ftp://`, `git://`).
struct FetchEntry: Sendable {
    enum Method: Sendable { case local, http, git }

    /// The entry as written in SRC_URI.
    let url: String
    let decoded: FetchURL
    let method: Method
    /// Where the fetched thing is: the file along FILESPATH, the file in DL_DIR, or the bare
    /// clone in DL_DIR/git2.
    var localPath: String
    /// `<DL_DIR>/<name>.done`; `nil` for local files, which need no stamp.
    let doneStamp: String?
    let lockFile: String?
    /// For local files: every FILESPATH candidate tried, the last being `localPath`.
    let searchPaths: [String]
    /// Checksums from the recipe: id -> (name as written in SRC_URI[...], expected value).
    let checksums: [String: (name: String, expected: String?)]
    /// Mirrors are fetched without checksum checks; the original entry is verified afterwards.
    var ignoreChecksums = false
    /// Tarball names a mirror may offer instead (git: `git2_<name>.tar.gz`).
    let mirrorTarballs: [String]
    let git: GitDetails?

    struct GitDetails: Sendable {
        var proto: String
        var branch: String
        var nobranch: Bool
        var nocheckout: Bool
        var noshared: Bool
        var name: String
        /// The revision as the recipe gives it; a commit hash, or a branch/tag to resolve.
        var revision: String
        /// What to resolve when `revision` is not a hash.
        var unresolved: String
        var clonedir: String
        var fullMirror: String
        var repoURL: String
    }

    static let checksumTypes = ["http", "https", "ftp", "ftps", "sftp", "s3", "az", "crate", "gs", "gomod", "npm"]

    init(url: String, context: FetchContext) throws {
        self.url = url
        let decoded = try FetchURL(decoding: url)
        self.decoded = decoded
        var parameters = decoded.parameters
        let name = parameters["name"] ?? "default"
        if name.contains(",") {
            throw FetchError.parameter("The fetcher no longer supports multiple name parameters in a single url", url: url)
        }
        switch decoded.type {
        case "file": method = .local
        case "http", "https", "ftp", "ftps": method = .http
        case "git": method = .git
        default: throw FetchError(.noMethod, "Could not find a fetcher which supports the URL: '\(url)'", url: url)
        }
        if parameters["proto"] != nil && !parameters.contains("protocol") {
            context.log("WARNING: Consider updating the recipe to use \"protocol\" not \"proto\" in SRC_URI.")
            parameters["protocol"] = parameters["proto"]
        }

        var localFile = ""
        var basename = ""
        var searchPaths: [String] = []
        var git: GitDetails?
        var tarballs: [String] = []
        switch method {
        case .local:
            basename = (decoded.path as NSString).lastPathComponent
            if decoded.path.contains("*") {
                throw FetchError.parameter(
                    "file:// urls using globbing are no longer supported. Please place the files in a directory and reference that instead.",
                    url: url)
            }
            searchPaths = Self.localSearchPaths(decoded.path, filespath: context.value("FILESPATH"))
        case .http:
            if parameters["protocol"] == "git" {
                throw FetchError.parameter(
                    "Invalid protocol - if you wish to fetch from a git repository using http, you need to instead use the git:// prefix with protocol=http",
                    url: url)
            }
            basename = parameters["downloadfilename"] ?? (decoded.path as NSString).lastPathComponent
            localFile = basename.isEmpty ? decoded.host + decoded.path.replacingOccurrences(of: "/", with: ".") : basename
        case .git:
            let details = try Self.gitDetails(decoded, parameters: parameters, name: name, url: url, context: context)
            git = details
            localFile = details.clonedir
            tarballs = [(details.fullMirror as NSString).lastPathComponent]
        }
        self.git = git
        self.searchPaths = searchPaths
        self.mirrorTarballs = tarballs

        var checksums: [String: (name: String, expected: String?)] = [:]
        for id in FileDigests.ids {
            let plain = "\(id)sum"
            var checksumName = parameters.contains("name") ? "\(name).\(id)sum" : plain
            let expected: String?
            if let given = parameters[checksumName] {
                expected = given
            } else if let given = parameters[plain] {
                expected = given
                checksumName = plain
            } else if !Self.checksumTypes.contains(decoded.type) {
                expected = nil
            } else {
                expected = context.flag("SRC_URI", checksumName)
            }
            checksums[id] = (checksumName, expected?.isEmpty == true ? nil : expected)
        }
        self.checksums = checksums

        if let given = parameters["localpath"] {
            localPath = given
        } else {
            switch method {
            case .local:
                guard let last = searchPaths.last else {
                    throw FetchError(
                        .missingFile, "Unable to find file \(url): FILESPATH is empty and the path is relative", url: url)
                }
                localPath = last
            case .http: localPath = try context.downloadDirectory(for: url) + "/" + localFile
            case .git: localPath = localFile
            }
        }

        if method == .local {
            doneStamp = nil
            lockFile = nil
        } else {
            let dlDir = try context.downloadDirectory(for: url)
            let base = localPath.hasPrefix(dlDir) ? localPath : dlDir + "/" + (localPath as NSString).lastPathComponent
            doneStamp = base + ".done"
            lockFile = base + ".lock"
        }
    }

    /// `Local.localfile_searchpaths`: an absolute path as is, otherwise each FILESPATH
    /// directory joined with the path up to the first that exists (`bb.utils.which` history).
    static func localSearchPaths(_ path: String, filespath: String?) -> [String] {
        if path.hasPrefix("/") { return [path] }
        guard let filespath else { return [] }
        var history: [String] = []
        for directory in filespath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = directory.isEmpty ? path : Self.join(String(directory), path)
            history.append(candidate)
            if FileManager.default.fileExists(atPath: candidate) { break }
        }
        return history
    }

    /// `os.path.join(a, b)` for a relative `b`.
    static func join(_ directory: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Can the fetched thing be checksummed (a file, not a directory or a clone)?
    var supportsChecksum: Bool {
        guard method != .git else { return false }
        var isDirectory: ObjCBool = false
        return !(FileManager.default.fileExists(atPath: localPath, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    var parameters: URLParameters { decoded.parameters }
}
