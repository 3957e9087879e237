import Foundation

extension FetchEntry {
    /// The git fetcher's `urldata_init`: protocol, branch, revision and the mangled clone name.
    static func gitDetails(
        _ decoded: FetchURL, parameters: URLParameters, name: String, url: String, context: FetchContext
    ) throws -> GitDetails {
        var proto = parameters["protocol"] ?? (decoded.host.isEmpty ? "file" : "git")
        if decoded.host == "github.com" && proto == "git" {
            proto = "https"
            context.log(
                "WARNING: URL: \(url) uses git protocol which is no longer supported by github. Please change to ;protocol=https in the url."
            )
        }
        guard ["git", "file", "ssh", "http", "https", "rsync"].contains(proto) else {
            throw FetchError.parameter("Invalid protocol type: '\(proto)'", url: url)
        }
        let usehead = parameters["usehead"] == "1"
        if usehead && proto != "file" {
            throw FetchError.parameter(
                "The usehead option is only for use with local ('protocol=file') git repositories", url: url)
        }
        let nobranch = parameters["nobranch"] == "1" || usehead
        let bareclone = parameters["bareclone"] == "1"
        let branch = parameters["branch"] ?? ""
        if branch.isEmpty && !nobranch {
            throw FetchError.parameter("The url does not set any branch parameter or set nobranch=1.", url: url)
        }
        var revision = try srcrev(name: name, parameters: parameters, url: url, context: context)
        var unresolved = usehead ? "HEAD" : branch
        if revision == "AUTOINC" {
            revision = ""
        } else if !isGitHash(revision) {
            unresolved = revision
            revision = ""
        }

        var mangled = decoded.host.replacingOccurrences(of: ":", with: ".")
        for char in decoded.path {
            switch char {
            case "/", "*": mangled.append(".")
            case " ", "(", ")": mangled.append("_")
            default: mangled.append(char)
            }
        }
        if mangled.hasPrefix(".") { mangled.removeFirst() }
        if parameters["rebaseable"] == "1" { mangled += "_" + revision }

        let dlDir = try context.downloadDirectory(for: url)
        let gitDir = context.value("GITDIR") ?? dlDir + "/git2"
        let userPart = decoded.user.isEmpty ? "" : decoded.user + "@"
        return GitDetails(
            proto: proto, branch: branch, nobranch: nobranch,
            nocheckout: parameters["nocheckout"] == "1" || bareclone,
            noshared: context.value("BB_GIT_NOSHARED") == "1", name: name, revision: revision,
            unresolved: unresolved, clonedir: gitDir + "/" + mangled,
            fullMirror: dlDir + "/git2_\(mangled).tar.gz",
            repoURL: "\(proto)://\(userPart)\(decoded.host)\(PercentCoding.quote(decoded.path))")
    }

    /// `srcrev_internal_helper`: SRCREV_<name>:pn-<PN>, SRCREV_<name>, SRCREV:pn-<PN>, SRCREV,
    /// then the `rev`/`tag` URL parameters.
    static func srcrev(name: String, parameters: URLParameters, url: String, context: FetchContext) throws -> String {
        let pn = context.value("PN")
        var attempts: [String] = []
        if !name.isEmpty, let pn { attempts.append("SRCREV_\(name):pn-\(pn)") }
        if !name.isEmpty { attempts.append("SRCREV_\(name)") }
        if let pn { attempts.append("SRCREV:pn-\(pn)") }
        attempts.append("SRCREV")
        var srcrev: String?
        for attempt in attempts {
            srcrev = context.value(attempt)
            if let srcrev, srcrev != "INVALID" { break }
        }
        let unset = srcrev == nil || srcrev == "INVALID"
        if let rev = parameters["rev"] {
            if unset { return rev }
            if srcrev != rev {
                throw FetchError.failure(
                    "Conflicting revisions (\(srcrev!) from SRCREV and \(rev) from the url) found, please specify one valid value",
                    url: nil)
            }
            return rev
        }
        if let tag = parameters["tag"], unset { return tag }
        guard let srcrev, !unset else {
            let names = "[" + attempts.map { "'\($0)'" }.joined(separator: ", ") + "]"
            throw FetchError.failure(
                "Please set a valid SRCREV for url \(url) (possible key names are \(names), or use a ;rev=X URL parameter)",
                url: url)
        }
        return srcrev
    }

    /// `^[0-9a-f]{40,64}$`: a SHA-1 or SHA-256 object name.
    static func isGitHash(_ text: String) -> Bool {
        (40...64).contains(text.count) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
